// The room's WebSocket protocol: seats in the subprotocol, ciphertext relay, and bad frames refused.
import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { roomFor } from '../../worker/room/stub'
import { CLOSE_CODES, LIMITS } from '../../worker/protocol'
import {
  connect,
  createSession,
  fakeCipher,
  hostSeat,
  joinAs,
  participantSeat,
  signInStaff,
  sleep,
} from './support'

async function groupWithTwo() {
  const staff = await signInStaff()
  const session = await createSession(staff)
  const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Marie')
  const amy = await joinAs(session.id, await participantSeat(staff, session.id), 'Amy')
  return { staff, session, fac, amy }
}

const storageDump = async (sessionId: string) =>
  runInDurableObject(roomFor(env, sessionId), async (_o, state) =>
    JSON.stringify([...(await state.storage.list()).entries()]),
  )

describe('room protocol', () => {
  it('welcomes a valid seat, agrees on the subprotocol and shows both people in the roster', async () => {
    const { fac, amy } = await groupWithTwo()
    expect(amy.protocol).toBe('havre.v1')
    const roster = await fac.next('roster', fac.frames.length - 1)
    await sleep(50)
    const last = [...fac.frames].reverse().find((f) => f.type === 'roster')!
    expect(last.type === 'roster' && last.members.map((m) => [m.pseudonym, m.role, m.online])).toEqual(
      expect.arrayContaining([
        ['Marie', 'facilitator', true],
        ['Amy', 'participant', true],
      ]),
    )
    expect(roster).toBeDefined()
  })

  it('relays ciphertext verbatim to everyone and stores no message', async () => {
    const { session, fac, amy } = await groupWithTwo()
    const msg = fakeCipher()
    const before = fac.frames.length
    amy.send(msg)
    const got = await fac.next('chat', before)
    expect(got).toMatchObject({ iv: msg.iv, ct: msg.ct, from: expect.any(String) })
    const echo = await amy.next('chat')
    expect(echo.id).toBe(got.id)
    const dump = await storageDump(session.id)
    expect(dump).not.toContain(msg.ct)
    const d1 = JSON.stringify(
      await Promise.all(
        ['sessions', 'invites', 'staff', 'staff_sessions'].map(
          async (t) => (await env.DB.prepare(`SELECT * FROM ${t}`).all()).results,
        ),
      ),
    )
    expect(d1).not.toContain(msg.ct)
    expect(d1).not.toContain('Amy')
  })

  it('refuses a forged seat with an error frame and a close', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff)
    await hostSeat(staff, session.id)
    const forged = await connect(session.id, 'AAAAAAAAAAAAAAAA.' + 'B'.repeat(43))
    const err = await forged.next('error')
    expect(err.code).toBe('unknown_seat')
    expect((await forged.closed()).code).toBe(CLOSE_CODES.unauthorized)
  })

  it('refuses a seat from another session', async () => {
    const staff = await signInStaff()
    const a = await createSession(staff)
    const b = await createSession(staff)
    const seatOfA = await participantSeat(staff, a.id)
    await hostSeat(staff, b.id)
    const wrong = await connect(b.id, seatOfA)
    expect((await wrong.next('error')).code).toBe('unknown_seat')
  })

  it.each([
    ['malformed JSON', '{"type":', 'bad_frame'],
    ['a wrong type', JSON.stringify({ type: 'chat', iv: 5, ct: [] }), 'bad_frame'],
    ['an unknown message type', JSON.stringify({ type: 'become_admin' }), 'bad_frame'],
    ['a join without consent', JSON.stringify({ type: 'join', pseudonym: 'X', agreed: false }), 'bad_frame'],
    ['an oversize frame', JSON.stringify({ type: 'chat', iv: 'a', ct: 'x'.repeat(LIMITS.frameBytes) }), 'too_large'],
    ['a second join', JSON.stringify({ type: 'join', pseudonym: 'Eve', agreed: true }), 'already_joined'],
  ])('%s gets an error frame and changes nothing', async (_name, frame, code) => {
    const { session, fac, amy } = await groupWithTwo()
    const dumpBefore = await storageDump(session.id)
    const seen = fac.frames.length
    amy.send(frame)
    const err = await amy.next('error')
    expect(err.code).toBe(code)
    expect(err.message.length).toBeGreaterThan(5)
    await sleep(100)
    expect(fac.frames.slice(seen).filter((f) => f.type !== 'roster')).toEqual([])
    expect(await storageDump(session.id)).toBe(dumpBefore)
    expect(amy.isClosed()).toBeUndefined()
  })

  it('does not relay chat before the person has joined', async () => {
    const { staff, session, fac } = await groupWithTwo()
    const lurker = await connect(session.id, await participantSeat(staff, session.id))
    await lurker.next('welcome')
    const seen = fac.frames.length
    lurker.send(fakeCipher())
    expect((await lurker.next('error')).code).toBe('not_joined')
    await sleep(100)
    expect(fac.frames.slice(seen).some((f) => f.type === 'chat')).toBe(false)
  })

  it('throttles a chat flood per seat', async () => {
    const { fac, amy } = await groupWithTwo()
    const seen = fac.frames.length
    for (let i = 0; i < 30; i++) amy.send(fakeCipher(16))
    await amy.next('error')
    await sleep(200)
    const relayed = fac.frames.slice(seen).filter((f) => f.type === 'chat').length
    expect(relayed).toBeLessThanOrEqual(LIMITS.chatBurst + 1)
    expect(amy.frames.some((f) => f.type === 'error' && f.code === 'rate_limited')).toBe(true)
  })

  it('a participant forging facilitator frames gets forbidden and nothing happens', async () => {
    const { staff, session, fac, amy } = await groupWithTwo()
    const other = await joinAs(session.id, await participantSeat(staff, session.id), 'Bea')
    const bea = (await other.next('welcome')).seatId
    amy.send({ type: 'remove', seatId: bea })
    expect((await amy.next('error')).code).toBe('forbidden')
    const before = amy.frames.length
    amy.send({ type: 'end' })
    expect((await amy.next('error', before)).code).toBe('forbidden')
    await sleep(100)
    expect(other.isClosed()).toBeUndefined()
    expect(fac.isClosed()).toBeUndefined()
    expect(fac.frames.some((f) => f.type === 'ended')).toBe(false)
  })
})
