// The lobby: people from links wait until a facilitator admits them; the code word is shown to
// facilitators only and never stored; turned away means the seat is void.
import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { roomFor } from '../../worker/room/stub'
import { CLOSE_CODES } from '../../worker/protocol'
import {
  connect,
  createLinks,
  createSession,
  fakeCipher,
  hostSeat,
  joinAs,
  redeem,
  seal,
  sessionKey,
  signInStaff,
  sleep,
  unseal,
} from './support'

async function lobbyGroup(requiresCodeWord = false) {
  const staff = await signInStaff()
  const session = await createSession(staff, { lobby: true })
  const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Marie')
  const res = await staff.api(`/api/sessions/${session.id}/invites`, {
    body: { role: 'participant', count: 1, requiresCodeWord },
  })
  const [token] = ((await res.json()) as { tokens: string[] }).tokens
  const redeemed = (await (await redeem(token)).json()) as { seat: string; requiresCodeWord: boolean; lobby: boolean }
  const amy = await connect(session.id, redeemed.seat)
  const welcome = await amy.next('welcome')
  return { staff, session, fac, amy, welcome, redeemed, amySeat: redeemed.seat }
}

const dumpEverything = async (sessionId: string) => {
  const room = await runInDurableObject(roomFor(env, sessionId), async (_o, state) =>
    JSON.stringify([...(await state.storage.list()).entries()]),
  )
  const tables = ['sessions', 'invites', 'staff', 'staff_sessions', 'org_settings']
  const d1 = await Promise.all(tables.map(async (t) => (await env.DB.prepare(`SELECT * FROM ${t}`).all()).results))
  return room + JSON.stringify(d1)
}

describe('lobby', () => {
  it('a person from a link waits, unseen, until a facilitator admits her', async () => {
    const g = await lobbyGroup()
    expect(g.redeemed.lobby).toBe(true)
    expect(g.welcome.admitted).toBe(false)
    // Waiting, she does not learn who is inside — not on arrival, not when others arrive.
    expect(g.welcome.members).toEqual([])
    const beforeOthers = g.amy.frames.length
    await joinAs(g.session.id, await hostSeat(await signInStaff(), g.session.id), 'Luc')
    await sleep(100)
    expect(g.amy.frames.slice(beforeOthers).map((f) => f.type)).toEqual([])
    const mark = g.fac.frames.length
    g.amy.send({ type: 'join', pseudonym: 'Amy', agreed: true })
    const lobby = await g.fac.next('lobby', mark)
    expect(lobby.waiting.map((w) => w.pseudonym)).toEqual(['Amy'])
    // Not in the roster, cannot chat, sees no chat.
    const roster = [...g.fac.frames].reverse().find((f) => f.type === 'roster')
    expect(roster?.type === 'roster' && roster.members.map((m) => m.pseudonym).sort()).toEqual(['Luc', 'Marie'])
    g.amy.send(fakeCipher())
    expect((await g.amy.next('error')).code).toBe('in_lobby')
    const seen = g.amy.frames.length
    g.fac.send(fakeCipher())
    await sleep(150)
    expect(g.amy.frames.slice(seen).some((f) => f.type === 'chat' || f.type === 'roster')).toBe(false)

    g.fac.send({ type: 'admit', seatId: g.welcome.seatId })
    expect(await g.amy.next('admitted')).toBeDefined()
    const before = g.fac.frames.length
    g.amy.send(fakeCipher())
    expect(await g.fac.next('chat', before)).toBeDefined()
  })

  it('turned away means the seat is void', async () => {
    const g = await lobbyGroup()
    const mark = g.fac.frames.length
    g.amy.send({ type: 'join', pseudonym: 'Amy', agreed: true })
    await g.fac.next('lobby', mark)
    g.fac.send({ type: 'turn_away', seatId: g.welcome.seatId })
    expect(await g.amy.next('turned_away')).toBeDefined()
    expect((await g.amy.closed()).code).toBe(CLOSE_CODES.turnedAway)
    const back = await connect(g.session.id, g.amySeat)
    expect((await back.next('error')).code).toBe('unknown_seat')
  })

  it('the code word is required, shown to facilitators only, and never stored', async () => {
    const g = await lobbyGroup(true)
    expect(g.redeemed.requiresCodeWord).toBe(true)
    g.amy.send({ type: 'join', pseudonym: 'Amy', agreed: true })
    expect((await g.amy.next('error')).message).toMatch(/code word/)
    // Sealed in her browser with the session key, like chat: the server never sees the word.
    const key = await sessionKey()
    const sealed = await seal(key, 'bluebird-7')
    g.amy.send({ type: 'join', pseudonym: 'Amy', agreed: true, codeWord: sealed })
    await sleep(100)
    const lobby = [...g.fac.frames].reverse().find((f) => f.type === 'lobby')
    const entry = lobby?.type === 'lobby' ? lobby.waiting[0] : undefined
    expect(entry).toMatchObject({ pseudonym: 'Amy', codeWord: sealed })
    expect(await unseal(key, entry!.codeWord!.iv, entry!.codeWord!.ct)).toBe('bluebird-7')
    expect(g.amy.frames.some((f) => JSON.stringify(f).includes(sealed.ct))).toBe(false)
    expect(await dumpEverything(g.session.id)).not.toContain('bluebird-7')
    g.fac.send({ type: 'admit', seatId: g.welcome.seatId })
    await g.amy.next('admitted')
    await sleep(50)
    const after = [...g.fac.frames].reverse().find((f) => f.type === 'lobby')
    expect(after?.type === 'lobby' && after.waiting).toEqual([])
    // Admitted, her sealed code word is not kept either.
    expect(await dumpEverything(g.session.id)).not.toContain(sealed.ct)
  })

  it.each([true, false])(
    'the facilitator skips the lobby; a co-facilitator link waits for them (lobby %s)',
    async (lobby) => {
      const staff = await signInStaff()
      const session = await createSession(staff, { lobby })
      const fac = await connect(session.id, await hostSeat(staff, session.id))
      expect((await fac.next('welcome')).admitted).toBe(true)
      const [token] = await createLinks(staff, session.id, 1, 'cofacilitator')
      const co = await connect(session.id, ((await (await redeem(token)).json()) as { seat: string }).seat)
      const welcome = await co.next('welcome')
      expect(welcome).toMatchObject({ admitted: false, members: [] })
      co.send({ type: 'join', pseudonym: 'Chris', agreed: true })
      const lobbyFrame = await fac.waitFor(
        () => [...fac.frames].reverse().find((f) => f.type === 'lobby' && f.waiting.length > 0),
        'the co-facilitator in the lobby',
      )
      expect(lobbyFrame.type === 'lobby' && lobbyFrame.waiting[0]?.role).toBe('cofacilitator')
      expect(co.frames.some((f) => f.type === 'lobby' || f.type === 'roster')).toBe(false)
      fac.send({ type: 'admit', seatId: welcome.seatId })
      await co.next('admitted')
      await co.next('lobby')
    },
  )

  it('a participant cannot admit or turn away', async () => {
    const g = await lobbyGroup()
    const [token] = await createLinks(g.staff, g.session.id)
    const bea = await connect(g.session.id, ((await (await redeem(token)).json()) as { seat: string }).seat)
    const beaId = (await bea.next('welcome')).seatId
    g.fac.send({ type: 'admit', seatId: beaId })
    await bea.next('admitted')
    bea.send({ type: 'join', pseudonym: 'Bea', agreed: true })
    g.amy.send({ type: 'join', pseudonym: 'Amy', agreed: true })
    await sleep(50)
    for (const frame of [
      { type: 'admit', seatId: g.welcome.seatId },
      { type: 'turn_away', seatId: g.welcome.seatId },
    ]) {
      const n = bea.frames.length
      bea.send(frame)
      expect((await bea.next('error', n)).code).toBe('forbidden')
    }
    await sleep(50)
    expect(g.amy.frames.some((f) => f.type === 'admitted' || f.type === 'turned_away')).toBe(false)
  })
})
