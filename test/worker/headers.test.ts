// Invariant 10 — strict web headers on every kind of response: pages, API answers and errors.
import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
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
]

describe('security headers', () => {
  it.each(routes)('%s %s carries the strict headers', async (method, path) => {
    const res = await SELF.fetch(`${ORIGIN}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'POST' ? '{}' : undefined,
    })
    const csp = res.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:\/\/|\*/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
    expect(res.headers.get('permissions-policy')).toContain('camera=(self)')
    expect(res.status).toBeLessThan(500)
  })
})
