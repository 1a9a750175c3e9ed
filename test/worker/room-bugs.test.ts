// The shell's tests for issue 12's bugs: state that survives hibernation without plain text, floods
// limited per frame type with a genuine alert still seen, an alert kept for the first facilitator,
// observers who only watch, and a reconnecting facilitator who does not end the session.
import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { roomFor } from '../../worker/room/stub'
import {
  connect,
  createLinks,
  createSession,
  fakeCipher,
  hostSeat,
  joinAs,
  participantSeat,
  redeem,
  seal,
  sessionKey,
  signInStaff,
  sleep,
  unseal,
} from './support'

const storageText = (sessionId: string) =>
  runInDurableObject(roomFor(env, sessionId), async (_o, state) => JSON.stringify([...(await state.storage.list()).entries()]))
const hibernate = (sessionId: string) => evictDurableObject(roomFor(env, sessionId), { webSockets: 'hibernate' })

async function circle(opts: Record<string, unknown> = {}) {
  const staff = await signInStaff()
  const session = await createSession(staff, opts)
  const facSeat = await hostSeat(staff, session.id)
  const fac = await joinAs(session.id, facSeat, 'Marie')
  const amy = await joinAs(session.id, await participantSeat(staff, session.id), 'Amy')
  const bea = await joinAs(session.id, await participantSeat(staff, session.id), 'Bea')
  const amyId = (await amy.next('welcome')).seatId
  return { staff, session, facSeat, fac, amy, bea, amyId }
}

describe('bug 1: nothing the room needs lives only in memory', () => {
  it('the sealed code word is still in the lobby after hibernation, and never in plain text', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff, { lobby: true })
    const facSeat = await hostSeat(staff, session.id)
    const fac = await joinAs(session.id, facSeat, 'Marie')
    const res = await staff.api(`/api/sessions/${session.id}/invites`, { body: { role: 'participant', count: 1, requiresCodeWord: true } })
    const [token] = ((await res.json()) as { tokens: string[] }).tokens
    const seat = ((await (await redeem(token)).json()) as { seat: string }).seat
    const amy = await connect(session.id, seat)
    await amy.next('welcome')
    const key = await sessionKey()
    amy.send({ type: 'join', pseudonym: 'Amy', agreed: true, codeWord: await seal(key, 'heron-at-dawn') })
    await fac.waitFor(() => fac.frames.find((f) => f.type === 'lobby' && f.waiting.length), 'Amy waiting')
    await hibernate(session.id)
    // The facilitator reloads: the lobby she is shown still carries the code word, which only she opens.
    fac.close()
    const again = await connect(session.id, facSeat)
    const lobby = await again.next('lobby')
    const entry = lobby.waiting[0]!
    expect(entry.pseudonym).toBe('Amy')
    expect(await unseal(key, entry.codeWord!.iv, entry.codeWord!.ct)).toBe('heron-at-dawn')
    expect(await storageText(session.id)).not.toContain('heron-at-dawn')
  })

  it('after hibernation, deleting a message still tells its author which rule', async () => {
    const g = await circle()
    g.amy.send(fakeCipher())
    const msg = await g.bea.next('chat')
    await hibernate(g.session.id)
    g.fac.send({ type: 'delete_message', messageId: msg.id, rule: 3 })
    expect(await g.amy.next('message_removed')).toMatchObject({ id: msg.id, rule: 3 })
    await sleep(50)
    expect(g.bea.frames.some((f) => f.type === 'message_removed')).toBe(false)
  })
})

describe('bug 2: every frame type is limited per seat, and a genuine alert is not buried', () => {
  it('150 alerts and 150 hands in a burst: a few alerts, a few rosters; Bea’s alert still arrives', async () => {
    const g = await circle()
    await sleep(100)
    const facMark = g.fac.frames.length
    const beaMark = g.bea.frames.length
    for (let i = 0; i < 150; i++) {
      g.amy.send({ type: 'alert', kind: 'step_away' })
      g.amy.send({ type: 'hand', raised: i % 2 === 0 })
    }
    await g.amy.waitFor(() => (g.amy.frames.filter((f) => f.type === 'error' && f.code === 'rate_limited').length >= 280 ? true : undefined), 'the flood answered', 10_000)
    g.bea.send({ type: 'alert', kind: 'not_safe' })
    const genuine = await g.fac.waitFor(
      () => g.fac.frames.slice(facMark).find((f) => f.type === 'alert' && f.kind === 'not_safe'),
      'Bea’s alert',
    )
    expect(genuine).toMatchObject({ pseudonym: 'Bea' })
    await sleep(200)
    const alerts = g.fac.frames.slice(facMark).filter((f) => f.type === 'alert')
    // Amy's repeats count once; Bea's stands out.
    expect(alerts.map((a) => a.type === 'alert' && a.pseudonym)).toEqual(['Amy', 'Bea'])
    const rosters = g.bea.frames.slice(beaMark).filter((f) => f.type === 'roster')
    expect(rosters.length).toBeGreaterThanOrEqual(1)
    expect(rosters.length).toBeLessThanOrEqual(6)
  }, 30_000)
})

describe('bug 3: an alert with no facilitator here is kept for the first who arrives', () => {
  it('the sender is told the truth, and the facilitator who connects sees it', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff)
    const facSeat = await hostSeat(staff, session.id)
    const amy = await joinAs(session.id, await participantSeat(staff, session.id), 'Amy')
    amy.send({ type: 'alert', kind: 'not_safe' })
    expect(await amy.next('alert_sent')).toMatchObject({ delivered: false })
    await hibernate(session.id)
    const mark = amy.frames.length
    const fac = await connect(session.id, facSeat)
    expect(await fac.next('alert')).toMatchObject({ pseudonym: 'Amy', kind: 'not_safe' })
    expect(await amy.next('alert_sent', mark)).toMatchObject({ delivered: true })
    // Delivered once: a second facilitator socket does not get it again.
    fac.close()
    const again = await connect(session.id, facSeat)
    await again.next('welcome')
    await sleep(100)
    expect(again.frames.some((f) => f.type === 'alert')).toBe(false)
  })

  it('with a facilitator here, the sender is told it was delivered', async () => {
    const g = await circle()
    g.amy.send({ type: 'alert', kind: 'step_away' })
    expect(await g.amy.next('alert_sent')).toMatchObject({ delivered: true })
  })
})

describe('bug 4: observers see and hear, and do not write or raise a hand', () => {
  it('chat and hand from an observer are refused and reach nobody', async () => {
    const g = await circle()
    const [link] = await createLinks(g.staff, g.session.id, 1, 'observer')
    const seat = ((await (await redeem(link)).json()) as { seat: string }).seat
    const obs = await joinAs(g.session.id, seat, 'Guardian')
    const amyMark = g.amy.frames.length
    obs.send(fakeCipher())
    expect(await obs.next('error')).toMatchObject({ code: 'forbidden' })
    const mark = obs.frames.length
    obs.send({ type: 'hand', raised: true })
    expect(await obs.next('error', mark)).toMatchObject({ code: 'forbidden' })
    await sleep(150)
    expect(g.amy.frames.slice(amyMark).some((f) => f.type === 'chat')).toBe(false)
    const last = [...g.amy.frames].reverse().find((f) => f.type === 'roster')
    expect(last?.type === 'roster' && last.members.find((m) => m.pseudonym === 'Guardian')?.hand).toBe(false)
  })
})

describe('bug 5: departure is about seats present, not sockets closed', () => {
  it('a facilitator’s new socket replacing the old one starts no countdown and ends nothing', async () => {
    const g = await circle()
    const amyMark = g.amy.frames.length
    const back = await connect(g.session.id, g.facSeat)
    await back.next('welcome')
    expect((await g.fac.closed()).code).toBe(4004)
    await sleep(1500)
    await runDurableObjectAlarm(roomFor(env, g.session.id))
    expect(g.amy.frames.slice(amyMark).some((f) => f.type === 'facilitator_away' || f.type === 'ended')).toBe(false)
    expect(g.amy.isClosed()).toBeUndefined()
    const mark = back.frames.length
    g.amy.send(fakeCipher())
    expect(await back.next('chat', mark)).toBeDefined()
  })
})
