// Invariants 6 and 7 — total close, grace after a dropped facilitator, removal, and eviction.
import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../../worker/lib/crypto'
import { roomFor } from '../../worker/room/stub'
import { META_KEY } from '../../worker/room/state'
import { CLOSE_CODES } from '../../worker/protocol'
import {
  connect,
  createLinks,
  createSession,
  fakeCipher,
  hostSeat,
  joinAs,
  participantSeat,
  redeem,
  signInStaff,
  sleep,
} from './support'
import { storedMeta } from './livekit-support'

async function liveGroup() {
  const staff = await signInStaff()
  const session = await createSession(staff)
  const facSeat = await hostSeat(staff, session.id)
  const fac = await joinAs(session.id, facSeat, 'Marie')
  const amySeat = await participantSeat(staff, session.id)
  const amy = await joinAs(session.id, amySeat, 'Amy')
  const spare = await createLinks(staff, session.id, 3)
  return { staff, session, fac, facSeat, amy, amySeat, spare }
}

const storageKeys = (sessionId: string) =>
  runInDurableObject(roomFor(env, sessionId), async (_o, state) => [...(await state.storage.list()).keys()])

async function expectTotalClose(g: Awaited<ReturnType<typeof liveGroup>>, reason: string) {
  expect(await g.amy.next('ended')).toMatchObject({ reason })
  expect((await g.amy.closed()).code).toBe(CLOSE_CODES.ended)
  // Every seat is void: the old seat gets "ended", not a place in the room.
  const back = await connect(g.session.id, g.amySeat)
  expect(await back.next('ended')).toBeDefined()
  expect((await back.closed()).code).toBe(CLOSE_CODES.ended)
  // Every unused link is revoked, and says the session ended.
  for (const token of g.spare) {
    const row = await env.DB.prepare('SELECT revoked_at FROM invites WHERE token_hash = ?')
      .bind(await sha256Hex(token))
      .first<{ revoked_at: number | null }>()
    expect(row?.revoked_at).toBeGreaterThan(0)
  }
  const res = await redeem(g.spare[0])
  expect(res.status).toBe(410)
  expect(((await res.json()) as { error: string }).error).toBe('session_ended')
  const s = await env.DB.prepare('SELECT status FROM sessions WHERE id = ?').bind(g.session.id).first()
  expect(s?.status).toBe('closed')
  // Nothing about anyone is left in the room's storage.
  expect(await storageKeys(g.session.id)).toEqual([META_KEY])
  // The facilitator cannot take a new seat in a closed session.
  const host = await g.staff.api(`/api/sessions/${g.session.id}/host`, { method: 'POST', body: {} })
  expect(host.status).toBe(410)
}

describe('session lifecycle', () => {
  it('an explicit end closes everything at once', async () => {
    const g = await liveGroup()
    const t0 = Date.now()
    g.fac.send({ type: 'end' })
    await expectTotalClose(g, 'ended')
    expect(Date.now() - t0).toBeLessThan(3000)
  })

  it('the last facilitator leaving on purpose ends the session', async () => {
    const g = await liveGroup()
    g.fac.send({ type: 'leave' })
    await expectTotalClose(g, 'ended')
  })

  it('a dropped facilitator closes the session after the grace period', async () => {
    const g = await liveGroup()
    g.fac.close()
    const away = await g.amy.next('facilitator_away')
    expect(away.closesAt).toBeGreaterThan(Date.now())
    // Before the deadline the alarm changes nothing.
    await runDurableObjectAlarm(roomFor(env, g.session.id))
    expect(g.amy.isClosed()).toBeUndefined()
    await sleep(away.closesAt - Date.now() + 50)
    await runDurableObjectAlarm(roomFor(env, g.session.id))
    await expectTotalClose(g, 'facilitator_left')
  })

  it('a facilitator who comes back inside the grace keeps the session open', async () => {
    const g = await liveGroup()
    g.fac.close()
    const away = await g.amy.next('facilitator_away')
    const back = await connect(g.session.id, g.facSeat)
    await back.next('welcome')
    await sleep(away.closesAt - Date.now() + 50)
    await runDurableObjectAlarm(roomFor(env, g.session.id))
    expect(g.amy.isClosed()).toBeUndefined()
    const seen = back.frames.length
    g.amy.send(fakeCipher())
    expect(await back.next('chat', seen)).toBeDefined()
  })

  it('a session past its closing time closes by alarm', async () => {
    const g = await liveGroup()
    await runInDurableObject(roomFor(env, g.session.id), async (_o, state) => {
      const meta = (await state.storage.get<{ closesAt: number }>(META_KEY))!
      await state.storage.put(META_KEY, { ...meta, closesAt: Date.now() - 1 })
    })
    // The object rereads its storage when it wakes, as after an eviction.
    await evictDurableObject(roomFor(env, g.session.id), { webSockets: 'hibernate' })
    await runDurableObjectAlarm(roomFor(env, g.session.id))
    expect(await g.amy.next('ended')).toMatchObject({ reason: 'expired' })
  })

  it('a removed person is out at once and cannot come back with their seat', async () => {
    const g = await liveGroup()
    const amyId = (await g.amy.next('welcome')).seatId
    g.fac.send({ type: 'remove', seatId: amyId })
    expect(await g.amy.next('removed')).toBeDefined()
    expect((await g.amy.closed()).code).toBe(CLOSE_CODES.removed)
    const again = await connect(g.session.id, g.amySeat)
    expect((await again.next('error')).code).toBe('unknown_seat')
    // Rosters are coalesced: the next one (at most a moment later) no longer lists her.
    const roster = await g.fac.waitFor(() => {
      const last = [...g.fac.frames].reverse().find((f) => f.type === 'roster')
      return last?.type === 'roster' && last.members.length === 1 ? last : undefined
    }, 'a roster without Amy')
    expect(roster.members.map((m) => m.pseudonym)).toEqual(['Marie'])
  })

  it('evicting the room mid-session loses no one', async () => {
    const g = await liveGroup()
    await evictDurableObject(roomFor(env, g.session.id), { webSockets: 'hibernate' })
    const seen = g.fac.frames.length
    g.amy.send(fakeCipher())
    expect(await g.fac.next('chat', seen)).toBeDefined()
    // A person reconnecting after the eviction is still on the roster with their pseudonym.
    g.amy.close()
    await sleep(50)
    await evictDurableObject(roomFor(env, g.session.id), { webSockets: 'close' })
    const amy2 = await connect(g.session.id, g.amySeat)
    const welcome = await amy2.next('welcome')
    expect(welcome.joined).toBe(true)
    expect(welcome.members.map((m) => m.pseudonym).sort()).toEqual(['Amy', 'Marie'])
  })

  it('a host seat asked for again and never connected: the countdown ends the session (17.5)', async () => {
    const g = await liveGroup()
    await hostSeat(g.staff, g.session.id)
    expect((await g.fac.closed()).code).toBe(CLOSE_CODES.replaced)
    const away = await g.amy.next('facilitator_away')
    expect((await storedMeta(g.session.id))?.graceDeadline).toBe(away.closesAt)
  })

  it('a facilitator opening the room again replaces their earlier seat', async () => {
    const g = await liveGroup()
    const again = await joinAs(g.session.id, await hostSeat(g.staff, g.session.id), 'Marie')
    expect((await g.fac.closed()).code).toBe(CLOSE_CODES.replaced)
    await sleep(50)
    const roster = [...again.frames].reverse().find((f) => f.type === 'roster')
    expect(roster?.type === 'roster' && roster.members.map((m) => m.pseudonym).sort()).toEqual(['Amy', 'Marie'])
    // Until the new tab connects, no facilitator socket is open: the countdown runs (issue 17.5),
    // and the new tab's arrival clears it. Nobody's session closes.
    expect(g.amy.frames.some((f) => f.type === 'facilitator_away')).toBe(true)
    expect((await storedMeta(g.session.id))?.graceDeadline).toBeUndefined()
    expect(g.amy.isClosed()).toBeUndefined()
  })
})
