// Guessing and flooding: redemption and staff sign-in are rate limited per connection, keyed by a
// salted hash so no address is stored; other connections are not affected.
import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { ORIGIN, RATE_WINDOW, withinOneRateWindow } from './support'

const post = (path: string, address: string, body: unknown) =>
  SELF.fetch(`${ORIGIN}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': address },
    body: JSON.stringify(body),
  })

describe('rate limits', () => {
  it('a connection guessing links is stopped after 20 tries a minute; another is not', RATE_WINDOW, async () => {
    await withinOneRateWindow()
    const statuses: number[] = []
    for (let i = 0; i < 25; i++) {
      const res = await post('/api/redeem', '203.0.113.7', { token: crypto.randomUUID().padEnd(43, 'x').replace(/-/g, 'y') })
      statuses.push(res.status)
    }
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true)
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true)
    const limited = await post('/api/redeem', '203.0.113.7', { token: 'A'.repeat(43) })
    expect(((await limited.json()) as { message: string }).message).toMatch(/wait a minute/)
    expect((await post('/api/redeem', '198.51.100.9', { token: 'A'.repeat(43) })).status).toBe(404)
  })

  it('staff sign-in attempts are limited to 10 a minute per connection', RATE_WINDOW, async () => {
    await withinOneRateWindow()
    const statuses: number[] = []
    for (let i = 0; i < 12; i++) statuses.push((await post('/api/passkeys/login/options', '192.0.2.44', {})).status)
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true)
    expect(statuses.slice(10)).toEqual([429, 429])
  })
})
