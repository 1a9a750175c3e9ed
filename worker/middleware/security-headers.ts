// Strict web headers on every response (DESIGN invariant 10).
import { createMiddleware } from 'hono/factory'
import type { AppEnv, Env } from '../env'

/**
 * The LiveKit origins the browser may reach, or none when not configured: wss:// and https:// for
 * a secure LiveKit URL, ws:// and http:// for a local one (livekit-server --dev on ws://localhost).
 */
function livekitOrigins(env: Env): string[] {
  if (!env.LIVEKIT_URL) return []
  try {
    const url = new URL(env.LIVEKIT_URL)
    const host = url.host
    const secure = url.protocol === 'wss:' || url.protocol === 'https:'
    return secure ? [`wss://${host}`, `https://${host}`] : [`ws://${host}`, `http://${host}`]
  } catch {
    return []
  }
}

export function contentSecurityPolicy(env: Env): string {
  const connect = ["'self'", ...livekitOrigins(env)].join(' ')
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** A build file Vite named by its content hash (`/assets/name-Hash1234.js`), served as itself. */
const HASHED_ASSET = /^\/assets\/[A-Za-z0-9_.-]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/
export const isHashedAsset = (path: string, status: number, contentType: string | null) =>
  status === 200 && HASHED_ASSET.test(path) && !(contentType ?? '').startsWith('text/html')

export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  if (c.res.status === 101) return
  // Responses from the assets binding or a Durable Object have immutable headers.
  c.res = new Response(c.res.body, c.res)
  const h = c.res.headers
  h.set('Content-Security-Policy', contentSecurityPolicy(c.env))
  h.set('Referrer-Policy', 'no-referrer')
  h.set('X-Content-Type-Options', 'nosniff')
  h.set('X-Frame-Options', 'DENY')
  h.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains')
  h.set('Permissions-Policy', 'camera=(self), microphone=(self), geolocation=(), display-capture=(self)')
  h.set('Cross-Origin-Opener-Policy', 'same-origin')
  // Hashed build assets may be cached; everything else can carry session state. An unknown
  // /assets/ path answered with the app page (the single-page fallback) is not one of them.
  const immutable = isHashedAsset(c.req.path, c.res.status, h.get('content-type'))
  h.set('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-store')
})
