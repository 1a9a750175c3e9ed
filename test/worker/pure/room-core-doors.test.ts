// Issue 17 on the pure core: every door checked for the wrong person coming through it (a closed
// tab reopened later, a forwarded co-facilitator link, a code-word link without a lobby) and the
// promises the room makes kept (a re-seated host, youth pauses LiveKit refused, a media request
// during a removal, the last co-facilitator leaving, a removal after switching to text).
import { describe, expect, it } from 'vitest'
import { AWAY_READMIT_MS } from '../../../worker/room/core/seats'
import { circle, GRACE_MS, IV, CT, Room, youthCircle } from './room-harness'

describe('a closed tab reopened later waits for a facilitator (17.1)', () => {
  it('a reload within seconds keeps her place; back after longer, she waits as "back after being away"', () => {
    const { room, fac, amy } = circle()
    room.close(amy.socket)
    const reload = room.connect(amy.seatId, undefined)
    expect(room.one(reload, 'welcome')).toMatchObject({ admitted: true, joined: true })
    room.close(reload)
    const awayAt = room.now
    // Someone picks up her device and reopens the closed tab (sessionStorage restored) a minute on.
    room.ev({ type: 'tick' }, awayAt + 60_000)
    const intruder = room.connect(amy.seatId)
    const welcome = room.one(intruder, 'welcome')
    expect(welcome).toMatchObject({ admitted: false, joined: true, members: [], back: true })
    expect(room.to(intruder, 'roster')).toEqual([])
    expect(room.one(fac.socket, 'lobby').waiting).toEqual([
      {
        seatId: amy.seatId,
        pseudonym: 'Amy',
        role: 'participant',
        codeWordRequired: false,
        codeWord: null,
        awayMs: 61_000,
      },
    ])
    // Nothing of the room reaches her: no chat, no roster, no media.
    room.send(fac.socket, { type: 'chat', iv: IV, ct: CT })
    expect(room.to(intruder, 'chat')).toEqual([])
    room.send(intruder, { type: 'chat', iv: IV, ct: CT })
    expect(room.error(intruder)).toBe('in_lobby')
    room.send(intruder, { type: 'media', mode: 'video' })
    expect(room.error(intruder)).toBe('in_lobby')
    // One tap lets her back in; the lobby forgets how long she was away.
    room.admit(fac.socket, amy.seatId)
    expect(room.one(intruder, 'admitted')).toEqual({ type: 'admitted' })
    expect(room.state.seats[amy.seatId]!.awayMs).toBeUndefined()
  })

  it('the threshold is 30 s, in youth sessions and without a lobby too, and survives hibernation', () => {
    expect(AWAY_READMIT_MS).toBe(30_000)
    const { room, sky } = youthCircle()
    room.close(sky.socket)
    const gone = room.now
    room.hibernate()
    // connect() lands a second after the tick: exactly 30 s away.
    room.ev({ type: 'tick' }, gone + AWAY_READMIT_MS - 1000)
    expect(room.one(room.connect(sky.seatId), 'welcome').admitted).toBe(true)
    const s2 = Object.keys(room.state.sockets).find((k) => room.state.sockets[k]!.seatId === sky.seatId)!
    room.close(s2)
    room.ev({ type: 'tick' }, room.now + AWAY_READMIT_MS)
    expect(room.one(room.connect(sky.seatId), 'welcome').admitted).toBe(false)
  })

  it('turned away after being away: her seat is void, and her media room is left behind', () => {
    const { room, fac, amy } = circle('group', { media: true })
    room.send(amy.socket, { type: 'media', mode: 'audio' })
    const [req] = room.effectsOf('livekit')
    room.ev({ type: 'livekit_answer', call: req!.call, then: req!.then, ok: true })
    room.close(amy.socket)
    room.ev({ type: 'tick' }, room.now + 45_000)
    const back = room.connect(amy.seatId)
    // Back in text, outside the room; the media room she held a token for is left.
    expect(room.state.seats[amy.seatId]).toMatchObject({ admitted: false, mode: 'text' })
    expect(room.meta.mediaGeneration).toBe(1)
    room.send(fac.socket, { type: 'turn_away', seatId: amy.seatId })
    expect(room.one(back, 'turned_away')).toEqual({ type: 'turned_away' })
    expect(room.state.seats[amy.seatId]).toBeUndefined()
  })

  it('a staff seat is not sent to the lobby (its door is the passkey sign-in)', () => {
    const { room, fac } = circle()
    room.close(fac.socket)
    room.ev({ type: 'tick' }, room.now + 10_000)
    const back = room.connect(fac.seatId)
    expect(room.one(back, 'welcome').admitted).toBe(true)
  })
})

describe('a co-facilitator link is let in by a facilitator (17.2)', () => {
  it('waits even without a lobby, sees nothing of the room or the lobby, and cannot act', () => {
    const { room, fac, amy } = circle()
    room.send(amy.socket, { type: 'alert', kind: 'not_safe' })
    const co = room.seat('cofacilitator')
    const socket = room.connect(co)
    expect(room.one(socket, 'welcome')).toMatchObject({ admitted: false, members: [] })
    expect(room.to(socket, 'lobby')).toEqual([])
    expect(room.to(socket, 'alert')).toEqual([])
    room.send(socket, { type: 'join', pseudonym: 'Forwarded', agreed: true })
    expect(room.one(fac.socket, 'lobby').waiting.map((w) => [w.seatId, w.role])).toEqual([
      [co, 'cofacilitator'],
    ])
    for (const msg of [
      { type: 'remove', seatId: amy.seatId },
      { type: 'end' },
      { type: 'admit', seatId: co },
      { type: 'mute', seatId: amy.seatId, source: 'microphone' },
    ] as const) {
      room.send(socket, msg)
      expect(room.error(socket), msg.type).toBe('in_lobby')
    }
    expect(room.state.seats[amy.seatId]).toBeDefined()
    expect(room.meta.status).toBe('open')
    // Her leaving while waiting does not end the session.
    room.send(socket, { type: 'leave' })
    expect(room.meta.status).toBe('open')
  })

  it('never counts as an adult before admission; the host can remove one who came by link', () => {
    const { room, fac, sky } = youthCircle()
    const co = room.seat('cofacilitator')
    const socket = room.connect(co)
    room.send(socket, { type: 'join', pseudonym: 'Chris', agreed: true })
    expect(room.state.seats[co]!.admitted).toBe(false)
    room.send(fac.socket, { type: 'admit', seatId: co })
    room.send(fac.socket, { type: 'remove', seatId: co })
    expect(room.one(socket, 'removed')).toEqual({ type: 'removed' })
    expect(room.state.seats[co]).toBeUndefined()
    expect(room.state.seats[sky.seatId]!.admitted).toBe(true)
    // Staff signed in with a passkey stay unremovable by a co-facilitator.
    const { room: g, fac: host } = circle()
    const chris = g.person('cofacilitator', 'Chris')
    g.send(chris.socket, { type: 'remove', seatId: host.seatId })
    expect(g.error(chris.socket)).toBe('forbidden')
    const dana = g.person('cofacilitator', 'Dana')
    g.send(chris.socket, { type: 'remove', seatId: dana.seatId })
    expect(g.error(chris.socket)).toBe('forbidden')
  })
})

describe('a code-word link always asks for the code word (17.3)', () => {
  it('without a lobby it waits in the lobby with its code word shown to the facilitator', () => {
    const { room, fac } = circle()
    const seat = room.seat('participant', { codeWordRequired: true })
    const socket = room.connect(seat)
    room.send(socket, { type: 'join', pseudonym: 'Bea', agreed: true })
    expect(room.one(socket, 'error').message).toBe(
      'This link asks for the code word agreed with your advocate.',
    )
    room.send(socket, { type: 'join', pseudonym: 'Bea', agreed: true, codeWord: { iv: IV, ct: CT } })
    expect(room.one(fac.socket, 'lobby').waiting[0]).toMatchObject({ codeWordRequired: true })
    expect(room.state.seats[seat]!.admitted).toBe(false)
  })
})

describe('the room is never left without a facilitator unseen (17.5, 17.12)', () => {
  it('the host opening the room again elsewhere starts the countdown until the new seat connects', () => {
    const room = new Room('group')
    const fac = room.person('facilitator', 'Marie', { staffId: 'staff-marie' })
    const amy = room.person('participant', 'Amy')
    room.seat('facilitator', { staffId: 'staff-marie', staffName: 'Marie' })
    expect(room.closedWith(fac.socket)).toHaveLength(1)
    expect(room.meta.graceDeadline).toBe(room.now + GRACE_MS)
    expect(room.one(amy.socket, 'facilitator_away').closesAt).toBe(room.now + GRACE_MS)
    room.alarm(room.now + GRACE_MS)
    expect(room.meta.status).toBe('closed')
  })

  it('the last co-facilitator who leaves on purpose ends the session', () => {
    const { room, fac, amy } = circle()
    const co = room.person('cofacilitator', 'Chris')
    room.send(fac.socket, { type: 'leave' })
    expect(room.meta.status).toBe('open')
    room.send(co.socket, { type: 'leave' })
    expect(room.meta.status).toBe('closed')
    expect(room.one(amy.socket, 'ended').reason).toBe('ended')
  })
})

describe('LiveKit work for youth and media requests is never lost (17.6, 17.8, 17.13)', () => {
  it('a youth pause LiveKit refused is retried until confirmed', () => {
    const { room, obs, sky } = youthCircle(true)
    room.send(sky.socket, { type: 'media', mode: 'audio' })
    const [req] = room.effectsOf('livekit')
    room.ev({ type: 'livekit_answer', call: req!.call, then: req!.then, ok: true })
    room.close(obs.socket)
    const [batch] = room.effectsOf('livekit_tasks')
    expect(batch!.tasks).toMatchObject([{ op: 'publishing', identity: sky.identity, sources: [] }])
    room.ev({ type: 'tasks_done', done: [], failed: batch!.tasks })
    const owed = room.meta.livekitTasks!.find((t) => t.op === 'publishing')!
    expect(owed).toMatchObject({ sources: [], attempts: 1 })
    room.alarm(owed.nextAt)
    expect(room.effectsOf('livekit_tasks')[0]!.tasks).toMatchObject([{ op: 'publishing', sources: [] }])
    room.ev({ type: 'tasks_done', done: room.effectsOf('livekit_tasks')[0]!.tasks, failed: [] })
    expect(room.meta.livekitTasks).toEqual([])
  })

  it('a first media request made during a removal is answered with a token for the new room', () => {
    const { room, fac, amy } = circle('group', { media: true })
    const bea = room.person('participant', 'Bea')
    room.send(amy.socket, { type: 'media', mode: 'audio' })
    const [amyReq] = room.effectsOf('livekit')
    room.ev({ type: 'livekit_answer', call: amyReq!.call, then: amyReq!.then, ok: true })
    room.send(bea.socket, { type: 'media', mode: 'audio' })
    const [beaReq] = room.effectsOf('livekit')
    room.send(fac.socket, { type: 'remove', seatId: amy.seatId })
    expect(room.meta.mediaGeneration).toBe(1)
    room.ev({ type: 'livekit_answer', call: beaReq!.call, then: beaReq!.then, ok: true })
    const [again] = room.effectsOf('livekit')
    expect(again!.then).toMatchObject({ kind: 'token', seatId: bea.seatId, generation: 1 })
    room.ev({ type: 'livekit_answer', call: again!.call, then: again!.then, ok: true })
    expect(room.to(bea.socket, 'error')).toEqual([])
    expect(room.effectsOf('media_token')).toMatchObject([{ seatId: bea.seatId, room: 'SessionAbcdEfgh01.1' }])
  })

  it('removing someone who switched to text since still moves the media room', () => {
    const { room, fac, amy } = circle('group', { media: true })
    room.send(amy.socket, { type: 'media', mode: 'video' })
    const [req] = room.effectsOf('livekit')
    room.ev({ type: 'livekit_answer', call: req!.call, then: req!.then, ok: true })
    room.send(amy.socket, { type: 'media', mode: 'text' })
    room.send(fac.socket, { type: 'remove', seatId: amy.seatId })
    expect(room.meta.mediaGeneration).toBe(1)
    expect(room.meta.livekitTasks).toMatchObject([
      { op: 'remove', room: 'SessionAbcdEfgh01.0', identity: amy.identity },
      { op: 'delete', room: 'SessionAbcdEfgh01.0' },
    ])
  })
})
