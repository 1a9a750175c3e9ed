// Removed means out (invariant 7) and the total close (invariant 6): removal, the lobby turning
// someone away, the grace only a facilitator cancels, the alarm at each deadline, the close itself.
// The room's safety promises on its pure core (worker/room/core): step(state, event, now) driven
// event by event (./room-harness.ts), each promise asserted on the core's own answer — the frames,
// closes, storage writes and alarm it asks for — so breaking a rule fails here in milliseconds, and
// under StrykerJS in Node. test/worker/safety-promises.test.ts asserts the same through the real
// Durable Object. Pure: runs in the Workers suite and in Node for mutation testing.
import { describe, expect, it } from 'vitest'
import { CLOSE_CODES } from '../../../worker/protocol'
import { D1_RETRY_MS, IN_FLIGHT_MS, nextAlarm } from '../../../worker/room/core/closing'
import { REVOKE_AHEAD_S } from '../../../worker/room/core/media'
import { DEFAULT_MAX_PARTICIPANTS } from '../../../worker/room/core/seats'
import type { RoomMeta } from '../../../worker/room/state'
import { circle, GRACE_MS, HOUR, Room, T0 } from './room-harness'

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
    expect(room.one(co.socket, 'error')).toMatchObject({
      code: 'forbidden',
      message: 'A facilitator cannot be removed.',
    })
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
      expect(call!.call).toEqual({
        op: 'create_room',
        room: 'SessionAbcdEfgh01.0',
        maxParticipants: DEFAULT_MAX_PARTICIPANTS + 1,
      })
      room.ev({ type: 'livekit_answer', call: call!.call, then: call!.then, ok: true })
      expect(room.effectsOf('media_token')[0]).toMatchObject({
        seatId: p.seatId,
        room: 'SessionAbcdEfgh01.0',
      })
    }
    room.send(fac.socket, { type: 'remove', seatId: amy.seatId })
    expect(room.meta.mediaGeneration).toBe(1)
    const revokedAt = Math.ceil(room.now / 1000) + REVOKE_AHEAD_S
    const owed = [
      {
        op: 'remove',
        room: 'SessionAbcdEfgh01.0',
        identity: amy.identity,
        revokedAt,
        attempts: 0,
        nextAt: 0,
      },
      { op: 'delete', room: 'SessionAbcdEfgh01.0', attempts: 0, nextAt: 0 },
    ]
    // Handed to the shell now, and kept (not handed again while in flight) until LiveKit confirms.
    expect(room.effectsOf('livekit_tasks').flatMap((e) => e.tasks)).toEqual(owed)
    expect(room.w.storage.meta?.livekitTasks).toEqual(
      owed.map((t) => ({ ...t, nextAt: room.now + IN_FLIGHT_MS })),
    )
    // Bea, still in media, is asked a token for the new room; Amy is not.
    const calls = room.effectsOf('livekit')
    expect(calls.map((c) => c.call)).toEqual([
      {
        op: 'create_room',
        room: 'SessionAbcdEfgh01.1',
        maxParticipants: DEFAULT_MAX_PARTICIPANTS + 1,
      },
    ])
    expect(calls[0]!.then).toMatchObject({ kind: 'token', seatId: bea.seatId, generation: 1 })
    // Removing someone in text only moves nothing.
    const cleo = room.person('participant', 'Cleo')
    room.send(fac.socket, { type: 'remove', seatId: cleo.seatId })
    expect(room.meta.mediaGeneration).toBe(1)
    expect(room.effectsOf('livekit')).toEqual([])
  })

  it('a removed identity LiveKit lets in, or one from an earlier room, is removed again', () => {
    const { room, amy } = circle('group', { media: true })
    room.ev({
      type: 'webhook',
      event: 'participant_joined',
      room: 'SessionAbcdEfgh01.0',
      identity: 'lk-stranger',
    })
    const [task] = room.effectsOf('livekit_tasks').flatMap((e) => e.tasks)
    expect(task).toMatchObject({
      op: 'remove',
      room: 'SessionAbcdEfgh01.0',
      identity: 'lk-stranger',
      revokedAt: Math.ceil(room.now / 1000) + REVOKE_AHEAD_S,
    })
    room.ev({
      type: 'webhook',
      event: 'participant_joined',
      room: 'SessionAbcdEfgh01.0',
      identity: amy.identity,
    })
    expect(room.effectsOf('livekit_tasks')).toEqual([])
    room.ev({
      type: 'webhook',
      event: 'participant_joined',
      room: 'SessionAbcdEfgh01.7',
      identity: amy.identity,
    })
    expect(
      room
        .effectsOf('livekit_tasks')
        .flatMap((e) => e.tasks)
        .map((t) => `${t.op} ${t.room}`),
    ).toEqual(['remove SessionAbcdEfgh01.7', 'delete SessionAbcdEfgh01.7'])
    // A left event from an earlier room changes nothing.
    room.ev({
      type: 'webhook',
      event: 'participant_left',
      room: 'SessionAbcdEfgh01.6',
      identity: amy.identity,
    })
    expect(room.effectsOf('livekit_tasks')).toEqual([])
  })
})

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

  it.each(['facilitator', 'cofacilitator'] as const)(
    'a %s connecting cancels the grace',
    (role) => {
      const { room, fac, amy } = circle()
      let seatId = fac.seatId
      if (role !== 'facilitator') {
        // A co-facilitator let in earlier, whose tab reloaded.
        const co = room.person('cofacilitator', 'Chris')
        room.close(co.socket)
        seatId = co.seatId
      }
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
    },
  )

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

  it("a late media-join webhook for the facilitator does not cancel the countdown (issue 17.7)", () => {
    const { room, fac, amy } = circle('group', { media: true })
    room.close(fac.socket)
    const deadline = room.meta.graceDeadline
    const current = 'SessionAbcdEfgh01.0'
    room.ev({ type: 'webhook', event: 'participant_joined', room: current, identity: amy.identity })
    expect(room.meta.graceDeadline).toBe(deadline)
    // A delayed participant_joined (or a LiveKit rejoin) is no room socket: the countdown runs on.
    room.ev({ type: 'webhook', event: 'participant_joined', room: current, identity: fac.identity })
    expect(room.meta.graceDeadline).toBe(deadline)
    room.ev({ type: 'webhook', event: 'participant_left', room: current, identity: fac.identity })
    expect(room.meta.graceDeadline).toBe(deadline)
    room.alarm(deadline!)
    expect(room.meta.status).toBe('closed')
  })

  it('with the facilitator back on a socket, media leaving does not start a countdown', () => {
    const { room, fac, amy } = circle('group', { media: true })
    const current = 'SessionAbcdEfgh01.0'
    room.close(fac.socket)
    const back = room.connect(fac.seatId)
    expect(room.meta.graceDeadline).toBeUndefined()
    room.ev({ type: 'webhook', event: 'participant_left', room: current, identity: fac.identity })
    expect(room.meta.graceDeadline).toBeUndefined()
    room.ev({
      type: 'webhook',
      event: 'participant_connection_aborted',
      room: current,
      identity: amy.identity,
    })
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
    expect(room.meta.livekitTasks).toEqual([
      { op: 'delete', room: 'SessionAbcdEfgh01.0', attempts: 0, nextAt: room.now + IN_FLIGHT_MS },
    ])
    // Nobody gets back in, no seat is made, a stale socket is closed.
    const late = room.connect(amy.seatId)
    expect(room.one(late, 'ended').reason).toBe('ended')
    expect(room.closedWith(late)).toEqual([CLOSE_CODES.ended])
    room.ev({
      type: 'create_seat',
      session: room.session,
      role: 'participant',
      seatId: 'lateSeatAbCd',
      secretHash: 'h',
      identity: 'lk-late',
    })
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
    expect(nextAlarm({ ...open, graceDeadline: T0 + 9, supervisionDeadline: T0 + 7 }, T0)).toBe(
      T0 + 7,
    )
    expect(nextAlarm({ ...open, graceDeadline: T0 + 7, supervisionDeadline: T0 + 9 }, T0)).toBe(
      T0 + 7,
    )
  })
  it('a closed room: only D1 and LiveKit work still owed', () => {
    const closed: RoomMeta = { ...open, status: 'closed', graceDeadline: T0 + 1 }
    expect(nextAlarm(closed, T0)).toBeNull()
    expect(nextAlarm({ ...closed, pendingD1Close: true }, T0)).toBe(T0 + D1_RETRY_MS)
    const task = { op: 'delete' as const, room: 'r', attempts: 0 }
    expect(nextAlarm({ ...closed, livekitTasks: [{ ...task, nextAt: T0 + 300 }] }, T0)).toBe(
      T0 + 300,
    )
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

describe('the close and the alarm, in detail', () => {
  it('a close owes the deletion of the current room and of earlier ones not yet confirmed, and no removal', () => {
    const { room, fac, amy } = circle('group', { media: true })
    room.send(amy.socket, { type: 'media', mode: 'audio' })
    const [req] = room.effectsOf('livekit')
    room.ev({ type: 'livekit_answer', call: req!.call, then: req!.then, ok: true })
    room.send(fac.socket, { type: 'remove', seatId: amy.seatId })
    // LiveKit has not confirmed: the removal and the old room's deletion are still owed.
    expect(room.meta.livekitTasks?.map((t) => `${t.op} ${t.room}`)).toEqual([
      'remove SessionAbcdEfgh01.0',
      'delete SessionAbcdEfgh01.0',
    ])
    room.send(fac.socket, { type: 'end' })
    expect(room.meta.livekitTasks?.map((t) => `${t.op} ${t.room}`)).toEqual([
      'delete SessionAbcdEfgh01.0',
      'delete SessionAbcdEfgh01.1',
    ])
    // Without LiveKit, nothing is owed to it.
    const { room: plain, fac: pf } = circle()
    plain.send(pf.socket, { type: 'end' })
    expect(plain.meta.livekitTasks).toEqual([])
    expect(plain.effectsOf('livekit_tasks')).toEqual([])
  })

  it('a current room already owed is not owed twice', () => {
    const { room, amy } = circle('group', { media: true })
    room.ev({
      type: 'webhook',
      event: 'participant_joined',
      room: 'SessionAbcdEfgh01.0',
      identity: 'lk-stranger',
    })
    room.ev({ type: 'end', session: room.session, reason: 'ended' })
    expect(room.meta.livekitTasks?.map((t) => `${t.op} ${t.room}`)).toEqual([
      'delete SessionAbcdEfgh01.0',
    ])
    expect(amy).toBeDefined()
  })

  it('an alarm in a room never used does nothing; once D1 knows, the alarm stops asking it', () => {
    const empty = new Room()
    expect(empty.alarm(T0 + 1)).toEqual([{ type: 'alarm', at: null }])
    const { room, fac } = circle()
    room.send(fac.socket, { type: 'end' })
    room.ev({ type: 'd1_closed', ok: true })
    expect(room.w.alarmAt).toBeNull()
    room.alarm(room.now + 1)
    expect(room.effectsOf('record_close')).toEqual([])
    expect(room.effectsOf('livekit_tasks')).toEqual([])
  })

  it('an alarm after the close retries only the LiveKit work that is due', () => {
    const { room, fac } = circle('group', { media: true })
    room.send(fac.socket, { type: 'end' })
    room.ev({ type: 'd1_closed', ok: true })
    const [task] = room.meta.livekitTasks!
    room.ev({ type: 'tasks_done', done: [], failed: [{ ...task!, attempts: 2 }] })
    expect(room.meta.livekitTasks![0]).toMatchObject({ attempts: 3, nextAt: room.now + 4000 })
    expect(room.w.alarmAt).toBe(room.now + 4000)
    room.ev({ type: 'tasks_done', done: [], failed: [] })
    expect(room.meta.livekitTasks).toHaveLength(1)
    room.alarm(room.now + 4000)
    expect(room.effectsOf('livekit_tasks').flatMap((e) => e.tasks)).toHaveLength(1)
  })
})

describe('the grace, in detail', () => {
  it("a facilitator's media leaving again during the grace does not push the deadline back", () => {
    const { room, fac, amy } = circle('group', { media: true })
    room.close(fac.socket)
    const deadline = room.meta.graceDeadline
    room.ev(
      {
        type: 'webhook',
        event: 'participant_left',
        room: 'SessionAbcdEfgh01.0',
        identity: fac.identity,
      },
      room.now + 5000,
    )
    expect(room.meta.graceDeadline).toBe(deadline)
    expect(room.effectsOf('put_meta')).toEqual([])
    expect(room.to(amy.socket, 'facilitator_away')).toEqual([])
  })

  it('the grace cancelled by the facilitator reconnecting sends a roster, so pages clear the countdown', () => {
    const { room, fac, amy } = circle('group', { media: true })
    room.close(fac.socket)
    expect(room.w.storage.meta?.graceDeadline).toBeDefined()
    room.connect(fac.seatId)
    expect(room.to(amy.socket, 'roster')).toHaveLength(1)
    expect(room.w.storage.meta?.graceDeadline).toBeUndefined()
  })
})
