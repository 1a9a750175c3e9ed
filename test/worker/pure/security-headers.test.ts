// Invariant 10 — every strict web header, asserted one by one with its exact value, on the
// middleware itself: pages, API answers, errors, immutable assets, and the LiveKit origin rules.
// (test/worker/headers.test.ts checks the same headers on every real route of the Worker.)
// Pure: runs in the Workers suite and in Node for mutation testing.
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { describe, expect, it } from 'vitest'
import type { AppEnv, Env } from '../../../worker/env'
import { contentSecurityPolicy, isHashedAsset, securityHeaders } from '../../../worker/middleware/security-headers'

const CSP_NO_LIVEKIT = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/** The headers every response carries, whatever it is. */
const STRICT: Record<string, string> = {
  'content-security-policy': CSP_NO_LIVEKIT,
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
  'permissions-policy': 'camera=(self), microphone=(self), geolocation=(), display-capture=(self)',
  'cross-origin-opener-policy': 'same-origin',
}

function app() {
  const a = new Hono<AppEnv>()
  a.use(securityHeaders)
  a.get('/', (c) => c.html('<p>page</p>'))
  a.get('/api/thing', (c) => c.json({ ok: true }))
  a.get('/api/fail', () => {
    throw new HTTPException(403, { message: 'no' })
  })
  // A Vite build file (name, then an 8+ character content hash), and what only looks like one.
  a.get('/assets/app-Ab12_c-9.js', (c) => c.text('js'))
  a.get('/assets/app-1234.js', (c) => c.text('js'))
  a.get('/assets/sub/app-Ab12_c-9.js', (c) => c.text('js'))
  a.get('/assets/app-Ab12Cd34', (c) => c.text('js'))
  // The single-page fallback: an unknown /assets/ path answered with the app page.
  a.get('/assets/gone-Ab12Cd34.js', (c) => c.html('<p>app</p>'))
  a.get('/assets/missing-Ab12Cd34.js', (c) => c.text('missing', 404))
  a.get('/assets/missing.js', (c) => c.text('missing', 404))
  a.get('/not-assets/x.js', (c) => c.text('x'))
  // Responses from the assets binding or a Durable Object have immutable headers.
  a.get('/frozen', () => {
    const res = new Response('frozen', { headers: { 'x-from': 'binding' } })
    Object.freeze(res.headers)
    return res
  })
  a.get('/socket', () => {
    // A WebSocket upgrade answer (status 101), which Node cannot construct: the middleware must
    // hand it back untouched, not rebuild it.
    const res = new Response(null, { status: 200 })
    Object.defineProperty(res, 'status', { value: 101 })
    return res
  })
  return a
}

const env = (livekit?: string) => ({ LIVEKIT_URL: livekit }) as Env
const get = (path: string, livekit?: string) => app().request(path, {}, env(livekit))

describe('strict web headers (invariant 10)', () => {
  it.each(['/', '/api/thing', '/api/fail', '/assets/missing.js', '/not-assets/x.js', '/frozen', '/nowhere'])(
    '%s carries every strict header, and no-store',
    async (path) => {
      const res = await get(path)
      for (const [name, value] of Object.entries(STRICT)) expect(res.headers.get(name), name).toBe(value)
      expect(res.headers.get('cache-control')).toBe('no-store')
    },
  )

  it('nosniff and X-Frame-Options: DENY are on every response', async () => {
    for (const path of ['/', '/api/thing', '/api/fail', '/assets/app-Ab12_c-9.js', '/nowhere']) {
      const res = await get(path)
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('x-frame-options'), path).toBe('DENY')
    }
  })

  it('only a hashed asset that exists may be cached', async () => {
    const res = await get('/assets/app-Ab12_c-9.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    for (const [name, value] of Object.entries(STRICT)) expect(res.headers.get(name), name).toBe(value)
  })

  it.each([
    ['a hash shorter than 8 characters', '/assets/app-1234.js'],
    ['a sub-folder', '/assets/sub/app-Ab12_c-9.js'],
    ['no extension', '/assets/app-Ab12Cd34'],
    ['the app page served for an unknown asset', '/assets/gone-Ab12Cd34.js'],
    ['a hashed name not found (404)', '/assets/missing-Ab12Cd34.js'],
    ['no hash, not found', '/assets/missing.js'],
  ])('%s is never cached (no-store)', async (_what, path) => {
    const res = await get(path)
    expect(res.headers.get('cache-control'), path).toBe('no-store')
    for (const [name, value] of Object.entries(STRICT)) expect(res.headers.get(name), name).toBe(value)
  })

  it('isHashedAsset: a 200 non-HTML answer at /assets/<name>-<hash>.<ext> only', () => {
    expect(isHashedAsset('/assets/index-BkX3_9aZ.js', 200, 'text/javascript')).toBe(true)
    expect(isHashedAsset('/assets/index-Qm2h7-Lp.css', 200, 'text/css; charset=utf-8')).toBe(true)
    expect(isHashedAsset('/assets/a.b-Qm2h7-Lp.woff2', 200, null)).toBe(true)
    expect(isHashedAsset('/assets/index-BkX3_9aZ.js', 200, 'text/html; charset=utf-8')).toBe(false)
    expect(isHashedAsset('/assets/index-BkX3_9aZ.js', 404, 'text/javascript')).toBe(false)
    expect(isHashedAsset('/assets/index-BkX3_9aZ.js', 304, 'text/javascript')).toBe(false)
    expect(isHashedAsset('/assets/index-BkX3_9a.js', 200, 'text/javascript')).toBe(false)
    expect(isHashedAsset('/assets/-BkX3_9aZ.js', 200, 'text/javascript')).toBe(false)
    expect(isHashedAsset('/assets/index-BkX3_9aZ.JS', 200, 'text/javascript')).toBe(false)
    expect(isHashedAsset('/x/assets/index-BkX3_9aZ.js', 200, 'text/javascript')).toBe(false)
    expect(isHashedAsset('/assets/index-BkX3_9aZ.js/x', 200, 'text/javascript')).toBe(false)
    expect(isHashedAsset('/assets/in dex-BkX3_9aZ.js', 200, 'text/javascript')).toBe(false)
    expect(isHashedAsset('/assets/index-BkX3+9aZ.js', 200, 'text/javascript')).toBe(false)
    expect(isHashedAsset('/assets/../j-BkX3_9aZ.js', 200, 'text/javascript')).toBe(false)
  })

  it('keeps the body, status and headers of the answer it decorates', async () => {
    const page = await get('/')
    expect(page.status).toBe(200)
    expect(await page.text()).toBe('<p>page</p>')
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    const frozen = await get('/frozen')
    expect(frozen.headers.get('x-from')).toBe('binding')
    expect(await frozen.text()).toBe('frozen')
    expect((await get('/api/fail')).status).toBe(403)
  })

  it('a WebSocket upgrade (101) is handed back untouched', async () => {
    const res = await get('/socket')
    expect(res.status).toBe(101)
    expect(res.headers.get('content-security-policy')).toBeNull()
  })

  it.each([
    ['wss://lk.example.org', "connect-src 'self' wss://lk.example.org https://lk.example.org"],
    ['https://lk.example.org:8443/path', "connect-src 'self' wss://lk.example.org:8443 https://lk.example.org:8443"],
    ['ws://localhost:7880', "connect-src 'self' ws://localhost:7880 http://localhost:7880"],
    ['http://127.0.0.1:7880', "connect-src 'self' ws://127.0.0.1:7880 http://127.0.0.1:7880"],
    ['', "connect-src 'self'"],
    [undefined, "connect-src 'self'"],
    ['not a url', "connect-src 'self'"],
  ])('the CSP names LiveKit %s in connect-src only', async (url, connect) => {
    const csp = contentSecurityPolicy(env(url))
    expect(csp).toBe(CSP_NO_LIVEKIT.replace("connect-src 'self'", connect))
    expect((await get('/', url)).headers.get('content-security-policy')).toBe(csp)
  })
})
