// Issue 10c: a session's times are bounded (opening within a year, not long past; at most 24 hours
// long; closing after opening), so no link can carry a date the join page cannot show.
import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { ORIGIN, signInStaff } from './support'

const HOUR = 3600_000
const DAY = 24 * HOUR

async function attempt(times: Record<string, unknown>) {
  const staff = await signInStaff()
  const title = `Times ${crypto.randomUUID()}`
  const res = await staff.api('/api/sessions', {
    body: { kind: 'group', title, agreement: 'A.', lobby: false, ...times },
  })
  const body = (await res.json()) as { error?: string; message?: string }
  const list = (await (await staff.api('/api/sessions')).json()) as { sessions: { title: string }[] }
  return { status: res.status, body, created: list.sessions.filter((s) => s.title === title).length }
}

describe('session times are bounded', () => {
  it('refuses a closing time near 8.7e15 (a date no browser can show), creating nothing', async () => {
    const r = await attempt({ opensAt: 8.7e15 - HOUR, closesAt: 8.7e15 })
    expect(r.status).toBe(400)
    expect(r.body.message).toMatch(/within a year/)
    expect(r.created).toBe(0)
  })

  it('refuses an opening more than a year ahead', async () => {
    const opensAt = Date.now() + 366 * DAY
    const r = await attempt({ opensAt, closesAt: opensAt + HOUR })
    expect(r.status).toBe(400)
    expect(r.body.message).toMatch(/within a year/)
    expect(r.created).toBe(0)
  })

  it('refuses an opening long past, a session longer than 24 hours, and a closing before opening', async () => {
    const now = Date.now()
    const past = await attempt({ opensAt: 0, closesAt: now + HOUR })
    expect(past.status).toBe(400)
    expect(past.body.message).toMatch(/too far in the past/)
    const long = await attempt({ opensAt: now, closesAt: now + DAY + 60_000 })
    expect(long.status).toBe(400)
    expect(long.body.message).toMatch(/at most 24 hours/)
    const backwards = await attempt({ opensAt: now + 2 * HOUR, closesAt: now + HOUR })
    expect(backwards.status).toBe(400)
    expect(backwards.body.message).toMatch(/after the opening/)
    expect(past.created + long.created + backwards.created).toBe(0)
  })

  it('refuses times that are not whole numbers of milliseconds (1e400 is Infinity in JSON)', async () => {
    const staff = await signInStaff()
    const body = `{"kind":"group","title":"Infinite","opensAt":${Date.now()},"closesAt":1e400}`
    const res = await SELF.fetch(`${ORIGIN}/api/sessions`, { method: 'POST', headers: staff.headers, body })
    expect(res.status).toBe(400)
  })

  it('still accepts a session opening in eleven months and lasting 24 hours', async () => {
    const opensAt = Date.now() + 330 * DAY
    const r = await attempt({ opensAt, closesAt: opensAt + DAY })
    expect(r.status).toBe(201)
    expect(r.created).toBe(1)
  })
})

