// A restart (a deploy, an eviction that cuts sockets) closes every socket with no close event: the
// rebuilt room must still count those seats as gone (a return long after waits for a facilitator)
// and start the countdown when it cut the facilitator. Also: a direct publishing call answered
// after a youth's pause leaves no older state in LiveKit. Found after issue 17's fixes.
import { describe, expect, it } from 'vitest'
import { GRACE_MS, Room, circle, youthCircle } from './room-harness'

describe('a restart that cut the sockets (17.1 and 17.5, another road)', () => {
  it('a seat back long after the restart waits for a facilitator; one back within seconds keeps her place', () => {
    const { room, fac, amy } = circle()
    const bea = room.person('participant', 'Bea')
    room.restart()
    expect(room.state.sockets).toEqual({})
    expect(room.state.seats[amy.seatId]!.awaySince).toBe(room.now)
    // A staff seat's door is the passkey: it is not gated on return.
    expect(room.state.seats[fac.seatId]!.awaySince).toBeUndefined()
    // Bea's page reconnects at once; the facilitator's too.
    const beaBack = room.connect(bea.seatId)
    expect(room.one(beaBack, 'welcome')).toMatchObject({ admitted: true, joined: true })
    const facBack = room.connect(fac.seatId)
    expect(room.one(facBack, 'welcome')).toMatchObject({ admitted: true })
    // Amy's tab was asleep; someone opens it ten minutes on.
    room.ev({ type: 'tick' }, room.now + 600_000)
    const later = room.connect(amy.seatId)
    expect(room.one(later, 'welcome')).toMatchObject({ admitted: false, joined: true, members: [], back: true })
    expect(room.one(facBack, 'lobby').waiting).toEqual([expect.objectContaining({ seatId: amy.seatId, pseudonym: 'Amy' })])
  })

  it('a restart that cut the facilitator starts the countdown; their return stops it', () => {
    const { room, fac } = circle()
    room.restart()
    expect(room.meta.graceDeadline).toBe(room.now + GRACE_MS)
    expect(room.w.alarmAt).toBe(room.now + GRACE_MS)
    const back = room.connect(fac.seatId)
    expect(room.one(back, 'welcome')).toMatchObject({ admitted: true })
    expect(room.meta.graceDeadline).toBeUndefined()
  })

  it('nobody back: the session ends at the countdown, as when a socket closes', () => {
    const { room, amy } = circle()
    room.restart()
    const deadline = room.meta.graceDeadline!
    const amyBack = room.connect(amy.seatId)
    expect(room.one(amyBack, 'facilitator_away').closesAt).toBe(deadline)
    room.alarm(deadline)
    expect(room.meta.status).toBe('closed')
  })

  it('a seat made but never connected is not counted as away, and a host who never came starts nothing', () => {
    const { room, fac } = circle()
    const waiting = room.seat('participant')
    const host2 = room.seat('cofacilitator')
    room.hibernate()
    expect(room.state.seats[waiting]!.awaySince).toBeUndefined()
    expect(room.state.seats[host2]!.awaySince).toBeUndefined()
    // Hibernation keeps the sockets: nothing changes.
    expect(room.meta.graceDeadline).toBeUndefined()
    expect(Object.values(room.state.sockets).map((s) => s.seatId)).toContain(fac.seatId)
  })

  it('hibernation that kept every socket changes nothing: no write, no frame', () => {
    const { room } = circle()
    const effects = room.hibernate()
    expect(effects.filter((e) => e.type !== 'alarm')).toEqual([])
  })

  it('a close the hibernated room never saw: the others see her offline at once', () => {
    const { room, fac, amy } = circle()
    room.w.open.delete(amy.socket)
    room.hibernate()
    const roster = room.one(fac.socket, 'roster')
    expect(roster.members.find((m) => m.seatId === amy.seatId)).toMatchObject({ online: false })
    expect(room.meta.graceDeadline).toBeUndefined()
  })

  it('a host who never connected: participants cut by a restart start no countdown', () => {
    const room = new Room('group')
    room.seat('facilitator', { staffId: 'staff-1' })
    const amy = room.person('participant', 'Amy')
    room.restart()
    expect(room.state.seats[amy.seatId]!.awaySince).toBe(room.now)
    expect(room.meta.graceDeadline).toBeUndefined()
  })

  it('only a first connection is written down: a reload writes no seat', () => {
    const { room, amy } = circle()
    room.close(amy.socket)
    room.connect(amy.seatId)
    expect(room.effectsOf('put_seat').map((e) => e.seat.seatId)).toEqual([amy.seatId])
    const again = room.connect(amy.seatId)
    expect(room.one(again, 'welcome')).toMatchObject({ admitted: true })
    expect(room.effectsOf('put_seat')).toEqual([])
  })

  it('a participant dropping before the host ever came starts no countdown', () => {
    const room = new Room('group')
    room.seat('facilitator', { staffId: 'staff-1' })
    const amy = room.person('participant', 'Amy')
    room.close(amy.socket)
    expect(room.meta.graceDeadline).toBeUndefined()
  })

  it('a seat already away keeps the time it went', () => {
    const { room, amy } = circle()
    room.close(amy.socket)
    const went = room.now
    room.ev({ type: 'tick' }, room.now + 20_000)
    room.restart()
    expect(room.state.seats[amy.seatId]!.awaySince).toBe(went)
  })

  it('a restart that cut an adult of a youth session pauses the youth and starts the clock', () => {
    const { room, fac, sky } = youthCircle()
    room.restart()
    room.connect(fac.seatId)
    const skyBack = room.connect(sky.seatId)
    expect(room.meta.supervisionDeadline).toBeDefined()
    expect(room.to(skyBack, 'supervision')).toEqual([expect.objectContaining({ ok: false })])
  })

  it('the observer cut while the room hibernated: the clock starts as the room wakes', () => {
    const { room, fac, obs } = youthCircle()
    room.w.open.delete(obs.socket)
    room.hibernate()
    expect(room.meta.supervisionDeadline).toBe(room.now + GRACE_MS)
    expect(room.one(fac.socket, 'supervision')).toMatchObject({ ok: false, adults: 1 })
  })
})

describe('a socket found silent (no close ever came)', () => {
  it('is gone since it last showed life: her return a minute on waits for a facilitator', () => {
    const { room, fac, amy } = circle()
    const lastSeen = room.now
    room.ev({ type: 'socket_closed', socket: amy.socket, lastSeen }, room.now + 95_000)
    expect(room.state.seats[amy.seatId]!.awaySince).toBe(lastSeen)
    const back = room.connect(amy.seatId)
    expect(room.one(back, 'welcome')).toMatchObject({ admitted: false, back: true })
    expect(room.one(fac.socket, 'lobby').waiting[0]).toMatchObject({ seatId: amy.seatId, awayMs: 96_000 })
  })

  it('a last sign of life after now is not believed', () => {
    const { room, amy } = circle()
    room.ev({ type: 'socket_closed', socket: amy.socket, lastSeen: room.now + 60_000 })
    expect(room.state.seats[amy.seatId]!.awaySince).toBe(room.now)
  })
})

describe('a direct publishing answer after a youth pause', () => {
  it('a camera allowed before the pause and answered after it: the pause is sent again', () => {
    const { room, fac, obs, sky } = youthCircle(true)
    room.send(sky.socket, { type: 'media', mode: 'audio' })
    const [req] = room.effectsOf('livekit')
    room.ev({ type: 'livekit_answer', call: req!.call, then: req!.then, ok: true })
    room.send(fac.socket, { type: 'allow_camera', seatId: sky.seatId, allowed: true })
    const [camera] = room.effectsOf('livekit')
    expect(camera!.call).toMatchObject({ op: 'publishing', identity: sky.identity })
    room.close(obs.socket)
    const pause = room.effectsOf('livekit_tasks').flatMap((e) => e.tasks)
    expect(pause).toEqual([expect.objectContaining({ op: 'publishing', sources: [] })])
    room.ev({ type: 'tasks_done', done: pause, failed: [] })
    // LiveKit applied the camera call last: she could publish again, unsupervised.
    room.ev({ type: 'livekit_answer', call: camera!.call, then: camera!.then, ok: true })
    expect(room.effectsOf('livekit_tasks').flatMap((e) => e.tasks)).toEqual([
      expect.objectContaining({ op: 'publishing', identity: sky.identity, sources: [] }),
    ])
  })
})
