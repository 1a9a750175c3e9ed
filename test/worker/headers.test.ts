// Invariant 10 — strict web headers on every kind of response: pages, API answers and errors. The
// only third-party origin the CSP may name is the configured LiveKit host.
import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../worker/middleware/security-headers'
import type { Env } from '../../worker/env'
import { ORIGIN } from './support'

const routes: [string, string][] = [
  ['GET', '/'],
  ['GET', '/j'],
  ['GET', '/staff'],
  ['GET', '/api/config'],
  ['GET', '/api/staff/me'],
  ['POST', '/api/redeem'],
  ['POST', '/api/passkeys/login/options'],
  ['GET', '/api/nothing-here'],
  ['GET', '/api/rooms/not-a-session/socket'],
  // Every other route of worker/app.ts, signed out: errors must carry the headers too.
  ['GET', '/setup'],
  ['GET', '/staff/join'],
  ['POST', '/api/passkeys/register/options'],
  ['POST', '/api/passkeys/register/verify'],
  ['POST', '/api/passkeys/login/verify'],
  ['POST', '/api/passkeys/logout'],
  ['POST', '/api/staff/invites'],
  ['GET', '/api/sessions'],
  ['POST', '/api/sessions'],
  ['POST', '/api/sessions/AAAAAAAAAAAAAAAAAAAAAA/invites'],
  ['POST', '/api/sessions/AAAAAAAAAAAAAAAAAAAAAA/host'],
  ['POST', '/api/sessions/AAAAAAAAAAAAAAAAAAAAAA/end'],
  ['GET', '/api/org/settings'],
  ['PUT', '/api/org/settings'],
  ['POST', '/api/livekit/webhook'],
  ['GET', '/api/rooms/AAAAAAAAAAAAAAAAAAAAAA/socket'],
]

/** Every scheme://host origin named anywhere in a CSP. */
const originsIn = (csp: string) =>
  [...csp.matchAll(/([a-z][a-z0-9+.-]*):\/\/([^\s;]+)/gi)].map((m) => m[0])

/** The origins the CSP may name for a LiveKit URL: ws/wss and http/https of its host, nothing else. */
const allowedFor = (livekitUrl: string | undefined) => {
  if (!livekitUrl) return []
  const host = new URL(livekitUrl).host
  return ['ws', 'wss', 'http', 'https'].map((scheme) => `${scheme}://${host}`)
}

describe('security headers', () => {
  it.each(routes)('%s %s carries the strict headers', async (method, path) => {
    const res = await SELF.fetch(`${ORIGIN}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'POST' || method === 'PUT' ? '{}' : undefined,
    })
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*/)
    const allowed = allowedFor(env.LIVEKIT_URL)
    for (const origin of originsIn(csp)) expect(allowed).toContain(origin)
    // LiveKit's origins go in connect-src only.
    for (const directive of csp.split(';').filter((d) => !d.trim().startsWith('connect-src'))) {
      expect(originsIn(directive)).toEqual([])
    }
    expect(csp).toContain("frame-ancestors 'none'")
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
    expect(res.headers.get('permissions-policy')).toBe(
      'camera=(self), microphone=(self), geolocation=(), display-capture=(self)',
    )
    // No MIME sniffing, no framing by old browsers that ignore frame-ancestors, no opener.
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin')
    expect(res.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains')
    expect(res.status).toBeLessThan(500)
  })

  const policyFor = (url: string | undefined) =>
    contentSecurityPolicy({ ...env, LIVEKIT_URL: url } as Env)

  it.each([
    ['wss://havre.livekit.cloud', ['wss://havre.livekit.cloud', 'https://havre.livekit.cloud']],
    ['https://lk.example.org', ['wss://lk.example.org', 'https://lk.example.org']],
    // livekit-server --dev: the browser connects over ws://, which a wss:// source would block.
    ['ws://localhost:7880', ['ws://localhost:7880', 'http://localhost:7880']],
    [undefined, []],
    ['not a url', []],
  ])('names only the LiveKit host %s in connect-src', (url, expected) => {
    const csp = policyFor(url)
    expect(originsIn(csp).sort()).toEqual([...expected].sort())
    const connect = csp.split(';').find((d) => d.trim().startsWith('connect-src'))!
    expect(connect.trim()).toBe(["connect-src 'self'", ...expected].join(' '))
  })
})
