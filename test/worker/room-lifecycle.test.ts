// Invariants 6 and 7 — total close, grace after a dropped facilitator, removal, and eviction.
import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../../worker/lib/crypto'
import type { SessionRoom } from '../../worker/room/session-room'
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

  it('a restart that cuts every socket with no close: the countdown starts and the seats count as away (17)', async () => {
    const g = await liveGroup()
    const facId = (await g.fac.next('welcome')).seatId
    const amyId = (await g.amy.next('welcome')).seatId
    const before = Date.now()
    await evictDurableObject(roomFor(env, g.session.id), { webSockets: 'close' })
    // Amy's page reconnects; the facilitator's does not.
    const amy2 = await connect(g.session.id, g.amySeat)
    expect(await amy2.next('welcome')).toMatchObject({ admitted: true, joined: true })
    const away = await amy2.next('facilitator_away')
    expect(away.closesAt).toBeGreaterThan(before)
    await runInDurableObject(roomFor(env, g.session.id), async (room: SessionRoom) => {
      expect(room.meta?.graceDeadline).toBe(away.closesAt)
      // The facilitator's seat is staff (its door is the passkey); Amy's is back, so not away.
      expect(room.core.seats[facId]?.awaySince).toBeUndefined()
      expect(room.core.seats[amyId]?.awaySince).toBeUndefined()
    })
    // Another session: the facilitator's page comes back, Bea's does not: she counts as away since
    // the room learned of it, and no countdown runs.
    const g2 = await liveGroup()
    const beaSeat = await participantSeat(g2.staff, g2.session.id)
    const bea = await joinAs(g2.session.id, beaSeat, 'Bea')
    const beaId = (await bea.next('welcome')).seatId
    await evictDurableObject(roomFor(env, g2.session.id), { webSockets: 'close' })
    const fac2 = await connect(g2.session.id, g2.facSeat)
    expect(await fac2.next('welcome')).toMatchObject({ admitted: true })
    await runInDurableObject(roomFor(env, g2.session.id), async (room: SessionRoom) => {
      expect(room.core.seats[beaId]?.awaySince).toBeGreaterThanOrEqual(before)
      expect(room.meta?.graceDeadline).toBeUndefined()
    })
  })

  it('a socket silent for minutes (a phone asleep, no close ever came) counts as gone since its last sign of life', async () => {
    const g = await liveGroup()
    const amyId = (await g.amy.next('welcome')).seatId
    // Her socket last showed life two minutes ago: opened then, never pinged since.
    await runInDurableObject(roomFor(env, g.session.id), async (_room: SessionRoom, state) => {
      for (const ws of state.getWebSockets(amyId)) {
        ws.serializeAttachment({ ...(ws.deserializeAttachment() as object), openedAt: Date.now() - 120_000 })
      }
    })
    const seen = g.fac.frames.length
    const again = await connect(g.session.id, g.amySeat)
    expect(await again.next('welcome')).toMatchObject({ admitted: false, joined: true, back: true, members: [] })
    const lobby = await g.fac.next('lobby', seen)
    expect(lobby.waiting).toEqual([expect.objectContaining({ seatId: amyId, pseudonym: 'Amy' })])
    expect(lobby.waiting[0]!.awayMs).toBeGreaterThanOrEqual(120_000)
    // A reload of a live page (its socket answered pings) keeps her place, as before.
    const beaSeat = await participantSeat(g.staff, g.session.id)
    const bea = await joinAs(g.session.id, beaSeat, 'Bea')
    await bea.next('welcome')
    const reload = await connect(g.session.id, beaSeat)
    expect(await reload.next('welcome')).toMatchObject({ admitted: true, joined: true })
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
