// D1 failing: a clear error and nothing half-written; a close that D1 missed is retried by alarm.
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../../worker/lib/crypto'
import { roomFor } from '../../worker/room/stub'
import { META_KEY, SEAT_PREFIX } from '../../worker/room/state'
import { createLinks, createSession, hostSeat, joinAs, participantSeat, redeem, signInStaff } from './support'

/** Makes D1 refuse writes to one row, as a failing database would, without touching other tests. */
async function breakRow(table: 'invites' | 'sessions', column: string, value: string) {
  const name = `fail_${table}_${value.slice(0, 12).replace(/[^A-Za-z0-9]/g, '')}`
  await env.DB.exec(
    `CREATE TRIGGER ${name} BEFORE UPDATE ON ${table} WHEN OLD.${column} = '${value}' BEGIN SELECT RAISE(ABORT, 'simulated D1 failure'); END`,
  )
  return () => env.DB.exec(`DROP TRIGGER ${name}`)
}

describe('when D1 fails', () => {
  it('redemption gives a clear error, spends nothing and seats no one', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff)
    const [token] = await createLinks(staff, session.id)
    const repair = await breakRow('invites', 'token_hash', await sha256Hex(token!))
    const res = await redeem(token)
    expect(res.status).toBe(503)
    expect(((await res.json()) as { message: string }).message).toMatch(/Nothing was changed/)
    const row = await env.DB.prepare('SELECT used_at FROM invites WHERE token_hash = ?')
      .bind(await sha256Hex(token!))
      .first<{ used_at: number | null }>()
    expect(row?.used_at).toBeNull()
    const seats = await runInDurableObject(roomFor(env, session.id), async (_o, state) =>
      state.storage.list({ prefix: SEAT_PREFIX }),
    )
    expect(seats.size).toBe(0)
    await repair()
    expect((await redeem(token)).status).toBe(201)
  })

  it('a close still disconnects everyone at once, and D1 is told by alarm once it answers', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff)
    const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Marie')
    const amy = await joinAs(session.id, await participantSeat(staff, session.id), 'Amy')
    const repair = await breakRow('sessions', 'id', session.id)
    fac.send({ type: 'end' })
    expect(await amy.next('ended')).toBeDefined()
    await amy.closed()
    const status = () =>
      env.DB.prepare('SELECT status FROM sessions WHERE id = ?').bind(session.id).first<{ status: string }>()
    expect((await status())?.status).toBe('scheduled')
    const pending = await runInDurableObject(roomFor(env, session.id), async (_o, state) =>
      state.storage.get<{ pendingD1Close?: boolean }>(META_KEY),
    )
    expect(pending?.pendingD1Close).toBe(true)
    await repair()
    // The room's own alarm may be mid-run; keep running it until D1 has been told (or give up).
    for (let i = 0; i < 20 && (await status())?.status !== 'closed'; i++) {
      await runDurableObjectAlarm(roomFor(env, session.id))
      await new Promise((r) => setTimeout(r, 100))
    }
    expect((await status())?.status).toBe('closed')
  })
})
