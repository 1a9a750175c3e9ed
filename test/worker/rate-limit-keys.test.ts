// Issue 14: a rate limit is keyed only by the address the platform saw (cf-connecting-ip). Headers
// the client chooses (X-Forwarded-For, X-Real-IP, True-Client-IP) never give a fresh limit.
import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { ORIGIN, RATE_WINDOW, withinOneRateWindow } from './support'

const token = () => crypto.randomUUID().replace(/-/g, 'y').padEnd(43, 'x')

const redeemFrom = (address: string, extra: Record<string, string> = {}) =>
  SELF.fetch(`${ORIGIN}/api/redeem`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'cf-connecting-ip': address, ...extra },
    body: JSON.stringify({ token: token() }),
  })

const spoofs = (i: number): Record<string, string>[] => [
  { 'x-forwarded-for': `198.18.${i}.1` },
  { 'x-real-ip': `198.18.${i}.2` },
  { 'true-client-ip': `198.18.${i}.3` },
  { 'x-forwarded-for': `198.18.${i}.4, 192.0.2.200`, 'x-real-ip': `198.18.${i}.5` },
]

describe('rate-limit keys come only from cf-connecting-ip', () => {
  it('after redemption is limited, another X-Forwarded-For or X-Real-IP is still 429', RATE_WINDOW, async () => {
    await withinOneRateWindow()
    const address = '203.0.113.140'
    for (let i = 0; i < 20; i++) expect((await redeemFrom(address)).status).toBe(404)
    for (const headers of spoofs(1)) {
      const res = await redeemFrom(address, headers)
      expect(res.status).toBe(429)
      expect(((await res.json()) as { message: string }).message).toMatch(/wait a minute/)
    }
  })

  it('a forwarded-for header that changes on every try does not spread the limit', RATE_WINDOW, async () => {
    await withinOneRateWindow()
    const address = '203.0.113.141'
    const statuses: number[] = []
    for (let i = 0; i < 24; i++) statuses.push((await redeemFrom(address, spoofs(i)[i % 4]!)).status)
    expect(statuses.slice(0, 20).every((s) => s === 404)).toBe(true)
    expect(statuses.slice(20)).toEqual([429, 429, 429, 429])
  })

  it('a spoofed header naming a fresh address does not lift the limit of WebSocket upgrades', RATE_WINDOW, async () => {
    await withinOneRateWindow()
    const address = '203.0.113.142'
    const upgrade = (extra: Record<string, string> = {}) =>
      SELF.fetch(`${ORIGIN}/api/rooms/${'k'.repeat(22)}/socket`, {
        headers: {
          upgrade: 'websocket',
          'sec-websocket-protocol': 'havre.v1, seat.a.b',
          'cf-connecting-ip': address,
          ...extra,
        },
      }).then((res) => {
        res.webSocket?.accept()
        res.webSocket?.close(1000, 'bye')
        return res.status
      })
    for (let i = 0; i < 60; i++) expect(await upgrade()).toBe(101)
    for (const headers of spoofs(2)) expect(await upgrade(headers)).toBe(429)
  })
})
