// Issue 12, bug 6: details a black-box probe found at the edge. IPv6 clients are limited by their
// /64, not per address; only real hashed build files under /assets/ are cached as immutable.
import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { isHashedAsset } from '../../worker/middleware/security-headers'
import { rateLimitSubject } from '../../worker/middleware/rate-limit'
import { ORIGIN, RATE_WINDOW, withinOneRateWindow } from './support'

const redeemFrom = (address: string) =>
  SELF.fetch(`${ORIGIN}/api/redeem`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': address },
    body: JSON.stringify({ token: 'B'.repeat(43) }),
  })

describe('rate limits by network, not by address', () => {
  it('30 addresses of one IPv6 /64 share one limit; another /64 is not affected', RATE_WINDOW, async () => {
    await withinOneRateWindow()
    const statuses: number[] = []
    for (let i = 1; i <= 30; i++) statuses.push((await redeemFrom(`2001:db8:77:1:${i.toString(16)}::${i}`)).status)
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true)
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true)
    expect((await redeemFrom('2001:db8:77:2::1')).status).toBe(404)
  })

  it('an IPv6 address is keyed by its first 64 bits, however it is written', () => {
    const subject = rateLimitSubject('2001:db8:77:1:aaaa:bbbb:cccc:dddd')
    expect(subject).toBe('2001:db8:77:1::/64')
    expect(rateLimitSubject('2001:0DB8:0077:0001::1')).toBe(subject)
    expect(rateLimitSubject('2001:db8:77:1::ffff%eth0')).toBe(subject)
    expect(rateLimitSubject('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(rateLimitSubject('::ffff:203.0.113.9')).toBe('203.0.113.9')
    expect(rateLimitSubject('203.0.113.9')).toBe('203.0.113.9')
    expect(rateLimitSubject('2001:db8:77:2::1')).not.toBe(subject)
  })
})

describe('immutable caching is for real hashed build files only', () => {
  it('an unknown /assets/ path is never cached immutable', async () => {
    for (const path of ['/assets/x', '/assets/app-AbCd1234.js', '/assets/../j', '/assets/']) {
      const res = await SELF.fetch(`${ORIGIN}${path}`)
      await res.arrayBuffer()
      expect(res.headers.get('cache-control'), path).toBe('no-store')
    }
  })

  it('a hashed build file is, and the app page under an asset name is not', () => {
    expect(isHashedAsset('/assets/index-BkX3_9aZ.js', 200, 'text/javascript')).toBe(true)
    expect(isHashedAsset('/assets/index-Qm2h7-Lp.css', 200, 'text/css; charset=utf-8')).toBe(true)
    expect(isHashedAsset('/assets/index-BkX3_9aZ.js', 200, 'text/html; charset=utf-8')).toBe(false)
    expect(isHashedAsset('/assets/index-BkX3_9aZ.js', 404, 'text/javascript')).toBe(false)
    expect(isHashedAsset('/assets/x', 200, 'text/javascript')).toBe(false)
    expect(isHashedAsset('/j', 200, 'text/html')).toBe(false)
  })
})
