// In the room: hands, the private alert (facilitators only), chat off/on, and message deletion
// with the rule told to the author. Every facilitator action is refused to a participant.
import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { roomFor } from '../../worker/room/stub'
import { createSession, fakeCipher, hostSeat, joinAs, participantSeat, signInStaff, sleep } from './support'

async function circle() {
  const staff = await signInStaff()
  const session = await createSession(staff)
  const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Marie')
  const amy = await joinAs(session.id, await participantSeat(staff, session.id), 'Amy')
  const bea = await joinAs(session.id, await participantSeat(staff, session.id), 'Bea')
  const amyId = (await amy.next('welcome')).seatId
  return { staff, session, fac, amy, bea, amyId }
}

const lastRoster = (frames: { type: string }[]) =>
  [...frames].reverse().find((f) => f.type === 'roster') as
    | { members: { pseudonym: string; hand: boolean }[] }
    | undefined

describe('safety tools in the room', () => {
  it('hands go up and down, and a facilitator can lower them all', async () => {
    const g = await circle()
    g.amy.send({ type: 'hand', raised: true })
    g.bea.send({ type: 'hand', raised: true })
    // Rosters are coalesced (at most one every 50 ms): wait for the one with both hands.
    const raised = () =>
      lastRoster(g.fac.frames)?.members.filter((m) => m.hand).map((m) => m.pseudonym).sort()
    await g.fac.waitFor(() => (raised()?.length === 2 ? true : undefined), 'both hands up')
    expect(raised()).toEqual(['Amy', 'Bea'])
    g.fac.send({ type: 'lower_all_hands' })
    await g.amy.waitFor(
      () => (lastRoster(g.amy.frames)?.members.some((m) => m.hand) === false ? true : undefined),
      'every hand down',
    )
  })

  it('a private alert reaches facilitators only and is stored nowhere', async () => {
    const g = await circle()
    const mark = g.fac.frames.length
    g.amy.send({ type: 'alert', kind: 'not_safe' })
    const alert = await g.fac.next('alert', mark)
    expect(alert).toMatchObject({ pseudonym: 'Amy', kind: 'not_safe', seatId: g.amyId })
    await sleep(100)
    expect(g.bea.frames.some((f) => f.type === 'alert')).toBe(false)
    expect(g.amy.frames.some((f) => f.type === 'alert')).toBe(false)
    const stored = await runInDurableObject(roomFor(env, g.session.id), async (_o, state) =>
      JSON.stringify([...(await state.storage.list()).entries()]),
    )
    expect(stored).not.toContain('not_safe')
  })

  it('chat can be turned off for everyone and on again', async () => {
    const g = await circle()
    const mark = g.amy.frames.length
    g.fac.send({ type: 'set_chat', enabled: false })
    expect((await g.amy.next('chat_state', mark)).enabled).toBe(false)
    const seen = g.bea.frames.length
    g.amy.send(fakeCipher())
    expect((await g.amy.next('error', mark)).code).toBe('chat_disabled')
    await sleep(100)
    expect(g.bea.frames.slice(seen).some((f) => f.type === 'chat')).toBe(false)
    // Facilitators can still write (to explain why).
    g.fac.send(fakeCipher())
    expect(await g.bea.next('chat', seen)).toBeDefined()
    g.fac.send({ type: 'set_chat', enabled: true })
    await g.amy.next('chat_state', g.amy.frames.length - 1)
    const again = g.bea.frames.length
    g.amy.send(fakeCipher())
    expect(await g.bea.next('chat', again)).toBeDefined()
  })

  it('a deleted message disappears for everyone and its author is told which rule', async () => {
    const g = await circle()
    const mark = g.bea.frames.length
    g.amy.send(fakeCipher())
    const msg = await g.bea.next('chat', mark)
    g.fac.send({ type: 'delete_message', messageId: msg.id, rule: 2 })
    expect((await g.bea.next('message_deleted', mark)).id).toBe(msg.id)
    expect(await g.amy.next('message_removed')).toMatchObject({ id: msg.id, rule: 2 })
    await sleep(50)
    expect(g.bea.frames.some((f) => f.type === 'message_removed')).toBe(false)
  })

  it.each([
    [{ type: 'lower_all_hands' }],
    [{ type: 'set_chat', enabled: false }],
    [{ type: 'delete_message', messageId: 'abcdefghijkl', rule: 1 }],
    [{ type: 'mute', seatId: 'abcdefghijklmnop', source: 'microphone' }],
    [{ type: 'stop_publishing', seatId: 'abcdefghijklmnop' }],
    [{ type: 'spotlight', seatId: null }],
    [{ type: 'admit', seatId: 'abcdefghijklmnop' }],
    [{ type: 'turn_away', seatId: 'abcdefghijklmnop' }],
    [{ type: 'remove', seatId: 'abcdefghijklmnop' }],
    [{ type: 'end' }],
  ])('a participant forging %j gets forbidden and nothing happens', async (frame) => {
    const g = await circle()
    await sleep(150)
    const before = { fac: g.fac.frames.length, bea: g.bea.frames.length }
    const mark = g.amy.frames.length
    g.amy.send(frame)
    expect((await g.amy.next('error', mark)).code).toBe('forbidden')
    await sleep(100)
    expect(g.bea.frames.slice(before.bea)).toEqual([])
    expect(g.fac.frames.slice(before.fac)).toEqual([])
    expect(g.bea.isClosed()).toBeUndefined()
  })
})
