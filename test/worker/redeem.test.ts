// Invariant 1 — one-time links: random, stored hashed, redeemed at most once even under a race.
import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../../worker/lib/crypto'
import { roomFor } from '../../worker/room/stub'
import { SEAT_PREFIX } from '../../worker/room/state'
import { createLinks, createSession, ORIGIN, redeem, signInStaff } from './support'
import { SELF } from 'cloudflare:test'

const inviteRow = (token: string) =>
  sha256Hex(token).then((h) =>
    env.DB.prepare('SELECT * FROM invites WHERE token_hash = ?').bind(h).first<Record<string, unknown>>(),
  )

describe('one-time links', () => {
  it('have 256 random bits and only their SHA-256 is stored', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff)
    const tokens = await createLinks(staff, session.id, 50)
    expect(new Set(tokens).size).toBe(50)
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const dump = JSON.stringify(
      (await env.DB.prepare('SELECT * FROM invites WHERE session_id = ?').bind(session.id).all()).results,
    )
    for (const t of tokens) {
      expect(dump).not.toContain(t)
      expect(dump).toContain(await sha256Hex(t))
    }
  })

  it('50 concurrent redemptions of one link give exactly one seat', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff)
    const [token] = await createLinks(staff, session.id)
    const answers = await Promise.all(Array.from({ length: 50 }, () => redeem(token)))
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 201)).toHaveLength(1)
    expect(statuses.filter((s) => s === 410)).toHaveLength(49)
    const seats = await runInDurableObject(roomFor(env, session.id), async (_o, state) =>
      state.storage.list({ prefix: SEAT_PREFIX }),
    )
    expect(seats.size).toBe(1)
  })

  it('a used link says so and gives no seat', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff)
    const [token] = await createLinks(staff, session.id)
    expect((await redeem(token)).status).toBe(201)
    const again = await redeem(token)
    expect(again.status).toBe(410)
    const body = (await again.json()) as { error: string; message: string }
    expect(body.error).toBe('link_used')
    expect(body.message).toMatch(/already been used/)
    expect(body).not.toHaveProperty('seat')
  })

  it('an unknown link is refused', async () => {
    const res = await redeem('A'.repeat(43))
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: string }).error).toBe('link_invalid')
  })

  it('an expired link is refused', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff)
    const [token] = await createLinks(staff, session.id)
    await env.DB.prepare('UPDATE invites SET expires_at = ? WHERE token_hash = ?')
      .bind(Date.now() - 1, await sha256Hex(token!))
      .run()
    const res = await redeem(token)
    expect(res.status).toBe(410)
    expect(((await res.json()) as { error: string }).error).toBe('link_expired')
    expect((await inviteRow(token!))?.used_at).toBeNull()
  })

  it('a link opened long before the session opens is not spent', async () => {
    const staff = await signInStaff()
    const opensAt = Date.now() + 3 * 3600_000
    const session = await createSession(staff, { opensAt, closesAt: opensAt + 3600_000 })
    const [token] = await createLinks(staff, session.id)
    const res = await redeem(token)
    expect(res.status).toBe(425)
    expect(await res.json()).toMatchObject({ error: 'not_open_yet', opensAt })
    expect((await inviteRow(token!))?.used_at).toBeNull()
  })

  it.each([
    ['malformed JSON', '{"token":', 'application/json', 400, 'bad_json'],
    ['a wrong type', JSON.stringify({ token: 42 }), 'application/json', 400, 'invalid'],
    ['a short token', JSON.stringify({ token: 'abc' }), 'application/json', 400, 'invalid'],
    ['an oversize body', JSON.stringify({ token: 'x'.repeat(100_000) }), 'application/json', 413, 'too_large'],
    ['a form post', 'token=abc', 'application/x-www-form-urlencoded', 415, 'bad_content_type'],
  ])('%s gets a readable 4xx and spends nothing', async (_name, body, type, status, code) => {
    const staff = await signInStaff()
    const session = await createSession(staff)
    const [token] = await createLinks(staff, session.id)
    const res = await SELF.fetch(`${ORIGIN}/api/redeem`, {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    })
    expect(res.status).toBe(status)
    const answer = (await res.json()) as { error: string; message: string }
    expect(answer.error).toBe(code)
    expect(answer.message.length).toBeGreaterThan(10)
    expect((await inviteRow(token!))?.used_at).toBeNull()
    expect((await redeem(token)).status).toBe(201)
  })
})
