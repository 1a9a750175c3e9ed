// The room's safety promises on its pure core (worker/room/core): step(state, event, now) driven
// event by event, with what the shell would keep (storage, open sockets, the alarm) tracked by the
// simulation's world. Each promise is asserted on the core's own answer — the frames, closes,
// storage writes and alarm it asks for — so breaking a rule fails here in milliseconds (and under
// StrykerJS, in Node). test/worker/safety-promises.test.ts asserts the same through the real
// Durable Object. Pure: runs in the Workers suite and in Node for mutation testing.
import { describe, expect, it } from 'vitest'
import {
  CLOSE_CODES,
  type ClientMessage,
  type Role,
  type ServerMessage,
  type SessionKind,
} from '../../../worker/protocol'
import { D1_RETRY_MS, IN_FLIGHT_MS, nextAlarm } from '../../../worker/room/core/closing'
import { Tx } from '../../../worker/room/core/context'
import { FRAME_RATES, frameClass } from '../../../worker/room/core/limits'
import { REVOKE_AHEAD_S, roomCapacity } from '../../../worker/room/core/media'
import { ALERT_REPEAT_MS } from '../../../worker/room/core/moderation'
import { ROSTER_GAP_MS } from '../../../worker/room/core/roster'
import { DEFAULT_MAX_PARTICIPANTS } from '../../../worker/room/core/seats'
import { initialState, step } from '../../../worker/room/core/step'
import type { Effect, Event, Pending, SessionShape } from '../../../worker/room/core/types'
import type { RoomMeta, Seat } from '../../../worker/room/state'
import { apply, newWorld, type World } from '../sim/world'

const T0 = 1_800_000_000_000
const HOUR = 3_600_000
const GRACE_MS = 20_000
const IV = btoa('123456789012')
const CT = btoa('x'.repeat(18))

type Frame<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>

/** One session's room: the core, what the shell keeps, and the effects of the last event. */
class Room {
  readonly w: World
  readonly session: SessionShape
  now = T0
  effects: Effect[] = []
  private n = 0

  constructor(
    kind: SessionKind = 'group',
    opts: { lobby?: boolean; media?: boolean; maxParticipants?: number } = {},
  ) {
    const media = opts.media ?? false
    this.w = newWorld(media, initialState(media))
    this.session = {
      id: 'SessionAbcdEfgh01',
      kind,
      closesAt: T0 + HOUR,
      graceSeconds: GRACE_MS / 1000,
      ...(opts.lobby ? { lobby: true } : {}),
      ...(opts.maxParticipants ? { maxParticipants: opts.maxParticipants } : {}),
    }
  }

  get state() {
    return this.w.state
  }
  get meta(): RoomMeta {
    return this.w.state.meta!
  }

  /** One event, a second after the last one unless `at` is given (rosters then go out at once). */
  ev(event: Event, at = this.now + 1000): Effect[] {
    this.now = at
    this.effects = apply(this.w, { at, kind: 'event', event }, step).effects
    return this.effects
  }

  /** The runtime drops the object's memory: the core is rebuilt from storage and open sockets. */
  hibernate() {
    apply(this.w, { at: this.now, kind: 'hibernate' }, step)
  }

  seat(role: Role, opts: { staffId?: string; codeWordRequired?: boolean } = {}): string {
    const n = ++this.n
    const seatId = `seat${n}AbCdEfGh`
    this.ev({ type: 'create_seat', session: this.session, role, seatId, secretHash: `hash-${n}`, identity: `lk-${n}`, ...opts })
    return seatId
  }

  connect(seatId: string, secretHash = this.w.seats.get(seatId)?.secretHash): string {
    const socket = `sock${++this.n}`
    this.ev({ type: 'connect', socket, seatId, ...(secretHash ? { secretHash } : {}) })
    return socket
  }

  send(socket: string, msg: ClientMessage | Record<string, unknown>, at?: number): Effect[] {
    return this.ev({ type: 'frame', socket, raw: JSON.stringify(msg), nonce: `n${++this.n}xyz` }, at)
  }

  /** A seat made, connected and joined under a pseudonym. */
  person(role: Role, pseudonym = `P${this.n + 1}`, opts: { staffId?: string } = {}) {
    const seatId = this.seat(role, role === 'facilitator' ? { staffId: opts.staffId ?? `staff-${this.n}` } : opts)
    const socket = this.connect(seatId)
    this.send(socket, { type: 'join', pseudonym, agreed: true })
    return { seatId, socket, identity: this.state.seats[seatId]!.identity }
  }

  admit(by: string, seatId: string) {
    return this.send(by, { type: 'admit', seatId })
  }

  close(socket: string, at?: number) {
    return this.ev({ type: 'socket_closed', socket }, at)
  }

  alarm(at: number) {
    return this.ev({ type: 'alarm' }, at)
  }

  /** Frames the last event sent to a socket, optionally of one type. */
  to<T extends ServerMessage['type']>(socket: string, type: T): Frame<T>[] {
    return this.effects.flatMap((e) =>
      e.type === 'send' && e.to.includes(socket) && e.frame.type === type ? [e.frame as Frame<T>] : [],
    )
  }
  one<T extends ServerMessage['type']>(socket: string, type: T): Frame<T> {
    const frames = this.to(socket, type)
    expect(frames, `${type} to ${socket} in ${JSON.stringify(this.effects)}`).toHaveLength(1)
    return frames[0]!
  }
  error(socket: string) {
    return this.one(socket, 'error').code
  }
  closedWith(socket: string) {
    return this.effects.flatMap((e) => (e.type === 'close' && e.socket === socket ? [e.code] : []))
  }
  effectsOf<T extends Effect['type']>(type: T): Extract<Effect, { type: T }>[] {
    return this.effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type)
  }
  /** Everything the room keeps, as text: what a rebuilt room would start from. */
  kept() {
    return JSON.stringify({ meta: this.w.storage.meta, seats: [...this.w.storage.seats.entries()] })
  }
}

/** A group session with a facilitator and a participant, both joined. */
function circle(kind: SessionKind = 'group', opts: { lobby?: boolean; media?: boolean } = {}) {
  const room = new Room(kind, opts)
  const fac = room.person('facilitator', 'Marie')
  const amy = room.person('participant', 'Amy')
  return { room, fac, amy }
}

/** A youth session with a facilitator and an observer admitted, and one youth admitted. */
function youthCircle(media = false) {
  const room = new Room('youth', { media })
  const fac = room.person('facilitator', 'Marie')
  const obs = room.person('observer', 'Guardian')
  room.admit(fac.socket, obs.seatId)
  const sky = room.person('participant', 'Sky')
  room.admit(fac.socket, sky.seatId)
  expect(room.state.seats[sky.seatId]!.admitted).toBe(true)
  return { room, fac, obs, sky }
}

// ── invariant 7: removed means out ─────────────────────────────────────────────────────────────

describe('removed means out (invariant 7), on the core', () => {
  it('a removed seat is told, closed, deleted from storage, and refused after a rebuild', () => {
    const { room, fac, amy } = circle()
    room.send(fac.socket, { type: 'remove', seatId: amy.seatId })
    expect(room.to(amy.socket, 'removed')).toHaveLength(1)
    expect(room.closedWith(amy.socket)).toEqual([CLOSE_CODES.removed])
    expect(room.effectsOf('delete_seat')).toEqual([{ type: 'delete_seat', seatId: amy.seatId }])
    // The notice goes before the close.
    const order = room.effects.map((e) => e.type)
    expect(order.indexOf('send')).toBeLessThan(order.indexOf('close'))
    expect(room.state.seats[amy.seatId]).toBeUndefined()
    expect(room.w.storage.seats.has(amy.seatId)).toBe(false)
    expect(room.kept()).not.toContain(amy.seatId)
    // Nobody else is touched; the roster no longer lists her.
    expect(room.closedWith(fac.socket)).toEqual([])
    expect(room.one(fac.socket, 'roster').members.map((m) => m.pseudonym)).toEqual(['Marie'])
    room.hibernate()
    const again = room.connect(amy.seatId)
    expect(room.error(again)).toBe('unknown_seat')
    expect(room.closedWith(again)).toEqual([CLOSE_CODES.unauthorized])
    expect(room.effectsOf('accept')).toEqual([])
  })

  it('a facilitator cannot be removed, and an unknown seat is said to be gone', () => {
    const { room, fac } = circle()
    const co = room.person('cofacilitator', 'Co')
    room.send(co.socket, { type: 'remove', seatId: fac.seatId })
    expect(room.one(co.socket, 'error')).toMatchObject({ code: 'forbidden', message: 'A facilitator cannot be removed.' })
    expect(room.state.seats[fac.seatId]).toBeDefined()
    room.send(fac.socket, { type: 'remove', seatId: 'nobodyAbCdEf' })
    expect(room.error(fac.socket)).toBe('unknown_seat')
  })

  it('a person turned away from the lobby is told, closed and deleted from storage', () => {
    const room = new Room('group', { lobby: true })
    const fac = room.person('facilitator', 'Marie')
    const amy = room.person('participant', 'Amy')
    expect(room.state.seats[amy.seatId]!.admitted).toBe(false)
    expect(room.one(fac.socket, 'lobby').waiting.map((w) => w.pseudonym)).toEqual(['Amy'])
    room.send(fac.socket, { type: 'turn_away', seatId: amy.seatId })
    expect(room.to(amy.socket, 'turned_away')).toHaveLength(1)
    expect(room.closedWith(amy.socket)).toEqual([CLOSE_CODES.turnedAway])
    expect(room.effectsOf('delete_seat')).toEqual([{ type: 'delete_seat', seatId: amy.seatId }])
    expect(room.one(fac.socket, 'lobby').waiting).toEqual([])
    room.hibernate()
    expect(room.error(room.connect(amy.seatId))).toBe('unknown_seat')
    // Nobody admitted is turned away.
    room.send(fac.socket, { type: 'turn_away', seatId: fac.seatId })
    expect(room.error(fac.socket)).toBe('unknown_seat')
  })

  it('removing someone who was in media moves the session to a new media room', () => {
    const { room, fac, amy } = circle('group', { media: true })
    const bea = room.person('participant', 'Bea')
    for (const p of [amy, bea]) {
      room.send(p.socket, { type: 'media', mode: 'audio' })
      const [call] = room.effectsOf('livekit')
      expect(call!.call).toEqual({ op: 'create_room', room: 'SessionAbcdEfgh01.0', maxParticipants: DEFAULT_MAX_PARTICIPANTS + 1 })
      room.ev({ type: 'livekit_answer', call: call!.call, then: call!.then, ok: true })
      expect(room.effectsOf('media_token')[0]).toMatchObject({ seatId: p.seatId, room: 'SessionAbcdEfgh01.0' })
    }
    room.send(fac.socket, { type: 'remove', seatId: amy.seatId })
    expect(room.meta.mediaGeneration).toBe(1)
    const revokedAt = Math.ceil(room.now / 1000) + REVOKE_AHEAD_S
    const owed = [
      { op: 'remove', room: 'SessionAbcdEfgh01.0', identity: amy.identity, revokedAt, attempts: 0, nextAt: 0 },
      { op: 'delete', room: 'SessionAbcdEfgh01.0', attempts: 0, nextAt: 0 },
    ]
    // Handed to the shell now, and kept (not handed again while in flight) until LiveKit confirms.
    expect(room.effectsOf('livekit_tasks').flatMap((e) => e.tasks)).toEqual(owed)
    expect(room.w.storage.meta?.livekitTasks).toEqual(owed.map((t) => ({ ...t, nextAt: room.now + IN_FLIGHT_MS })))
    // Bea, still in media, is asked a token for the new room; Amy is not.
    const calls = room.effectsOf('livekit')
    expect(calls.map((c) => c.call)).toEqual([{ op: 'create_room', room: 'SessionAbcdEfgh01.1', maxParticipants: DEFAULT_MAX_PARTICIPANTS + 1 }])
    expect(calls[0]!.then).toMatchObject({ kind: 'token', seatId: bea.seatId, generation: 1 })
    // Removing someone in text only moves nothing.
    const cleo = room.person('participant', 'Cleo')
    room.send(fac.socket, { type: 'remove', seatId: cleo.seatId })
    expect(room.meta.mediaGeneration).toBe(1)
    expect(room.effectsOf('livekit')).toEqual([])
  })

  it('a removed identity LiveKit lets in, or one from an earlier room, is removed again', () => {
    const { room, amy } = circle('group', { media: true })
    room.ev({ type: 'webhook', event: 'participant_joined', room: 'SessionAbcdEfgh01.0', identity: 'lk-stranger' })
    const [task] = room.effectsOf('livekit_tasks').flatMap((e) => e.tasks)
    expect(task).toMatchObject({ op: 'remove', room: 'SessionAbcdEfgh01.0', identity: 'lk-stranger', revokedAt: Math.ceil(room.now / 1000) + REVOKE_AHEAD_S })
    room.ev({ type: 'webhook', event: 'participant_joined', room: 'SessionAbcdEfgh01.0', identity: amy.identity })
    expect(room.effectsOf('livekit_tasks')).toEqual([])
    room.ev({ type: 'webhook', event: 'participant_joined', room: 'SessionAbcdEfgh01.7', identity: amy.identity })
    expect(room.effectsOf('livekit_tasks').flatMap((e) => e.tasks).map((t) => `${t.op} ${t.room}`)).toEqual([
      'remove SessionAbcdEfgh01.7',
      'delete SessionAbcdEfgh01.7',
    ])
    // A left event from an earlier room changes nothing.
    room.ev({ type: 'webhook', event: 'participant_left', room: 'SessionAbcdEfgh01.6', identity: amy.identity })
    expect(room.effectsOf('livekit_tasks')).toEqual([])
  })
})

// ── invariant 6: total close, the grace, the alarms ────────────────────────────────────────────

describe('total close (invariant 6), on the core: the grace and the alarm', () => {
  it('the last facilitator dropping starts the grace, with the alarm set at its deadline', () => {
    const { room, fac, amy } = circle()
    expect(room.w.alarmAt).toBe(room.session.closesAt)
    room.close(fac.socket)
    const deadline = room.now + GRACE_MS
    expect(room.meta.graceDeadline).toBe(deadline)
    expect(room.w.storage.meta?.graceDeadline).toBe(deadline)
    expect(room.one(amy.socket, 'facilitator_away').closesAt).toBe(deadline)
    expect(room.effectsOf('alarm')).toEqual([{ type: 'alarm', at: deadline }])
    expect(room.w.alarmAt).toBe(deadline)
  })

  it.each(['participant', 'observer', 'interpreter'] as const)(
    'only a facilitator cancels the grace: a %s reconnecting does not',
    (role) => {
      const { room, fac, amy } = circle()
      const other = role === 'participant' ? amy : room.person(role, 'Other')
      room.close(fac.socket)
      const deadline = room.meta.graceDeadline!
      room.close(other.socket)
      const back = room.connect(other.seatId)
      expect(room.effectsOf('accept')).toHaveLength(1)
      expect(room.meta.graceDeadline).toBe(deadline)
      expect(room.w.storage.meta?.graceDeadline).toBe(deadline)
      expect(room.w.alarmAt).toBe(deadline)
      expect(room.one(back, 'facilitator_away').closesAt).toBe(deadline)
      expect(room.one(back, 'welcome').facilitatorPresent).toBe(false)
      // Before the deadline the alarm closes nothing; at it, the session ends for everyone.
      room.alarm(deadline - 1)
      expect(room.meta.status).toBe('open')
      room.alarm(deadline)
      expect(room.meta.status).toBe('closed')
      expect(room.one(back, 'ended').reason).toBe('facilitator_left')
      expect(room.closedWith(back)).toEqual([CLOSE_CODES.ended])
    },
  )

  it.each(['facilitator', 'cofacilitator'] as const)('a %s connecting cancels the grace', (role) => {
    const { room, fac, amy } = circle()
    const seatId = role === 'facilitator' ? fac.seatId : room.seat('cofacilitator')
    room.close(fac.socket)
    const deadline = room.meta.graceDeadline!
    const back = room.connect(seatId)
    expect(room.meta.graceDeadline).toBeUndefined()
    expect(room.w.storage.meta?.graceDeadline).toBeUndefined()
    expect(room.w.alarmAt).toBe(room.session.closesAt)
    expect(room.one(amy.socket, 'roster').facilitatorPresent).toBe(true)
    expect(room.to(back, 'facilitator_away')).toEqual([])
    room.alarm(deadline)
    expect(room.meta.status).toBe('open')
    expect(room.closedWith(amy.socket)).toEqual([])
  })

  it('one facilitator leaving while another is connected starts no grace', () => {
    const { room, fac, amy } = circle()
    const co = room.person('cofacilitator', 'Co')
    room.close(co.socket)
    expect(room.meta.graceDeadline).toBeUndefined()
    room.close(amy.socket)
    expect(room.meta.graceDeadline).toBeUndefined()
    room.close(fac.socket)
    expect(room.meta.graceDeadline).toBe(room.now + GRACE_MS)
    // A second drop does not push the deadline back.
    const deadline = room.meta.graceDeadline
    const again = room.connect(amy.seatId)
    room.close(again)
    expect(room.meta.graceDeadline).toBe(deadline)
  })

  it("a facilitator's media joining during the grace cancels it; a participant's does not", () => {
    const { room, fac, amy } = circle('group', { media: true })
    room.close(fac.socket)
    const current = 'SessionAbcdEfgh01.0'
    room.ev({ type: 'webhook', event: 'participant_joined', room: current, identity: amy.identity })
    expect(room.meta.graceDeadline).toBeDefined()
    room.ev({ type: 'webhook', event: 'participant_joined', room: current, identity: fac.identity })
    expect(room.meta.graceDeadline).toBeUndefined()
    // Media leaving while the facilitator's socket is gone starts it again; with a socket, not.
    room.ev({ type: 'webhook', event: 'participant_left', room: current, identity: fac.identity })
    expect(room.meta.graceDeadline).toBe(room.now + GRACE_MS)
    const back = room.connect(fac.seatId)
    room.ev({ type: 'webhook', event: 'participant_left', room: current, identity: fac.identity })
    expect(room.meta.graceDeadline).toBeUndefined()
    room.ev({ type: 'webhook', event: 'participant_connection_aborted', room: current, identity: amy.identity })
    expect(room.meta.graceDeadline).toBeUndefined()
    expect(back).toBeDefined()
  })

  it('the last facilitator leaving on purpose ends the session at once', () => {
    const { room, fac, amy } = circle()
    room.send(fac.socket, { type: 'leave' })
    expect(room.meta.status).toBe('closed')
    expect(room.one(amy.socket, 'ended').reason).toBe('ended')
    expect(room.closedWith(fac.socket)).toEqual([CLOSE_CODES.left])
  })

  it('a participant leaving is gone from storage; the session goes on', () => {
    const { room, fac, amy } = circle()
    room.send(amy.socket, { type: 'leave' })
    expect(room.meta.status).toBe('open')
    expect(room.closedWith(amy.socket)).toEqual([CLOSE_CODES.left])
    expect(room.w.storage.seats.has(amy.seatId)).toBe(false)
    expect(room.one(fac.socket, 'roster').members.map((m) => m.pseudonym)).toEqual(['Marie'])
  })

  it('the alarm at the closing time ends the session as expired', () => {
    const { room, amy } = circle()
    room.alarm(room.session.closesAt - 1)
    expect(room.meta.status).toBe('open')
    // An alarm that ran is gone from the runtime: it is always set again.
    expect(room.effectsOf('alarm')).toEqual([{ type: 'alarm', at: room.session.closesAt }])
    room.alarm(room.session.closesAt)
    expect(room.one(amy.socket, 'ended').reason).toBe('expired')
  })

  it('the close is total: everyone told and closed, storage wiped, D1 and LiveKit owed', () => {
    const { room, fac, amy } = circle('group', { media: true })
    const waiting = room.connect(room.seat('observer'))
    room.send(amy.socket, { type: 'alert', kind: 'not_safe' })
    room.send(fac.socket, { type: 'end' })
    for (const s of [fac.socket, amy.socket, waiting]) {
      expect(room.one(s, 'ended').reason).toBe('ended')
      expect(room.closedWith(s)).toEqual([CLOSE_CODES.ended])
    }
    const types = room.effects.map((e) => e.type)
    expect(types.indexOf('wipe')).toBeGreaterThanOrEqual(0)
    expect(types.indexOf('wipe')).toBeLessThan(types.indexOf('close'))
    expect(types).toContain('record_close')
    expect(room.state.seats).toEqual({})
    expect(room.state.sockets).toEqual({})
    expect(room.w.storage.seats.size).toBe(0)
    expect(room.meta).toMatchObject({ status: 'closed', chatEnabled: false, pendingD1Close: true })
    expect(room.kept()).not.toMatch(/Amy|Marie|lk-|pendingAlerts|graceDeadline/)
    expect(room.meta.livekitTasks).toEqual([{ op: 'delete', room: 'SessionAbcdEfgh01.0', attempts: 0, nextAt: room.now + IN_FLIGHT_MS }])
    // Nobody gets back in, no seat is made, a stale socket is closed.
    const late = room.connect(amy.seatId)
    expect(room.one(late, 'ended').reason).toBe('ended')
    expect(room.closedWith(late)).toEqual([CLOSE_CODES.ended])
    room.ev({ type: 'create_seat', session: room.session, role: 'participant', seatId: 'lateSeatAbCd', secretHash: 'h', identity: 'lk-late' })
    expect(room.effectsOf('reply')).toEqual([{ type: 'reply', value: { ok: false } }])
    room.send(amy.socket, { type: 'hand', raised: true })
    expect(room.closedWith(amy.socket)).toEqual([CLOSE_CODES.unauthorized])
    // The alarm keeps retrying D1 until it answers.
    expect(room.w.alarmAt).toBe(room.now + D1_RETRY_MS)
    room.alarm(room.now + D1_RETRY_MS)
    expect(room.effectsOf('record_close')).toHaveLength(1)
    room.ev({ type: 'd1_closed', ok: false })
    expect(room.meta.pendingD1Close).toBe(true)
    room.ev({ type: 'd1_closed', ok: true })
    expect(room.meta.pendingD1Close).toBe(false)
  })

  it('ending a session nobody opened still closes it', () => {
    const room = new Room()
    room.ev({ type: 'end', session: room.session, reason: 'ended' })
    expect(room.meta).toMatchObject({ status: 'closed', sessionId: 'SessionAbcdEfgh01' })
    expect(room.effectsOf('record_close')).toHaveLength(1)
  })
})

describe('the alarm is the earliest deadline (nextAlarm)', () => {
  const open: RoomMeta = {
    sessionId: 's',
    kind: 'group',
    closesAt: T0 + HOUR,
    status: 'open',
    maxParticipants: 20,
    lobby: false,
    graceSeconds: 20,
    chatEnabled: true,
  }
  it('no room, no alarm; an open room: its closing time', () => {
    expect(nextAlarm(undefined, T0)).toBeNull()
    expect(nextAlarm(open, T0)).toBe(T0 + HOUR)
  })
  it('the grace and the supervision deadlines, whichever comes first', () => {
    expect(nextAlarm({ ...open, graceDeadline: T0 + 5 }, T0)).toBe(T0 + 5)
    expect(nextAlarm({ ...open, supervisionDeadline: T0 + 7 }, T0)).toBe(T0 + 7)
    expect(nextAlarm({ ...open, graceDeadline: T0 + 9, supervisionDeadline: T0 + 7 }, T0)).toBe(T0 + 7)
    expect(nextAlarm({ ...open, graceDeadline: T0 + 7, supervisionDeadline: T0 + 9 }, T0)).toBe(T0 + 7)
  })
  it('a closed room: only D1 and LiveKit work still owed', () => {
    const closed: RoomMeta = { ...open, status: 'closed', graceDeadline: T0 + 1 }
    expect(nextAlarm(closed, T0)).toBeNull()
    expect(nextAlarm({ ...closed, pendingD1Close: true }, T0)).toBe(T0 + D1_RETRY_MS)
    const task = { op: 'delete' as const, room: 'r', attempts: 0 }
    expect(nextAlarm({ ...closed, livekitTasks: [{ ...task, nextAt: T0 + 300 }] }, T0)).toBe(T0 + 300)
    expect(nextAlarm({ ...closed, livekitTasks: [{ ...task, nextAt: T0 - 300 }] }, T0)).toBe(T0)
    expect(nextAlarm({ ...open, livekitTasks: [{ ...task, nextAt: T0 + 300 }] }, T0)).toBe(T0 + 300)
  })
})

describe('LiveKit work owed is retried until confirmed', () => {
  it('a failed deletion is retried with backoff; a confirmed one is forgotten', () => {
    const { room, fac } = circle('group', { media: true })
    room.send(fac.socket, { type: 'end' })
    const [task] = room.effectsOf('livekit_tasks').flatMap((e) => e.tasks)
    expect(task).toMatchObject({ op: 'delete', nextAt: 0 })
    room.ev({ type: 'tasks_done', done: [], failed: [task!] })
    expect(room.meta.livekitTasks).toEqual([{ ...task, attempts: 1, nextAt: room.now + 1000 }])
    // Not handed out again before it is due.
    room.alarm(room.now + 500)
    expect(room.effectsOf('livekit_tasks')).toEqual([])
    room.alarm(room.now + 500)
    const [retry] = room.effectsOf('livekit_tasks').flatMap((e) => e.tasks)
    expect(retry).toMatchObject({ op: 'delete', attempts: 1 })
    room.ev({ type: 'tasks_done', done: [retry!], failed: [] })
    expect(room.meta.livekitTasks).toEqual([])
  })
})

// ── youth supervision ──────────────────────────────────────────────────────────────────────────

describe('youth supervision on the core: who counts as an adult', () => {
  type Case = { role: Role; admitted: boolean; online: boolean; counts: boolean }
  const cases: Case[] = []
  for (const role of ['facilitator', 'cofacilitator', 'observer', 'interpreter', 'participant'] as const) {
    for (const admitted of [true, false]) {
      for (const online of [true, false]) {
        const adult = role !== 'participant' && role !== 'interpreter'
        cases.push({ role, admitted, online, counts: adult && admitted && online })
      }
    }
  }
  it.each(cases)('a $role (admitted $admitted, connected $online) counts as an adult: $counts', (c) => {
    const room = new Room('youth')
    const fac = room.person('facilitator', 'Marie')
    const seatId = room.seat(c.role, c.role === 'facilitator' ? { staffId: 'other-staff' } : {})
    room.state.seats[seatId] = { ...room.state.seats[seatId]!, admitted: c.admitted, pseudonym: 'Second' }
    if (c.online) room.connect(seatId)
    const tx = new Tx(room.state, room.now)
    expect(tx.adultsPresent()).toBe(c.counts ? 2 : 1)
    // The admit frame agrees: a youth comes in only with two adults present.
    const sky = room.person('participant', 'Sky')
    room.admit(fac.socket, sky.seatId)
    if (c.counts) {
      expect(room.to(sky.socket, 'admitted')).toHaveLength(1)
    } else {
      expect(room.one(fac.socket, 'error')).toMatchObject({ code: 'unsupervised', message: 'Two adults must be present before youth are admitted.' })
      expect(room.state.seats[sky.seatId]!.admitted).toBe(false)
      expect(room.to(sky.socket, 'admitted')).toEqual([])
    }
  })

  it('two connections of one adult count once', () => {
    const room = new Room('youth')
    room.person('facilitator', 'Marie')
    const second = room.connect(room.seat('facilitator', { staffId: 'staff-x' }))
    expect(new Tx(room.state, room.now).adultsPresent()).toBe(2)
    expect(second).toBeDefined()
  })

  it('in a youth session only staff come in at once; everyone else waits', () => {
    const room = new Room('youth')
    const admitted = (r: Room, role: Role) => {
      const seatId = r.seat(role)
      return r.state.seats[seatId]!.admitted
    }
    for (const role of ['facilitator', 'cofacilitator'] as const) expect(admitted(room, role)).toBe(true)
    for (const role of ['participant', 'observer', 'interpreter'] as const) expect(admitted(room, role)).toBe(false)
    const group = new Room('group')
    for (const role of ['participant', 'observer', 'interpreter'] as const) expect(admitted(group, role)).toBe(true)
    const lobby = new Room('group', { lobby: true })
    expect(admitted(lobby, 'participant')).toBe(false)
    expect(admitted(lobby, 'cofacilitator')).toBe(true)
  })

  it('below two adults with youth in: the alarm at the supervision deadline, youth told, then the close', () => {
    const { room, fac, obs, sky } = youthCircle()
    expect(room.meta.supervisionDeadline).toBeUndefined()
    room.close(obs.socket)
    const deadline = room.now + GRACE_MS
    expect(room.meta.supervisionDeadline).toBe(deadline)
    expect(room.w.storage.meta?.supervisionDeadline).toBe(deadline)
    expect(room.one(sky.socket, 'supervision')).toEqual({ type: 'supervision', ok: false, adults: 1, closesAt: deadline })
    expect(room.one(fac.socket, 'supervision').adults).toBe(1)
    expect(room.effectsOf('alarm')).toEqual([{ type: 'alarm', at: deadline }])
    // Someone arriving during the countdown is told of it.
    const late = room.connect(sky.seatId)
    expect(room.one(late, 'supervision')).toEqual({ type: 'supervision', ok: false, adults: 1, closesAt: deadline })
    room.alarm(deadline - 1)
    expect(room.meta.status).toBe('open')
    room.alarm(deadline)
    expect(room.one(fac.socket, 'ended').reason).toBe('unsupervised')
  })

  it('a second adult returning lifts the pause and the deadline', () => {
    const { room, obs, sky } = youthCircle()
    room.close(obs.socket)
    room.connect(obs.seatId)
    expect(room.meta.supervisionDeadline).toBeUndefined()
    expect(room.w.storage.meta?.supervisionDeadline).toBeUndefined()
    expect(room.one(sky.socket, 'supervision')).toEqual({ type: 'supervision', ok: true, adults: 2 })
    expect(room.w.alarmAt).toBe(room.session.closesAt)
  })

  it('no youth in the room, no countdown; a group session never has one', () => {
    const room = new Room('youth')
    const fac = room.person('facilitator', 'Marie')
    const obs = room.person('observer', 'Guardian')
    room.admit(fac.socket, obs.seatId)
    room.person('participant', 'Sky')
    room.close(obs.socket)
    expect(room.meta.supervisionDeadline).toBeUndefined()
    const { room: group, amy } = circle()
    group.close(amy.socket)
    expect(group.meta.supervisionDeadline).toBeUndefined()
  })

  it('the last youth leaving lifts the countdown', () => {
    const { room, obs, sky } = youthCircle()
    room.close(obs.socket)
    expect(room.meta.supervisionDeadline).toBeDefined()
    room.send(room.connect(sky.seatId), { type: 'leave' })
    expect(room.meta.supervisionDeadline).toBeUndefined()
  })

  it("youth media is paused below two adults and given back after (the grant policy's answer)", () => {
    const { room, fac, obs, sky } = youthCircle(true)
    room.send(sky.socket, { type: 'media', mode: 'video' })
    const [req] = room.effectsOf('livekit')
    room.ev({ type: 'livekit_answer', call: req!.call, then: req!.then, ok: true })
    expect(room.effectsOf('media_token')[0]!.grant.sources).toEqual(['microphone'])
    room.close(obs.socket)
    expect(room.effectsOf('livekit').map((c) => c.call)).toEqual([
      { op: 'publishing', room: 'SessionAbcdEfgh01.0', identity: sky.identity, sources: [] },
    ])
    room.connect(obs.seatId)
    expect(room.effectsOf('livekit').map((c) => c.call)).toEqual([
      { op: 'publishing', room: 'SessionAbcdEfgh01.0', identity: sky.identity, sources: ['microphone'] },
    ])
    // A camera allowed for one youth, by a facilitator.
    room.send(fac.socket, { type: 'allow_camera', seatId: sky.seatId, allowed: true })
    const [cam] = room.effectsOf('livekit')
    expect(cam!.call).toEqual({ op: 'publishing', room: 'SessionAbcdEfgh01.0', identity: sky.identity, sources: ['camera', 'microphone'] })
    room.ev({ type: 'livekit_answer', call: cam!.call, then: cam!.then, ok: true })
    expect(room.one(sky.socket, 'camera_permission').allowed).toBe(true)
    expect(room.state.seats[sky.seatId]!.cameraAllowed).toBe(true)
    // Her media rejoining re-applies what she may publish.
    room.ev({ type: 'webhook', event: 'participant_joined', room: 'SessionAbcdEfgh01.0', identity: sky.identity })
    expect(room.effectsOf('livekit')).toHaveLength(1)
    room.ev({ type: 'webhook', event: 'participant_joined', room: 'SessionAbcdEfgh01.0', identity: obs.identity })
    expect(room.effectsOf('livekit')).toHaveLength(0)
  })

  it('cameras are allowed for youth only, and without media the youth is told at once', () => {
    const { room, fac, obs, sky } = youthCircle()
    room.send(fac.socket, { type: 'allow_camera', seatId: obs.seatId, allowed: true })
    expect(room.error(fac.socket)).toBe('unknown_seat')
    room.send(fac.socket, { type: 'allow_camera', seatId: sky.seatId, allowed: true })
    expect(room.one(sky.socket, 'camera_permission').allowed).toBe(true)
    expect(room.w.storage.seats.get(sky.seatId)?.cameraAllowed).toBe(true)
    const { room: group, fac: gf, amy } = circle()
    group.send(gf.socket, { type: 'allow_camera', seatId: amy.seatId, allowed: true })
    expect(group.error(gf.socket)).toBe('unknown_seat')
  })
})

// ── invariant 5: least privilege ───────────────────────────────────────────────────────────────

const moderatorFrames = (seatId: string): ClientMessage[] => [
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
  { type: 'end' },
]

describe('least privilege (invariant 5) on the core: moderator-only frames', () => {
  for (const kind of ['group', 'youth'] as const) {
    it.each(['participant', 'interpreter', 'observer'] as const)(
      `every moderator-only frame is refused for a %s (${kind}), and changes nothing`,
      (role) => {
        const room = new Room(kind, { media: true })
        const fac = room.person('facilitator', 'Marie')
        const waiting = room.person('participant', 'Amy')
        const sender = room.person(role, 'Who')
        if (kind === 'youth') room.admit(fac.socket, sender.seatId)
        const before = JSON.stringify({ seats: room.state.seats, meta: room.state.meta })
        const kept = room.kept()
        for (const frame of moderatorFrames(waiting.seatId)) {
          room.send(sender.socket, frame)
          expect(room.one(sender.socket, 'error'), `${role} sent ${frame.type}`).toEqual({
            type: 'error',
            code: 'forbidden',
            message: 'Only a facilitator can do this.',
          })
          expect(room.effects.filter((e) => e.type !== 'send')).toEqual([])
        }
        expect(JSON.stringify({ seats: room.state.seats, meta: room.state.meta })).toBe(before)
        expect(room.kept()).toBe(kept)
      },
    )
  }

  it.each(['facilitator', 'cofacilitator'] as const)('a %s may send every one of them', (role) => {
    for (const frame of moderatorFrames('x')) {
      const room = new Room('youth', { media: true, lobby: true })
      const fac = room.person('facilitator', 'Marie')
      const mod = role === 'facilitator' ? fac : room.person('cofacilitator', 'Co')
      const obs = room.person('observer', 'Guardian')
      const target = room.person('participant', 'Sky')
      room.admit(fac.socket, obs.seatId)
      if (!['admit', 'turn_away'].includes(frame.type)) room.admit(fac.socket, target.seatId)
      room.send(mod.socket, 'seatId' in frame ? { ...frame, seatId: target.seatId } : frame)
      expect(room.to(mod.socket, 'error'), `${role} sent ${frame.type}`).toEqual([])
      expect(room.effects.length, frame.type).toBeGreaterThan(0)
    }
  })

  it('a facilitator ends the session; so does a co-facilitator', () => {
    for (const role of ['facilitator', 'cofacilitator'] as const) {
      const { room, amy } = circle()
      const mod = role === 'facilitator' ? undefined : room.person('cofacilitator', 'Co')
      room.send(mod?.socket ?? room.connect(room.seat('facilitator', { staffId: 'staff-2' })), { type: 'end' })
      expect(room.one(amy.socket, 'ended').reason).toBe('ended')
      expect(room.meta.status).toBe('closed')
    }
  })

  it('observers watch: no chat, no hand; the lobby neither chats nor raises a hand', () => {
    const room = new Room('group', { lobby: true })
    const fac = room.person('facilitator', 'Marie')
    const obs = room.person('observer', 'Guardian')
    room.admit(fac.socket, obs.seatId)
    room.send(obs.socket, { type: 'chat', iv: IV, ct: CT })
    expect(room.one(obs.socket, 'error')).toMatchObject({ code: 'forbidden', message: 'Observers see and hear the session; they do not write or raise a hand.' })
    room.send(obs.socket, { type: 'hand', raised: true })
    expect(room.error(obs.socket)).toBe('forbidden')
    const amy = room.person('participant', 'Amy')
    room.send(amy.socket, { type: 'chat', iv: IV, ct: CT })
    expect(room.error(amy.socket)).toBe('in_lobby')
    room.send(amy.socket, { type: 'hand', raised: true })
    expect(room.error(amy.socket)).toBe('in_lobby')
    room.send(amy.socket, { type: 'media', mode: 'text' })
    expect(room.error(amy.socket)).toBe('in_lobby')
    const unjoined = room.connect(room.seat('cofacilitator'))
    room.send(unjoined, { type: 'chat', iv: IV, ct: CT })
    expect(room.error(unjoined)).toBe('not_joined')
    room.send(unjoined, { type: 'media', mode: 'text' })
    expect(room.error(unjoined)).toBe('not_joined')
    room.send(unjoined, { type: 'alert', kind: 'not_safe' })
    expect(room.error(unjoined)).toBe('not_joined')
  })
})

// ── the door: seats, secrets, the lobby ────────────────────────────────────────────────────────

describe('the door: a seat secret, the lobby, the code word', () => {
  it('a socket needs its seat and the hash of its secret', () => {
    const { room } = circle()
    const seatId = room.seat('participant')
    for (const [id, hash] of [[seatId, 'wrong'], [seatId, undefined], ['nobodyAbCdEf', 'hash-1'], [undefined, undefined]] as const) {
      const socket = `s-${id}-${hash}`
      room.ev({ type: 'connect', socket, ...(id ? { seatId: id } : {}), ...(hash ? { secretHash: hash } : {}) })
      expect(room.error(socket)).toBe('unknown_seat')
      expect(room.closedWith(socket)).toEqual([CLOSE_CODES.unauthorized])
      expect(room.effectsOf('accept')).toEqual([])
    }
    const ok = room.connect(seatId)
    expect(room.effectsOf('accept')).toEqual([{ type: 'accept', socket: ok, seatId, role: 'participant' }])
  })

  it('a reload replaces the older socket of the same seat', () => {
    const { room, amy } = circle()
    const again = room.connect(amy.seatId)
    expect(room.closedWith(amy.socket)).toEqual([CLOSE_CODES.replaced])
    expect(room.state.sockets[again]).toEqual({ seatId: amy.seatId, role: 'participant' })
    expect(room.state.sockets[amy.socket]).toBeUndefined()
  })

  it('a staff member opening the room again replaces their earlier seat', () => {
    const room = new Room()
    const first = room.person('facilitator', 'Marie', { staffId: 'staff-a' })
    const other = room.person('facilitator', 'Paul', { staffId: 'staff-b' })
    const second = room.seat('facilitator', { staffId: 'staff-a' })
    expect(room.closedWith(first.socket)).toEqual([CLOSE_CODES.replaced])
    expect(room.state.seats[first.seatId]).toBeUndefined()
    expect(room.w.storage.seats.has(first.seatId)).toBe(false)
    expect(room.state.seats[other.seatId]).toBeDefined()
    expect(room.state.seats[second]!.staffId).toBe('staff-a')
    expect(room.effectsOf('reply')).toEqual([{ type: 'reply', value: { ok: true, seatId: second } }])
  })

  it('waiting people learn nothing of the room; facilitators see them in the lobby', () => {
    const room = new Room('group', { lobby: true })
    const fac = room.person('facilitator', 'Marie')
    const amySeat = room.seat('participant')
    const amy = room.connect(amySeat)
    const welcome = room.one(amy, 'welcome')
    expect(welcome).toMatchObject({ admitted: false, members: [], joined: false, role: 'participant', kind: 'group' })
    room.send(amy, { type: 'join', pseudonym: 'Amy', agreed: true })
    expect(room.one(fac.socket, 'lobby').waiting).toEqual([
      { seatId: amySeat, pseudonym: 'Amy', role: 'participant', codeWordRequired: false, codeWord: null },
    ])
    expect(room.to(amy, 'roster')).toEqual([])
    room.send(fac.socket, { type: 'chat', iv: IV, ct: CT })
    expect(room.to(amy, 'chat')).toEqual([])
    room.admit(fac.socket, amySeat)
    expect(room.to(amy, 'admitted')).toHaveLength(1)
    expect(room.one(amy, 'chat_state').enabled).toBe(true)
    expect(room.one(fac.socket, 'lobby').waiting).toEqual([])
    room.admit(fac.socket, amySeat)
    expect(room.error(fac.socket)).toBe('unknown_seat')
  })

  it('a code word travels sealed, reaches facilitators only, and is not kept after admission', () => {
    const room = new Room('group', { lobby: true })
    const fac = room.person('facilitator', 'Marie')
    const seatId = room.seat('participant', { codeWordRequired: true })
    const amy = room.connect(seatId)
    room.send(amy, { type: 'join', pseudonym: 'Amy', agreed: true })
    expect(room.one(amy, 'error')).toMatchObject({ code: 'bad_frame', message: 'This link asks for the code word agreed with your advocate.' })
    expect(room.state.seats[seatId]!.pseudonym).toBeNull()
    room.send(amy, { type: 'join', pseudonym: 'Amy', agreed: true, codeWord: { iv: IV, ct: CT } })
    expect(room.one(fac.socket, 'lobby').waiting[0]).toMatchObject({ codeWordRequired: true, codeWord: { iv: IV, ct: CT } })
    expect(room.w.storage.seats.get(seatId)?.codeWord).toEqual({ iv: IV, ct: CT })
    room.send(amy, { type: 'join', pseudonym: 'Amy', agreed: true })
    expect(room.error(amy)).toBe('already_joined')
    room.admit(fac.socket, seatId)
    expect(room.w.storage.seats.get(seatId)?.codeWord).toBeUndefined()
    expect(room.kept()).not.toContain(CT)
    // Admitted people need no code word; one sent anyway is not kept.
    const { room: g } = circle()
    const bea = g.seat('participant', { codeWordRequired: true })
    g.send(g.connect(bea), { type: 'join', pseudonym: 'Bea', agreed: true, codeWord: { iv: IV, ct: CT } })
    expect(g.state.seats[bea]!.codeWord).toBeUndefined()
  })
})

// ── safety tools ───────────────────────────────────────────────────────────────────────────────

describe('safety tools on the core', () => {
  it('a private alert reaches facilitators only, and is not repeated within 30 s', () => {
    const { room, fac, amy } = circle()
    const co = room.person('cofacilitator', 'Co')
    const bea = room.person('participant', 'Bea')
    room.send(amy.socket, { type: 'alert', kind: 'not_safe' })
    const alert = { type: 'alert', seatId: amy.seatId, pseudonym: 'Amy', kind: 'not_safe', at: room.now }
    expect(room.one(fac.socket, 'alert')).toEqual(alert)
    expect(room.one(co.socket, 'alert')).toEqual(alert)
    expect(room.to(bea.socket, 'alert')).toEqual([])
    expect(room.to(amy.socket, 'alert')).toEqual([])
    expect(room.one(amy.socket, 'alert_sent').delivered).toBe(true)
    room.send(amy.socket, { type: 'alert', kind: 'not_safe' }, room.now + ALERT_REPEAT_MS - 1000)
    expect(room.to(fac.socket, 'alert')).toEqual([])
    expect(room.one(amy.socket, 'alert_sent').delivered).toBe(true)
    room.send(amy.socket, { type: 'alert', kind: 'step_away' })
    expect(room.one(fac.socket, 'alert').kind).toBe('step_away')
    room.send(amy.socket, { type: 'alert', kind: 'not_safe' }, room.now + ALERT_REPEAT_MS)
    expect(room.to(fac.socket, 'alert')).toHaveLength(1)
  })

  it('an alert with no facilitator here is kept for the first who connects, and she is told', () => {
    const { room, fac, amy } = circle()
    room.close(fac.socket)
    room.send(amy.socket, { type: 'alert', kind: 'not_safe' })
    const at = room.now
    expect(room.one(amy.socket, 'alert_sent').delivered).toBe(false)
    expect(room.w.storage.meta?.pendingAlerts).toEqual([{ seatId: amy.seatId, kind: 'not_safe', at }])
    room.send(amy.socket, { type: 'alert', kind: 'step_away' })
    expect(room.one(amy.socket, 'alert_sent').delivered).toBe(false)
    room.hibernate()
    const back = room.connect(fac.seatId)
    expect(room.to(back, 'alert').map((a) => [a.kind, a.at, a.pseudonym])).toEqual([
      ['not_safe', at, 'Amy'],
      ['step_away', at + 1000, 'Amy'],
    ])
    expect(room.to(amy.socket, 'alert_sent').map((f) => f.delivered)).toEqual([true, true])
    expect(room.meta.pendingAlerts).toEqual([])
    expect(room.w.storage.meta?.pendingAlerts).toEqual([])
  })

  it('alerts of someone removed before a facilitator came are dropped', () => {
    const { room, fac, amy } = circle()
    const co = room.person('cofacilitator', 'Co')
    room.close(fac.socket)
    room.close(co.socket)
    room.send(amy.socket, { type: 'alert', kind: 'not_safe' })
    room.send(amy.socket, { type: 'leave' })
    expect(room.w.storage.meta?.pendingAlerts).toEqual([])
    const back = room.connect(fac.seatId)
    expect(room.to(back, 'alert')).toEqual([])
  })

  it('chat is relayed to joined, admitted people only, and never kept', () => {
    const room = new Room('group', { lobby: true })
    const fac = room.person('facilitator', 'Marie')
    const amy = room.person('participant', 'Amy')
    room.admit(fac.socket, amy.seatId)
    const waiting = room.person('participant', 'Bea')
    const unjoined = room.connect(room.seat('cofacilitator'))
    const effects = room.send(amy.socket, { type: 'chat', iv: IV, ct: CT })
    const chat = room.one(fac.socket, 'chat')
    expect(chat).toMatchObject({ from: amy.seatId, iv: IV, ct: CT, at: room.now })
    expect(chat.id.startsWith(amy.seatId)).toBe(true)
    expect(chat.id.length).toBeGreaterThan(amy.seatId.length)
    expect(room.to(amy.socket, 'chat')).toHaveLength(1)
    expect(room.to(waiting.socket, 'chat')).toEqual([])
    expect(room.to(unjoined, 'chat')).toEqual([])
    expect(effects.filter((e) => e.type !== 'send')).toEqual([])
    expect(room.kept()).not.toContain(CT)
  })

  it('chat off: participants are refused, facilitators still write; on again for everyone', () => {
    const { room, fac, amy } = circle()
    room.send(fac.socket, { type: 'set_chat', enabled: false })
    expect(room.one(amy.socket, 'chat_state').enabled).toBe(false)
    expect(room.w.storage.meta?.chatEnabled).toBe(false)
    room.send(amy.socket, { type: 'chat', iv: IV, ct: CT })
    expect(room.one(amy.socket, 'error')).toMatchObject({ code: 'chat_disabled' })
    expect(room.to(fac.socket, 'chat')).toEqual([])
    room.send(fac.socket, { type: 'chat', iv: IV, ct: CT })
    expect(room.to(amy.socket, 'chat')).toHaveLength(1)
    room.send(fac.socket, { type: 'set_chat', enabled: true })
    room.send(amy.socket, { type: 'chat', iv: IV, ct: CT })
    expect(room.to(fac.socket, 'chat')).toHaveLength(1)
  })

  it('a deleted message goes from every screen; its author is told which rule', () => {
    const { room, fac, amy } = circle()
    const bea = room.person('participant', 'Bea')
    room.send(amy.socket, { type: 'chat', iv: IV, ct: CT })
    const id = room.one(fac.socket, 'chat').id
    room.send(fac.socket, { type: 'delete_message', messageId: id, rule: 3 })
    for (const s of [fac.socket, amy.socket, bea.socket]) expect(room.one(s, 'message_deleted').id).toBe(id)
    expect(room.one(amy.socket, 'message_removed')).toEqual({ type: 'message_removed', id, rule: 3 })
    expect(room.to(bea.socket, 'message_removed')).toEqual([])
    room.send(fac.socket, { type: 'delete_message', messageId: amy.seatId, rule: null })
    expect(room.to(amy.socket, 'message_removed')).toEqual([])
  })

  it('hands go up and down, and a facilitator lowers them all', () => {
    const { room, fac, amy } = circle()
    const bea = room.person('participant', 'Bea')
    room.send(amy.socket, { type: 'hand', raised: true })
    expect(room.w.storage.seats.get(amy.seatId)?.hand).toBe(true)
    expect(room.one(fac.socket, 'roster').members.find((m) => m.seatId === amy.seatId)?.hand).toBe(true)
    room.send(amy.socket, { type: 'hand', raised: true })
    expect(room.effectsOf('put_seat')).toEqual([])
    room.send(bea.socket, { type: 'hand', raised: true })
    room.send(fac.socket, { type: 'lower_all_hands' })
    expect(room.effectsOf('put_seat').map((e) => [e.seat.seatId, e.seat.hand])).toEqual([
      [amy.seatId, false],
      [bea.seatId, false],
    ])
    expect(room.one(bea.socket, 'roster').members.every((m) => !m.hand)).toBe(true)
  })
})

// ── media (LiveKit) decisions ──────────────────────────────────────────────────────────────────

describe('media on the core: tokens only from the grant policy, moderation through LiveKit', () => {
  it('text only gets no token; without LiveKit, video is refused plainly', () => {
    const { room, amy } = circle()
    room.send(amy.socket, { type: 'media', mode: 'text' })
    expect(room.one(amy.socket, 'media')).toEqual({ type: 'media', mode: 'text', identity: amy.identity, sources: [], subscribe: 'all' })
    room.send(amy.socket, { type: 'media', mode: 'video' })
    expect(room.one(amy.socket, 'error')).toMatchObject({ code: 'media_unavailable', message: 'Video and audio are not configured on this server.' })
    expect(room.state.seats[amy.seatId]!.mode).toBe('text')
  })

  it('a token follows the room being created for everyone who may join media', () => {
    const room = new Room('group', { media: true, maxParticipants: 6 })
    const fac = room.person('facilitator', 'Marie')
    room.person('interpreter', 'Terp')
    room.person('observer', 'Obs')
    const amy = room.person('participant', 'Amy')
    room.send(amy.socket, { type: 'media', mode: 'video' })
    const [req] = room.effectsOf('livekit')
    expect(req!.call).toEqual({ op: 'create_room', room: 'SessionAbcdEfgh01.0', maxParticipants: 6 + 3 })
    expect(roomCapacity(new Tx(room.state, room.now))).toBe(9)
    expect(room.state.seats[amy.seatId]!.mode).toBe('video')
    // LiveKit failing: she is told, text still works.
    room.ev({ type: 'livekit_answer', call: req!.call, then: req!.then, ok: false })
    expect(room.one(amy.socket, 'error')).toMatchObject({ code: 'media_failed', message: 'Video and audio are unavailable right now. Text still works.' })
    room.ev({ type: 'livekit_answer', call: req!.call, then: req!.then, ok: true })
    const [token] = room.effectsOf('media_token')
    expect(token).toEqual({
      type: 'media_token',
      socket: amy.socket,
      seatId: amy.seatId,
      seat: { identity: amy.identity, pseudonym: 'Amy', role: 'participant', mode: 'video' },
      room: 'SessionAbcdEfgh01.0',
      grant: { canPublish: true, sources: ['camera', 'microphone'], canSubscribe: true, subscribe: 'all' },
    })
    expect(room.state.seats[amy.seatId]!.tokenGeneration).toBe(0)
    // A late answer for another mode, or after she left, gives nothing.
    room.send(amy.socket, { type: 'media', mode: 'audio' })
    room.ev({ type: 'livekit_answer', call: req!.call, then: req!.then, ok: true })
    expect(room.effectsOf('media_token')).toEqual([])
    room.send(fac.socket, { type: 'remove', seatId: amy.seatId })
    const audio = { ...(req!.then as Extract<Pending, { kind: 'token' }>), mode: 'audio' as const }
    room.ev({ type: 'livekit_answer', call: req!.call, then: audio, ok: true })
    expect(room.effectsOf('media_token')).toEqual([])
  })

  it('a token answer for an earlier media room, or a closed socket, gives nothing', () => {
    const { room, fac, amy } = circle('group', { media: true })
    room.send(amy.socket, { type: 'media', mode: 'audio' })
    const [req] = room.effectsOf('livekit')
    const then = req!.then as Extract<Pending, { kind: 'token' }>
    room.ev({ type: 'livekit_answer', call: req!.call, then: { ...then, generation: 1 }, ok: true })
    expect(room.effectsOf('media_token')).toEqual([])
    room.ev({ type: 'livekit_answer', call: req!.call, then: { ...then, socket: 'gone' }, ok: true })
    expect(room.effectsOf('media_token')).toEqual([])
    room.ev({ type: 'livekit_answer', call: req!.call, then: { ...then, socket: 'gone' }, ok: false })
    expect(room.effects.filter((e) => e.type === 'send')).toEqual([])
    // The facilitator changing mode is not leaving, and a text facilitator gets no token.
    room.send(fac.socket, { type: 'media', mode: 'text' })
    expect(room.one(fac.socket, 'media').sources).toEqual([])
  })

  it('mute and stop publishing go to LiveKit; the person is told once LiveKit answers', () => {
    const { room, fac, amy } = circle('group', { media: true })
    room.send(fac.socket, { type: 'mute', seatId: amy.seatId, source: 'camera' })
    const [mute] = room.effectsOf('livekit')
    expect(mute).toEqual({
      type: 'livekit',
      call: { op: 'mute', room: 'SessionAbcdEfgh01.0', identity: amy.identity, source: 'camera' },
      then: { kind: 'moderated', socket: fac.socket, seatId: amy.seatId, action: 'muted_camera' },
    })
    room.ev({ type: 'livekit_answer', call: mute!.call, then: mute!.then, ok: true })
    expect(room.one(amy.socket, 'moderated').action).toBe('muted_camera')
    room.send(fac.socket, { type: 'mute', seatId: amy.seatId, source: 'microphone' })
    expect(room.effectsOf('livekit')[0]!.then).toMatchObject({ action: 'muted_microphone' })
    room.ev({ type: 'livekit_answer', call: mute!.call, then: mute!.then, ok: false })
    expect(room.one(fac.socket, 'error')).toMatchObject({ code: 'media_failed', message: 'LiveKit did not answer. Try again.' })
    room.send(fac.socket, { type: 'stop_publishing', seatId: amy.seatId })
    const [stop] = room.effectsOf('livekit')
    expect(stop!.call).toEqual({ op: 'publishing', room: 'SessionAbcdEfgh01.0', identity: amy.identity, sources: [] })
    // Stopped sticks, whatever LiveKit answers, and is re-applied when she joins again.
    expect(room.w.storage.seats.get(amy.seatId)?.publishingStopped).toBe(true)
    room.ev({ type: 'webhook', event: 'participant_joined', room: 'SessionAbcdEfgh01.0', identity: amy.identity })
    expect(room.effectsOf('livekit')).toEqual([])
    room.send(amy.socket, { type: 'media', mode: 'video' })
    const [req] = room.effectsOf('livekit')
    room.ev({ type: 'livekit_answer', call: req!.call, then: req!.then, ok: true })
    expect(room.effectsOf('media_token')[0]!.grant).toMatchObject({ canPublish: false, sources: [] })
    room.ev({ type: 'webhook', event: 'participant_joined', room: 'SessionAbcdEfgh01.0', identity: amy.identity })
    expect(room.effectsOf('livekit').map((c) => c.call)).toEqual([
      { op: 'publishing', room: 'SessionAbcdEfgh01.0', identity: amy.identity, sources: [] },
    ])
    // Moderation of someone gone, or without LiveKit, is refused.
    room.send(fac.socket, { type: 'mute', seatId: 'nobodyAbCdEf', source: 'camera' })
    expect(room.error(fac.socket)).toBe('unknown_seat')
    const { room: plain, fac: pf, amy: pa } = circle()
    plain.send(pf.socket, { type: 'stop_publishing', seatId: pa.seatId })
    expect(plain.error(pf.socket)).toBe('media_unavailable')
    expect(plain.state.seats[pa.seatId]!.publishingStopped).toBe(false)
  })

  it('a spotlight on someone in the room, or none; not on someone waiting', () => {
    const room = new Room('group', { lobby: true })
    const fac = room.person('facilitator', 'Marie')
    const amy = room.person('participant', 'Amy')
    room.send(fac.socket, { type: 'spotlight', seatId: amy.seatId })
    expect(room.error(fac.socket)).toBe('unknown_seat')
    room.admit(fac.socket, amy.seatId)
    expect(room.to(amy.socket, 'spotlight')).toEqual([])
    room.send(fac.socket, { type: 'spotlight', seatId: amy.seatId })
    expect(room.one(amy.socket, 'spotlight').seatId).toBe(amy.seatId)
    expect(room.w.storage.meta?.spotlight).toBe(amy.seatId)
    room.send(fac.socket, { type: 'spotlight', seatId: null })
    expect(room.one(fac.socket, 'spotlight').seatId).toBeNull()
    const bea = room.person('participant', 'Bea')
    room.admit(fac.socket, bea.seatId)
    expect(room.one(bea.socket, 'spotlight').seatId).toBeNull()
  })
})

// ── limits and the roster ──────────────────────────────────────────────────────────────────────

describe('every frame type limited per seat', () => {
  it('frames fall in their classes', () => {
    expect(frameClass('chat')).toBe('chat')
    expect(frameClass('hand')).toBe('hand')
    expect(frameClass('alert')).toBe('alert')
    expect(frameClass('media')).toBe('media')
    expect(frameClass('join')).toBe('other')
    expect(frameClass('leave')).toBe('other')
    for (const t of ['admit', 'remove', 'end', 'mute', 'set_chat'] as const) expect(frameClass(t)).toBe('moderation')
  })

  it.each([
    ['chat', { type: 'chat', iv: IV, ct: CT }],
    ['hand', { type: 'hand', raised: true }],
    ['alert', { type: 'alert', kind: 'step_away' }],
    ['media', { type: 'media', mode: 'text' }],
    ['other', { type: 'join', pseudonym: 'Amy', agreed: true }],
    ['moderation', { type: 'lower_all_hands' }],
  ] as const)('%s: a burst, then refused, then one more each refill', (cls, frame) => {
    const { room, fac, amy } = circle()
    const rate = FRAME_RATES[cls]
    const sender = cls === 'moderation' ? fac.socket : amy.socket
    const t = room.now + 1000
    for (let i = 0; i < rate.burst; i++) {
      room.send(sender, frame, t)
      expect(room.to(sender, 'error').filter((e) => e.code === 'rate_limited'), `${cls} #${i + 1}`).toEqual([])
    }
    room.send(sender, frame, t)
    expect(room.one(sender, 'error')).toMatchObject({ code: 'rate_limited', message: 'You are sending messages too fast. Wait a moment.' })
    const refill = 1000 / rate.perSecond
    room.send(sender, frame, t + refill / 2)
    expect(room.error(sender)).toBe('rate_limited')
    room.send(sender, frame, t + refill)
    expect(room.to(sender, 'error').filter((e) => e.code === 'rate_limited')).toEqual([])
    room.send(sender, frame, t + refill)
    expect(room.error(sender)).toBe('rate_limited')
    // Another class is not used up; another seat neither.
    room.send(sender, cls === 'alert' ? { type: 'hand', raised: false } : { type: 'alert', kind: 'not_safe' }, t + refill)
    expect(room.to(sender, 'error').filter((e) => e.code === 'rate_limited')).toEqual([])
    const other = cls === 'moderation' ? room.person('cofacilitator', 'Co').socket : room.person('participant', 'Bea').socket
    room.send(other, frame, t + refill)
    expect(room.to(other, 'error').filter((e) => e.code === 'rate_limited')).toEqual([])
  })

  it('a long quiet refills no more than the burst', () => {
    const { room, amy } = circle()
    const t = room.now + HOUR / 2
    for (let i = 0; i < FRAME_RATES.chat.burst; i++) room.send(amy.socket, { type: 'chat', iv: IV, ct: CT }, t)
    room.send(amy.socket, { type: 'chat', iv: IV, ct: CT }, t)
    expect(room.error(amy.socket)).toBe('rate_limited')
  })

  it('an oversize, unreadable or invalid frame gets a readable error and changes nothing', () => {
    const { room, amy } = circle()
    const kept = room.kept()
    room.ev({ type: 'frame', socket: amy.socket, raw: 'x'.repeat(8 * 1024 + 1), nonce: 'n' })
    expect(room.one(amy.socket, 'error')).toMatchObject({ code: 'too_large', message: 'That message is too long.' })
    room.ev({ type: 'frame', socket: amy.socket, raw: `"${'é'.repeat(4100)}"`, nonce: 'n' })
    expect(room.error(amy.socket)).toBe('too_large')
    room.ev({ type: 'frame', socket: amy.socket, raw: '{nope', nonce: 'n' })
    expect(room.one(amy.socket, 'error')).toMatchObject({ code: 'bad_frame', message: 'That message could not be read.' })
    room.send(amy.socket, { type: 'hand', raised: 'yes' } as Record<string, unknown>)
    expect(room.one(amy.socket, 'error').message).toMatch(/^That message is not valid: /)
    expect(room.kept()).toBe(kept)
  })
})

describe('the roster is coalesced', () => {
  it('at most one roster per gap; the rest at the end of it, by the shell\'s timer', () => {
    const { room, fac } = circle()
    const t = room.now + 1000
    room.send(fac.socket, { type: 'lower_all_hands' }, t)
    expect(room.to(fac.socket, 'roster')).toHaveLength(1)
    room.send(fac.socket, { type: 'lower_all_hands' }, t + 10)
    expect(room.to(fac.socket, 'roster')).toEqual([])
    expect(room.effectsOf('timer')).toEqual([{ type: 'timer', at: t + ROSTER_GAP_MS }])
    room.send(fac.socket, { type: 'lower_all_hands' }, t + 20)
    expect(room.effectsOf('timer')).toEqual([])
    room.ev({ type: 'tick' }, t + ROSTER_GAP_MS)
    expect(room.to(fac.socket, 'roster')).toHaveLength(1)
    room.ev({ type: 'tick' }, t + 2 * ROSTER_GAP_MS)
    expect(room.to(fac.socket, 'roster')).toEqual([])
  })

  it('the roster lists joined, admitted people with who is online', () => {
    const room = new Room('group', { lobby: true })
    const fac = room.person('facilitator', 'Marie')
    const amy = room.person('participant', 'Amy')
    room.admit(fac.socket, amy.seatId)
    room.person('participant', 'Waiting')
    room.connect(room.seat('cofacilitator'))
    room.close(amy.socket)
    const roster = room.one(fac.socket, 'roster')
    expect(roster.facilitatorPresent).toBe(true)
    expect(roster.members).toEqual([
      { seatId: fac.seatId, pseudonym: 'Marie', role: 'facilitator', mode: 'text', online: true, identity: fac.identity, hand: false, cameraAllowed: false },
      { seatId: amy.seatId, pseudonym: 'Amy', role: 'participant', mode: 'text', online: false, identity: amy.identity, hand: false, cameraAllowed: false },
    ])
  })
})

describe('state survives hibernation without anyone\'s words', () => {
  it('a rebuilt room has the same seats, deadlines and sockets', () => {
    const { room, fac, amy } = circle()
    room.send(fac.socket, { type: 'set_chat', enabled: false })
    room.close(fac.socket)
    const before = { seats: room.state.seats, meta: room.state.meta, sockets: room.state.sockets }
    room.hibernate()
    expect({ seats: room.state.seats, meta: room.state.meta, sockets: room.state.sockets }).toEqual(before)
    room.send(amy.socket, { type: 'chat', iv: IV, ct: CT })
    expect(room.error(amy.socket)).toBe('chat_disabled')
    const seat: Seat | undefined = room.w.storage.seats.get(amy.seatId)
    expect(seat?.pseudonym).toBe('Amy')
  })
})
