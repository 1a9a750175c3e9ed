// Youth supervision: who counts as one of the two adults, for every role, lobby state and
// connection; the supervision countdown, its alarm and its close; youth media paused and given back.
// The room's safety promises on its pure core (worker/room/core): step(state, event, now) driven
// event by event (./room-harness.ts), each promise asserted on the core's own answer — the frames,
// closes, storage writes and alarm it asks for — so breaking a rule fails here in milliseconds, and
// under StrykerJS in Node. test/worker/safety-promises.test.ts asserts the same through the real
// Durable Object. Pure: runs in the Workers suite and in Node for mutation testing.
import { describe, expect, it } from 'vitest'
import type { Role } from '../../../worker/protocol'
import { Tx } from '../../../worker/room/core/context'
import { circle, GRACE_MS, Room, youthCircle } from './room-harness'

describe('youth supervision on the core: who counts as an adult', () => {
  type Case = { role: Role; admitted: boolean; online: boolean; counts: boolean }
  const cases: Case[] = []
  for (const role of [
    'facilitator',
    'cofacilitator',
    'observer',
    'interpreter',
    'participant',
  ] as const) {
    for (const admitted of [true, false]) {
      for (const online of [true, false]) {
        const adult = role !== 'participant' && role !== 'interpreter'
        cases.push({ role, admitted, online, counts: adult && admitted && online })
      }
    }
  }
  it.each(cases)(
    'a $role (admitted $admitted, connected $online) counts as an adult: $counts',
    (c) => {
      const room = new Room('youth')
      const fac = room.person('facilitator', 'Marie')
      const seatId = room.seat(c.role, c.role === 'facilitator' ? { staffId: 'other-staff' } : {})
      room.state.seats[seatId] = {
        ...room.state.seats[seatId]!,
        admitted: c.admitted,
        pseudonym: 'Second',
      }
      if (c.online) room.connect(seatId)
      const tx = new Tx(room.state, room.now)
      expect(tx.adultsPresent()).toBe(c.counts ? 2 : 1)
      // The admit frame agrees: a youth comes in only with two adults present.
      const sky = room.person('participant', 'Sky')
      room.admit(fac.socket, sky.seatId)
      if (c.counts) {
        expect(room.to(sky.socket, 'admitted')).toHaveLength(1)
      } else {
        expect(room.one(fac.socket, 'error')).toMatchObject({
          code: 'unsupervised',
          message: 'Two adults must be present before youth are admitted.',
        })
        expect(room.state.seats[sky.seatId]!.admitted).toBe(false)
        expect(room.to(sky.socket, 'admitted')).toEqual([])
      }
    },
  )

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
      const seatId = r.seat(role, role === 'facilitator' ? { staffId: 'staff-x' } : {})
      return r.state.seats[seatId]!.admitted
    }
    expect(admitted(room, 'facilitator')).toBe(true)
    // A co-facilitator link can be forwarded: it waits too, and does not count as an adult yet.
    for (const role of ['cofacilitator', 'participant', 'observer', 'interpreter'] as const)
      expect(admitted(room, role)).toBe(false)
    const group = new Room('group')
    for (const role of ['participant', 'observer', 'interpreter'] as const)
      expect(admitted(group, role)).toBe(true)
    const lobby = new Room('group', { lobby: true })
    expect(admitted(lobby, 'participant')).toBe(false)
    expect(admitted(lobby, 'cofacilitator')).toBe(false)
    expect(admitted(group, 'cofacilitator')).toBe(false)
  })

  it('below two adults with youth in: the alarm at the supervision deadline, youth told, then the close', () => {
    const { room, fac, obs, sky } = youthCircle()
    expect(room.meta.supervisionDeadline).toBeUndefined()
    room.close(obs.socket)
    const deadline = room.now + GRACE_MS
    expect(room.meta.supervisionDeadline).toBe(deadline)
    expect(room.w.storage.meta?.supervisionDeadline).toBe(deadline)
    expect(room.one(sky.socket, 'supervision')).toEqual({
      type: 'supervision',
      ok: false,
      adults: 1,
      closesAt: deadline,
    })
    expect(room.one(fac.socket, 'supervision').adults).toBe(1)
    expect(room.effectsOf('alarm')).toEqual([{ type: 'alarm', at: deadline }])
    // Someone arriving during the countdown is told of it.
    const late = room.connect(sky.seatId)
    expect(room.one(late, 'supervision')).toEqual({
      type: 'supervision',
      ok: false,
      adults: 1,
      closesAt: deadline,
    })
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
    expect(room.one(sky.socket, 'supervision')).toEqual({
      type: 'supervision',
      ok: true,
      adults: 2,
    })
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
    expect(publishingSent(room)).toEqual([
      { op: 'publishing', room: 'SessionAbcdEfgh01.0', identity: sky.identity, sources: [] },
    ])
    // LiveKit confirms the pause before the observer is back.
    room.ev({ type: 'tasks_done', done: room.effectsOf('livekit_tasks')[0]!.tasks, failed: [] })
    room.connect(obs.seatId)
    expect(publishingSent(room)).toEqual([
      {
        op: 'publishing',
        room: 'SessionAbcdEfgh01.0',
        identity: sky.identity,
        sources: ['microphone'],
      },
    ])
    // A camera allowed for one youth, by a facilitator.
    room.send(fac.socket, { type: 'allow_camera', seatId: sky.seatId, allowed: true })
    const [cam] = room.effectsOf('livekit')
    expect(cam!.call).toEqual({
      op: 'publishing',
      room: 'SessionAbcdEfgh01.0',
      identity: sky.identity,
      sources: ['camera', 'microphone'],
    })
    // The call for the observer's return was still owed: it now wants the camera too.
    expect(room.meta.livekitTasks?.find((t) => t.op === 'publishing')).toMatchObject({
      sources: ['camera', 'microphone'],
      sent: ['microphone'],
    })
    room.ev({ type: 'livekit_answer', call: cam!.call, then: cam!.then, ok: true })
    expect(room.one(sky.socket, 'camera_permission').allowed).toBe(true)
    // The older call answers: the newest wanted state is sent again, never left older.
    const owed = room.meta.livekitTasks![0]!
    if (owed.op !== 'publishing') throw new Error('a publishing task is owed')
    room.ev({ type: 'tasks_done', done: [{ ...owed, sources: ['microphone'] }], failed: [] })
    expect(publishingSent(room)).toEqual([
      { op: 'publishing', room: 'SessionAbcdEfgh01.0', identity: sky.identity, sources: ['camera', 'microphone'] },
    ])
    room.ev({ type: 'tasks_done', done: room.effectsOf('livekit_tasks')[0]!.tasks, failed: [] })
    expect(room.meta.livekitTasks).toEqual([])
    expect(room.state.seats[sky.seatId]!.cameraAllowed).toBe(true)
    // Her media rejoining re-applies what she may publish.
    room.ev({
      type: 'webhook',
      event: 'participant_joined',
      room: 'SessionAbcdEfgh01.0',
      identity: sky.identity,
    })
    expect(publishingSent(room)).toHaveLength(1)
    room.ev({
      type: 'webhook',
      event: 'participant_joined',
      room: 'SessionAbcdEfgh01.0',
      identity: obs.identity,
    })
    expect(room.effectsOf('livekit')).toHaveLength(0)
    expect(publishingSent(room)).toHaveLength(0)
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

describe('supervision, in detail', () => {
  it('admitting a second adult lifts the countdown; turning the waiting one away does not', () => {
    const { room, fac, obs, sky } = youthCircle()
    const second = room.person('observer', 'Second')
    room.close(obs.socket)
    expect(room.meta.supervisionDeadline).toBeDefined()
    room.admit(fac.socket, second.seatId)
    expect(room.meta.supervisionDeadline).toBeUndefined()
    expect(room.one(sky.socket, 'supervision')).toEqual({
      type: 'supervision',
      ok: true,
      adults: 2,
    })
    // A waiting person is not told of the countdown.
    room.close(second.socket)
    const waiting = room.person('observer', 'Third')
    expect(room.to(waiting.socket, 'supervision')).toEqual([])
    room.send(fac.socket, { type: 'turn_away', seatId: waiting.seatId })
    expect(room.meta.supervisionDeadline).toBeDefined()
  })

  it('paused youth in media get a publishing call; youth in text, or without a token, do not', () => {
    const { room, obs, sky } = youthCircle(true)
    const fac = Object.values(room.state.sockets).find((s) => s.role === 'facilitator')
    expect(fac).toBeDefined()
    room.close(obs.socket)
    expect(room.effectsOf('livekit')).toEqual([])
    expect(publishingSent(room)).toEqual([])
    room.send(sky.socket, { type: 'media', mode: 'audio' })
    const [req] = room.effectsOf('livekit')
    room.ev({ type: 'livekit_answer', call: req!.call, then: req!.then, ok: true })
    // Paused: the token publishes nothing.
    expect(room.effectsOf('media_token')[0]!.grant.sources).toEqual([])
    const obsAgain = room.connect(obs.seatId)
    expect(publishingSent(room)).toEqual([
      {
        op: 'publishing',
        room: 'SessionAbcdEfgh01.0',
        identity: sky.identity,
        sources: ['microphone'],
      },
    ])
    // Back in text (she still holds a token for the room): nothing to tell LiveKit.
    room.send(sky.socket, { type: 'media', mode: 'text' })
    room.close(obsAgain)
    expect(room.meta.supervisionDeadline).toBe(room.now + GRACE_MS)
    expect(room.effectsOf('livekit')).toEqual([])
    expect(publishingSent(room)).toEqual([])
  })
})

/** The youth publishing calls the last event handed to the shell (retried tasks, issue 17.6). */
function publishingSent(room: Room) {
  return room
    .effectsOf('livekit_tasks')
    .flatMap((e) => e.tasks)
    .flatMap((t) =>
      t.op === 'publishing'
        ? [{ op: t.op, room: t.room, identity: t.identity, sources: t.sources }]
        : [],
    )
}
