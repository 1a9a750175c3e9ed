// The room's safety promises, each written so that the one-line breakage it guards against makes it
// fail (issue 13): removal survives eviction (invariant 7), only a facilitator cancels the grace and
// the alarm is set at each deadline (invariant 6), moderator-only frames are refused for every other
// role (invariant 5), and who counts as an adult for youth, for every role and lobby state.
import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { roomFor } from '../../worker/room/stub'
import { CLOSE_CODES, type InviteRole } from '../../worker/protocol'
import {
  admit,
  connect,
  createLinks,
  createSession,
  fakeCipher,
  hostSeat,
  joinAdmitted,
  joinAs,
  participantSeat,
  redeem,
  signInStaff,
  sleep,
  type Client,
  type Staff,
} from './support'

async function linkSeat(staff: Staff, sessionId: string, role: InviteRole) {
  const [token] = await createLinks(staff, sessionId, 1, role)
  const res = await redeem(token)
  if (res.status !== 201) throw new Error(`redeem ${role}: ${res.status}`)
  return ((await res.json()) as { seat: string }).seat
}

const alarmOf = (sessionId: string) =>
  runInDurableObject(roomFor(env, sessionId), (_o, state) => state.storage.getAlarm())

const storedKeys = (sessionId: string) =>
  runInDurableObject(roomFor(env, sessionId), async (_o, state) => [
    ...(await state.storage.list()).keys(),
  ])

/**
 * Runs `body` with sessions made meanwhile given a grace of `seconds`. The suite's grace is 1 s, and
 * a loaded machine can let it run out between two reads of the alarm; tests that only read the
 * deadline use a long one. The settings row is removed after, so the 1 s default is back.
 */
async function withGrace(seconds: number, body: () => Promise<void>) {
  const admin = await signInStaff({ isAdmin: true })
  const before = (await (await admin.api('/api/org/settings')).json()) as Record<string, unknown>
  const put = await admin.api('/api/org/settings', {
    method: 'PUT',
    body: { ...before, graceSeconds: seconds },
  })
  expect(put.status).toBe(200)
  try {
    await body()
  } finally {
    await env.DB.prepare('DELETE FROM org_settings').run()
  }
}

async function liveGroup() {
  const staff = await signInStaff()
  const session = await createSession(staff)
  const facSeat = await hostSeat(staff, session.id)
  const fac = await joinAs(session.id, facSeat, 'Marie')
  const amySeat = await participantSeat(staff, session.id)
  const amy = await joinAs(session.id, amySeat, 'Amy')
  const amyId = (await amy.next('welcome')).seatId
  return { staff, session, fac, facSeat, amy, amySeat, amyId }
}

/** A chat from `from` reaches `to`: the session is open, chat is on and both are still in. */
async function chatStillFlows(from: Client, to: Client) {
  const mark = to.frames.length
  from.send(fakeCipher())
  expect(await to.next('chat', mark)).toBeDefined()
}

// Removal queues a LiveKit call; evicting after an outbound fetch waits for the SDK's request timer.
// Several seats and steps per test: generous timeouts for a loaded machine (no timing is asserted).
describe('removed means out (invariant 7)', { timeout: 30_000 }, () => {
  it('a removed seat is gone from storage and does not come back after the room is evicted', async () => {
    const g = await liveGroup()
    g.fac.send({ type: 'remove', seatId: g.amyId })
    expect((await g.amy.closed()).code).toBe(CLOSE_CODES.removed)
    expect(await storedKeys(g.session.id)).not.toContain(`seat:${g.amyId}`)
    // The object rereads its storage when it wakes: a seat kept there would be back.
    await evictDurableObject(roomFor(env, g.session.id), { webSockets: 'hibernate' })
    const again = await connect(g.session.id, g.amySeat)
    expect((await again.next('error')).code).toBe('unknown_seat')
    expect((await again.closed()).code).toBe(CLOSE_CODES.unauthorized)
    await evictDurableObject(roomFor(env, g.session.id), { webSockets: 'close' })
    const third = await connect(g.session.id, g.amySeat)
    expect((await third.next('error')).code).toBe('unknown_seat')
  })

  it('a person turned away from the lobby is gone from storage and stays out after an eviction', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff, { lobby: true })
    const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Marie')
    const seat = await participantSeat(staff, session.id)
    const amy = await joinAs(session.id, seat, 'Amy')
    const amyId = (await amy.next('welcome')).seatId
    fac.send({ type: 'turn_away', seatId: amyId })
    expect((await amy.closed()).code).toBe(CLOSE_CODES.turnedAway)
    expect(await storedKeys(session.id)).not.toContain(`seat:${amyId}`)
    await evictDurableObject(roomFor(env, session.id), { webSockets: 'hibernate' })
    expect((await (await connect(session.id, seat)).next('error')).code).toBe('unknown_seat')
  })
})

describe('total close (invariant 6): the grace and the alarms', { timeout: 20_000 }, () => {
  it('the alarm is set at the grace deadline when the last facilitator drops', () =>
    withGrace(60, async () => {
      const g = await liveGroup()
      g.fac.close()
      const away = await g.amy.next('facilitator_away')
      expect(await alarmOf(g.session.id)).toBe(away.closesAt)
      // A facilitator returning clears the deadline: the alarm goes back to the closing time.
      const back = await connect(g.session.id, g.facSeat)
      await back.next('welcome')
      expect(await alarmOf(g.session.id)).toBe(g.session.closesAt)
    }))

  it('the alarm is set at the supervision deadline when a youth session drops below two adults', () =>
    withGrace(60, async () => {
      const staff = await signInStaff()
      const session = await createSession(staff, { kind: 'youth' })
      const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Marie')
      const observer = await joinAs(
        session.id,
        await linkSeat(staff, session.id, 'observer'),
        'Guardian',
      )
      await admit(fac, observer)
      const youth = await joinAs(session.id, await participantSeat(staff, session.id), 'Sky')
      await admit(fac, youth)
      expect(await alarmOf(session.id)).toBe(session.closesAt)
      observer.close()
      const warning = await youth.next('supervision')
      expect(warning.ok).toBe(false)
      expect(await alarmOf(session.id)).toBe(warning.closesAt)
    }))

  it('only a facilitator cancels the grace: a participant reconnecting does not', async () => {
    const g = await liveGroup()
    const bea = await joinAs(
      g.session.id,
      await linkSeat(g.staff, g.session.id, 'participant'),
      'Bea',
    )
    const observer = await joinAs(
      g.session.id,
      await linkSeat(g.staff, g.session.id, 'observer'),
      'Obs',
    )
    g.fac.close()
    const away = await g.amy.next('facilitator_away')
    // Everyone but a facilitator reconnects during the grace.
    g.amy.close()
    await sleep(50)
    const amy = await connect(g.session.id, g.amySeat)
    expect((await amy.next('facilitator_away')).closesAt).toBe(away.closesAt)
    expect(await alarmOf(g.session.id)).toBe(away.closesAt)
    await sleep(away.closesAt - Date.now() + 50)
    await runDurableObjectAlarm(roomFor(env, g.session.id))
    expect(await amy.next('ended')).toMatchObject({ reason: 'facilitator_left' })
    expect(await bea.next('ended')).toMatchObject({ reason: 'facilitator_left' })
    expect(await observer.next('ended')).toMatchObject({ reason: 'facilitator_left' })
  })

  it('a co-facilitator connecting does cancel the grace', async () => {
    const g = await liveGroup()
    const coSeat = await linkSeat(g.staff, g.session.id, 'cofacilitator')
    // Let in earlier by the facilitator (a co-facilitator link waits), then its tab reloaded.
    ;(await joinAdmitted(g.fac, g.session.id, coSeat, 'Chloé')).close()
    await sleep(50)
    g.fac.close()
    const away = await g.amy.next('facilitator_away')
    const co = await connect(g.session.id, coSeat)
    await co.next('welcome')
    expect(await alarmOf(g.session.id)).toBe(g.session.closesAt)
    await sleep(away.closesAt - Date.now() + 50)
    await runDurableObjectAlarm(roomFor(env, g.session.id))
    expect(g.amy.isClosed()).toBeUndefined()
  })
})

/** Every frame only a facilitator or co-facilitator may send, aimed at a real seat. */
const moderatorFrames = (seatId: string) => [
  { type: 'admit', seatId },
  { type: 'turn_away', seatId },
  { type: 'lower_all_hands' },
  { type: 'allow_camera', seatId, allowed: true },
  { type: 'set_chat', enabled: false },
  { type: 'delete_message', messageId: 'abcdefgh12', rule: 1 },
  { type: 'remove', seatId },
  { type: 'mute', seatId, source: 'microphone' },
  { type: 'stop_publishing', seatId },
  { type: 'spotlight', seatId },
  { ...fakeCipher(), type: 'private_reply', seatId },
  { type: 'end' },
]

describe('least privilege (invariant 5): moderator-only frames', { timeout: 20_000 }, () => {
  it.each(['participant', 'interpreter', 'observer'] as const)(
    'every moderator-only frame is refused for a %s, and changes nothing',
    async (role) => {
      const g = await liveGroup()
      const sender = await joinAs(g.session.id, await linkSeat(g.staff, g.session.id, role), 'Who')
      const frames = moderatorFrames(g.amyId)
      for (const frame of frames) {
        const mark = sender.frames.length
        sender.send(frame)
        const error = await sender.next('error', mark)
        expect(error.code, `${role} sent ${frame.type}`).toBe('forbidden')
      }
      // The session is still open, chat still on, Amy still in and not muted or spotlit.
      await chatStillFlows(g.amy, g.fac)
      await chatStillFlows(g.fac, sender)
      expect(g.amy.isClosed()).toBeUndefined()
      expect(g.amy.frames.some((f) => f.type === 'moderated' || f.type === 'spotlight')).toBe(false)
      expect(g.amy.frames.some((f) => f.type === 'chat_state' && !f.enabled)).toBe(false)
    },
  )

  it.each(['facilitator', 'cofacilitator'] as const)('a %s may end the session', async (role) => {
    const g = await liveGroup()
    const mod =
      role === 'facilitator'
        ? g.fac
        : await joinAdmitted(g.fac, g.session.id, await linkSeat(g.staff, g.session.id, role), 'Co')
    mod.send({ type: 'end' })
    expect(await g.amy.next('ended')).toMatchObject({ reason: 'ended' })
  })
})

/**
 * Who counts as one of the two adults a youth session needs: facilitators, co-facilitators and
 * observers who are admitted and connected — never an interpreter, a youth, or someone waiting.
 */
describe('youth supervision: who counts as an adult', { timeout: 20_000 }, () => {
  type Second = {
    role: InviteRole
    state: 'admitted' | 'waiting' | 'disconnected'
    counts: boolean
  }
  const cases: Second[] = [
    { role: 'cofacilitator', state: 'admitted', counts: true },
    // A co-facilitator link (possibly forwarded) is no adult until a facilitator lets them in.
    { role: 'cofacilitator', state: 'waiting', counts: false },
    { role: 'cofacilitator', state: 'disconnected', counts: false },
    { role: 'observer', state: 'admitted', counts: true },
    { role: 'observer', state: 'waiting', counts: false },
    { role: 'observer', state: 'disconnected', counts: false },
    { role: 'interpreter', state: 'admitted', counts: false },
    { role: 'interpreter', state: 'waiting', counts: false },
    { role: 'participant', state: 'waiting', counts: false },
  ]
  it.each(cases)('a facilitator and a $role ($state): counts as an adult = $counts', async (c) => {
    const staff = await signInStaff()
    const session = await createSession(staff, { kind: 'youth' })
    const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Marie')
    const second = await joinAs(session.id, await linkSeat(staff, session.id, c.role), 'Second')
    const secondWelcome = await second.next('welcome')
    if (c.state !== 'waiting' && !secondWelcome.admitted) {
      // Interpreters and observers wait in a youth session until a facilitator admits them.
      await admit(fac, second)
    }
    if (c.state === 'disconnected') {
      second.close()
      await sleep(100)
    }
    const youth = await joinAs(session.id, await participantSeat(staff, session.id), 'Sky')
    const youthId = (await youth.next('welcome')).seatId
    await sleep(50)
    const mark = fac.frames.length
    fac.send({ type: 'admit', seatId: youthId })
    if (c.counts) {
      expect(await youth.next('admitted')).toBeDefined()
    } else {
      expect((await fac.next('error', mark)).code).toBe('unsupervised')
      await sleep(50)
      expect(youth.frames.some((f) => f.type === 'admitted')).toBe(false)
    }
  })

  it('the supervision frame counts admitted observers and co-facilitators only', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff, { kind: 'youth' })
    const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Marie')
    const observer = await joinAs(
      session.id,
      await linkSeat(staff, session.id, 'observer'),
      'Guardian',
    )
    await admit(fac, observer)
    const interpreter = await joinAs(
      session.id,
      await linkSeat(staff, session.id, 'interpreter'),
      'Terp',
    )
    await admit(fac, interpreter)
    const youth = await joinAs(session.id, await participantSeat(staff, session.id), 'Sky')
    await admit(fac, youth)
    // A second observer waiting in the lobby is not an adult present.
    await joinAs(session.id, await linkSeat(staff, session.id, 'observer'), 'Waiting')
    const mark = youth.frames.length
    observer.close()
    // Facilitator alone (the interpreter and the waiting observer do not count): one adult.
    expect(await youth.next('supervision', mark)).toMatchObject({ ok: false, adults: 1 })
  })
})

describe('pseudonyms are shown to everyone (invariant 9)', () => {
  it.each([
    ['a right-to-left override', '\u202eAmy'],
    ['a bidi isolate', 'Amy\u2066x'],
    ['a zero-width space', 'A\u200bmy'],
    ['a NUL', 'Amy\u0000'],
    ['a newline inside', 'Amy\nEve'],
    ['a C1 control', 'Amy\u0085'],
  ])('a join with %s in the pseudonym is refused, and nobody sees it', async (_what, pseudonym) => {
    const staff = await signInStaff()
    const session = await createSession(staff)
    const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Marie')
    const amy = await connect(session.id, await participantSeat(staff, session.id))
    await amy.next('welcome')
    const mark = amy.frames.length
    amy.send({ type: 'join', pseudonym, agreed: true })
    const error = await amy.next('error', mark)
    expect(error.code).toBe('bad_frame')
    expect(error.message).toMatch(/cannot be shown/)
    await sleep(50)
    const rosters = fac.frames.filter((f) => f.type === 'roster')
    expect(
      rosters.every((r) => r.type === 'roster' && r.members.every((m) => m.pseudonym === 'Marie')),
    ).toBe(true)
  })
})
