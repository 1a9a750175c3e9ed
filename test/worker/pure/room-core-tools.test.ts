// Safety tools, chat relay, media decisions, per-seat limits on every frame type, the coalesced
// roster and hibernation.
// The room's safety promises on its pure core (worker/room/core): step(state, event, now) driven
// event by event (./room-harness.ts), each promise asserted on the core's own answer — the frames,
// closes, storage writes and alarm it asks for — so breaking a rule fails here in milliseconds, and
// under StrykerJS in Node. test/worker/safety-promises.test.ts asserts the same through the real
// Durable Object. Pure: runs in the Workers suite and in Node for mutation testing.
import { describe, expect, it } from 'vitest'
import { Tx } from '../../../worker/room/core/context'
import { FRAME_RATES, frameClass } from '../../../worker/room/core/limits'
import { roomCapacity } from '../../../worker/room/core/media'
import { ALERT_REPEAT_MS } from '../../../worker/room/core/moderation'
import { ROSTER_GAP_MS } from '../../../worker/room/core/roster'
import type { Pending } from '../../../worker/room/core/types'
import type { Seat } from '../../../worker/room/state'
import { circle, CT, HOUR, IV, Room, youthCircle } from './room-harness'

describe('safety tools on the core', () => {
  it('a private alert reaches facilitators only, and is not repeated within 30 s', () => {
    const { room, fac, amy } = circle()
    const co = room.person('cofacilitator', 'Co')
    const bea = room.person('participant', 'Bea')
    room.send(amy.socket, { type: 'alert', kind: 'not_safe' })
    const alert = {
      type: 'alert',
      seatId: amy.seatId,
      pseudonym: 'Amy',
      kind: 'not_safe',
      at: room.now,
    }
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
    expect(room.w.storage.meta?.pendingAlerts).toEqual([
      { seatId: amy.seatId, kind: 'not_safe', at, pseudonym: 'Amy' },
    ])
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

  it('an alert whose sender quick-exits or is removed before a facilitator comes still reaches one, once, with when she left (issue 17.4)', () => {
    const { room, fac, amy } = circle()
    const co = room.person('cofacilitator', 'Co')
    const bea = room.person('participant', 'Bea')
    room.close(fac.socket)
    room.close(co.socket)
    room.send(amy.socket, { type: 'alert', kind: 'not_safe' })
    const sentAt = room.now
    expect(room.one(amy.socket, 'alert_sent').delivered).toBe(false)
    room.send(amy.socket, { type: 'leave' })
    const leftAt = room.now
    room.send(bea.socket, { type: 'alert', kind: 'step_away' })
    room.hibernate()
    const back = room.connect(fac.seatId)
    expect(room.to(back, 'alert')).toEqual([
      { type: 'alert', seatId: amy.seatId, pseudonym: 'Amy', kind: 'not_safe', at: sentAt, leftAt },
      { type: 'alert', seatId: bea.seatId, pseudonym: 'Bea', kind: 'step_away', at: leftAt + 1000 },
    ])
    expect(room.meta.pendingAlerts).toEqual([])
    // Exactly once: the next facilitator to connect is not told again.
    room.close(back)
    expect(room.to(room.connect(fac.seatId), 'alert')).toEqual([])
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
    for (const s of [fac.socket, amy.socket, bea.socket])
      expect(room.one(s, 'message_deleted').id).toBe(id)
    expect(room.one(amy.socket, 'message_removed')).toEqual({
      type: 'message_removed',
      id,
      rule: 3,
    })
    expect(room.to(bea.socket, 'message_removed')).toEqual([])
    room.send(fac.socket, { type: 'delete_message', messageId: amy.seatId, rule: null })
    expect(room.to(amy.socket, 'message_removed')).toEqual([])
  })

  it('hands go up and down, and a facilitator lowers them all', () => {
    const { room, fac, amy } = circle()
    const bea = room.person('participant', 'Bea')
    room.send(amy.socket, { type: 'hand', raised: true })
    expect(room.w.storage.seats.get(amy.seatId)?.hand).toBe(true)
    expect(room.one(fac.socket, 'roster').members.find((m) => m.seatId === amy.seatId)?.hand).toBe(
      true,
    )
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

describe('media on the core: tokens only from the grant policy, moderation through LiveKit', () => {
  it('text only gets no token; without LiveKit, video is refused plainly', () => {
    const { room, amy } = circle()
    room.send(amy.socket, { type: 'media', mode: 'text' })
    expect(room.one(amy.socket, 'media')).toEqual({
      type: 'media',
      mode: 'text',
      identity: amy.identity,
      sources: [],
      subscribe: 'all',
    })
    room.send(amy.socket, { type: 'media', mode: 'video' })
    expect(room.one(amy.socket, 'error')).toMatchObject({
      code: 'media_unavailable',
      message: 'Video and audio are not configured on this server.',
    })
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
    expect(req!.call).toEqual({
      op: 'create_room',
      room: 'SessionAbcdEfgh01.0',
      maxParticipants: 6 + 3,
    })
    expect(roomCapacity(new Tx(room.state, room.now))).toBe(9)
    expect(room.state.seats[amy.seatId]!.mode).toBe('video')
    // LiveKit failing: she is told, text still works.
    room.ev({ type: 'livekit_answer', call: req!.call, then: req!.then, ok: false })
    expect(room.one(amy.socket, 'error')).toMatchObject({
      code: 'media_failed',
      message: 'Video and audio are unavailable right now. Text still works.',
    })
    room.ev({ type: 'livekit_answer', call: req!.call, then: req!.then, ok: true })
    const [token] = room.effectsOf('media_token')
    expect(token).toEqual({
      type: 'media_token',
      socket: amy.socket,
      seatId: amy.seatId,
      seat: { identity: amy.identity, pseudonym: 'Amy', role: 'participant', mode: 'video' },
      room: 'SessionAbcdEfgh01.0',
      grant: {
        canPublish: true,
        sources: ['camera', 'microphone'],
        canSubscribe: true,
        subscribe: 'all',
      },
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
    room.ev({
      type: 'livekit_answer',
      call: req!.call,
      then: { ...then, socket: 'gone' },
      ok: true,
    })
    expect(room.effectsOf('media_token')).toEqual([])
    room.ev({
      type: 'livekit_answer',
      call: req!.call,
      then: { ...then, socket: 'gone' },
      ok: false,
    })
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
    // A refused mute (LiveKit 404: she is not in the media room) is about her, not the
    // facilitator's own media, which must stay up (issue 17.9).
    room.ev({ type: 'livekit_answer', call: mute!.call, then: mute!.then, ok: false })
    expect(room.one(fac.socket, 'error')).toEqual({
      type: 'error',
      code: 'moderation_failed',
      message:
        'Could not apply this to Amy: they may not be in the video call right now. Their media is unchanged; try again in a moment.',
    })
    room.send(fac.socket, { type: 'stop_publishing', seatId: amy.seatId })
    const [stop] = room.effectsOf('livekit')
    expect(stop!.call).toEqual({
      op: 'publishing',
      room: 'SessionAbcdEfgh01.0',
      identity: amy.identity,
      sources: [],
    })
    // Stopped sticks, whatever LiveKit answers, and is re-applied when she joins again.
    expect(room.w.storage.seats.get(amy.seatId)?.publishingStopped).toBe(true)
    room.ev({
      type: 'webhook',
      event: 'participant_joined',
      room: 'SessionAbcdEfgh01.0',
      identity: amy.identity,
    })
    expect(room.effectsOf('livekit')).toEqual([])
    room.send(amy.socket, { type: 'media', mode: 'video' })
    const [req] = room.effectsOf('livekit')
    room.ev({ type: 'livekit_answer', call: req!.call, then: req!.then, ok: true })
    expect(room.effectsOf('media_token')[0]!.grant).toMatchObject({
      canPublish: false,
      sources: [],
    })
    room.ev({
      type: 'webhook',
      event: 'participant_joined',
      room: 'SessionAbcdEfgh01.0',
      identity: amy.identity,
    })
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

describe('every frame type limited per seat', () => {
  it('frames fall in their classes', () => {
    expect(frameClass('chat')).toBe('chat')
    expect(frameClass('hand')).toBe('hand')
    expect(frameClass('alert')).toBe('alert')
    expect(frameClass('media')).toBe('media')
    expect(frameClass('join')).toBe('other')
    expect(frameClass('leave')).toBe('other')
    for (const t of ['admit', 'remove', 'end', 'mute', 'set_chat'] as const)
      expect(frameClass(t)).toBe('moderation')
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
      expect(
        room.to(sender, 'error').filter((e) => e.code === 'rate_limited'),
        `${cls} #${i + 1}`,
      ).toEqual([])
    }
    room.send(sender, frame, t)
    expect(room.one(sender, 'error')).toMatchObject({
      code: 'rate_limited',
      message: 'You are sending messages too fast. Wait a moment.',
    })
    const refill = 1000 / rate.perSecond
    room.send(sender, frame, t + refill / 2)
    expect(room.error(sender)).toBe('rate_limited')
    room.send(sender, frame, t + refill)
    expect(room.to(sender, 'error').filter((e) => e.code === 'rate_limited')).toEqual([])
    room.send(sender, frame, t + refill)
    expect(room.error(sender)).toBe('rate_limited')
    // Another class is not used up; another seat neither.
    room.send(
      sender,
      cls === 'alert' ? { type: 'hand', raised: false } : { type: 'alert', kind: 'not_safe' },
      t + refill,
    )
    expect(room.to(sender, 'error').filter((e) => e.code === 'rate_limited')).toEqual([])
    const other =
      cls === 'moderation'
        ? room.person('cofacilitator', 'Co').socket
        : room.person('participant', 'Bea').socket
    room.send(other, frame, t + refill)
    expect(room.to(other, 'error').filter((e) => e.code === 'rate_limited')).toEqual([])
  })

  it('a long quiet refills no more than the burst', () => {
    const { room, amy } = circle()
    const t = room.now + HOUR / 2
    for (let i = 0; i < FRAME_RATES.chat.burst; i++)
      room.send(amy.socket, { type: 'chat', iv: IV, ct: CT }, t)
    room.send(amy.socket, { type: 'chat', iv: IV, ct: CT }, t)
    expect(room.error(amy.socket)).toBe('rate_limited')
  })

  it('an oversize, unreadable or invalid frame gets a readable error and changes nothing', () => {
    const { room, amy } = circle()
    const kept = room.kept()
    room.ev({ type: 'frame', socket: amy.socket, raw: 'x'.repeat(8 * 1024 + 1), nonce: 'n' })
    expect(room.one(amy.socket, 'error')).toMatchObject({
      code: 'too_large',
      message: 'That message is too long.',
    })
    room.ev({ type: 'frame', socket: amy.socket, raw: `"${'é'.repeat(4100)}"`, nonce: 'n' })
    expect(room.error(amy.socket)).toBe('too_large')
    room.ev({ type: 'frame', socket: amy.socket, raw: '{nope', nonce: 'n' })
    expect(room.one(amy.socket, 'error')).toMatchObject({
      code: 'bad_frame',
      message: 'That message could not be read.',
    })
    room.send(amy.socket, { type: 'hand', raised: 'yes' } as Record<string, unknown>)
    expect(room.one(amy.socket, 'error').message).toMatch(/^That message is not valid: /)
    expect(room.kept()).toBe(kept)
  })
})

describe('the roster is coalesced', () => {
  it("at most one roster per gap; the rest at the end of it, by the shell's timer", () => {
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
      {
        seatId: fac.seatId,
        pseudonym: 'Marie',
        role: 'facilitator',
        mode: 'text',
        online: true,
        identity: fac.identity,
        hand: false,
        cameraAllowed: false,
      },
      {
        seatId: amy.seatId,
        pseudonym: 'Amy',
        role: 'participant',
        mode: 'text',
        online: false,
        identity: amy.identity,
        hand: false,
        cameraAllowed: false,
      },
    ])
  })
})

describe("state survives hibernation without anyone's words", () => {
  it('a rebuilt room has the same seats, deadlines and sockets', () => {
    const { room, fac, amy } = circle()
    room.send(fac.socket, { type: 'set_chat', enabled: false })
    room.close(fac.socket)
    const before = { seats: room.state.seats, meta: room.state.meta, sockets: room.state.sockets }
    room.hibernate()
    expect({ seats: room.state.seats, meta: room.state.meta, sockets: room.state.sockets }).toEqual(
      before,
    )
    room.send(amy.socket, { type: 'chat', iv: IV, ct: CT })
    expect(room.error(amy.socket)).toBe('chat_disabled')
    const seat: Seat | undefined = room.w.storage.seats.get(amy.seatId)
    expect(seat?.pseudonym).toBe('Amy')
  })
})

describe('media, in detail', () => {
  /** A seat in media with a token for the current room. */
  function inMedia(room: Room, p: { socket: string }, mode: 'audio' | 'video') {
    room.send(p.socket, { type: 'media', mode })
    const [req] = room.effectsOf('livekit')
    room.ev({ type: 'livekit_answer', call: req!.call, then: req!.then, ok: true })
    expect(room.effectsOf('media_token')).toHaveLength(1)
  }

  it('a move asks new tokens only for people in media with a token, never for the lobby or text', () => {
    const room = new Room('group', { media: true, lobby: true })
    const fac = room.person('facilitator', 'Marie')
    const amy = room.person('participant', 'Amy')
    room.admit(fac.socket, amy.seatId)
    const bea = room.person('participant', 'Bea')
    room.admit(fac.socket, bea.seatId)
    const cleo = room.person('participant', 'Cleo')
    room.admit(fac.socket, cleo.seatId)
    inMedia(room, fac, 'video')
    inMedia(room, amy, 'audio')
    inMedia(room, bea, 'audio')
    room.send(bea.socket, { type: 'media', mode: 'text' })
    // Cleo chose audio but LiveKit never answered: she holds no token.
    room.send(cleo.socket, { type: 'media', mode: 'audio' })
    const waiting = room.person('participant', 'Waiting')
    room.state.seats[waiting.seatId] = {
      ...room.state.seats[waiting.seatId]!,
      mode: 'audio',
      tokenGeneration: 0,
    }
    room.send(fac.socket, { type: 'remove', seatId: amy.seatId })
    expect(room.effectsOf('livekit').map((c) => (c.then as { seatId: string }).seatId)).toEqual([
      fac.seatId,
    ])
    expect(room.effectsOf('livekit')[0]!.then).toMatchObject({
      kind: 'token',
      mode: 'video',
      generation: 1,
    })
  })

  it('a token answer gives nothing to a seat that has not joined, or whose policy gives no token', () => {
    const { room, fac, amy } = circle('group', { media: true })
    room.send(amy.socket, { type: 'media', mode: 'audio' })
    const [req] = room.effectsOf('livekit')
    const then = req!.then as Extract<Pending, { kind: 'token' }>
    const unjoined = room.seat('participant')
    const socket = room.connect(unjoined)
    room.ev({
      type: 'livekit_answer',
      call: req!.call,
      then: { ...then, seatId: unjoined, socket },
      ok: true,
    })
    expect(room.effectsOf('media_token')).toEqual([])
    // After the answer, a second one for the same generation saves nothing again.
    room.ev({ type: 'livekit_answer', call: req!.call, then, ok: true })
    expect(room.effectsOf('put_seat')).toHaveLength(1)
    room.ev({ type: 'livekit_answer', call: req!.call, then, ok: true })
    expect(room.effectsOf('put_seat')).toEqual([])
    expect(room.effectsOf('media_token')).toHaveLength(1)
    // Stopped meanwhile and switched to text: no token.
    room.send(fac.socket, { type: 'stop_publishing', seatId: amy.seatId })
    room.ev({ type: 'livekit_answer', call: req!.call, then: { ...then, mode: 'text' }, ok: true })
    expect(room.effectsOf('media_token')).toEqual([])
    // After the close, no answer does anything.
    room.send(fac.socket, { type: 'end' })
    room.ev({ type: 'livekit_answer', call: req!.call, then, ok: false })
    expect(room.effects.filter((e) => e.type !== 'alarm')).toEqual([])
  })

  it('a moderation answer for someone gone or back in the lobby tells nobody', () => {
    const { room, fac, amy } = circle('group', { media: true })
    room.send(fac.socket, { type: 'mute', seatId: amy.seatId, source: 'microphone' })
    const [mute] = room.effectsOf('livekit')
    room.send(fac.socket, { type: 'remove', seatId: amy.seatId })
    room.ev({ type: 'livekit_answer', call: mute!.call, then: mute!.then, ok: true })
    expect(room.effects.filter((e) => e.type === 'send')).toEqual([])
    room.ev({ type: 'livekit_answer', call: mute!.call, then: { kind: 'none' }, ok: true })
    expect(room.effects.filter((e) => e.type !== 'alarm')).toEqual([])
  })

  it("a webhook for a participant who is here and not stopped changes nothing; a closed session's room is deleted again", () => {
    const { room, fac, amy } = circle('group', { media: true })
    const current = 'SessionAbcdEfgh01.0'
    room.ev({ type: 'webhook', event: 'participant_joined', room: current, identity: amy.identity })
    expect(room.effects.filter((e) => e.type !== 'alarm')).toEqual([])
    room.ev({ type: 'webhook', event: 'participant_left', room: current, identity: amy.identity })
    expect(room.meta.graceDeadline).toBeUndefined()
    room.ev({ type: 'webhook', event: 'participant_left', room: current, identity: 'lk-unknown' })
    expect(room.effects.filter((e) => e.type !== 'alarm')).toEqual([])
    // A closed session's room: deleted again, and nobody is remembered.
    room.send(fac.socket, { type: 'end' })
    room.ev({ type: 'webhook', event: 'participant_joined', room: current, identity: amy.identity })
    expect(room.meta.livekitTasks?.map((t) => t.op)).toEqual(['delete'])
    expect(JSON.stringify(room.meta)).not.toContain(amy.identity)
    const empty = new Room('group', { media: true })
    empty.ev({ type: 'webhook', event: 'participant_joined', room: current, identity: 'x' })
    expect(empty.effects.filter((e) => e.type !== 'alarm')).toEqual([])
  })
})

describe('alerts and removal, in detail', () => {
  it('while an earlier alert waits, later ones are not said delivered; the lobby hears of a waiting person removed', () => {
    const { room, fac, amy } = circle()
    room.close(fac.socket)
    room.send(amy.socket, { type: 'alert', kind: 'not_safe' })
    const back = room.connect(fac.seatId)
    expect(room.to(back, 'alert')).toHaveLength(1)
    room.send(amy.socket, { type: 'alert', kind: 'step_away' })
    expect(room.one(amy.socket, 'alert_sent').delivered).toBe(true)
    const bea = room.person('participant', 'Bea')
    room.close(back)
    room.send(bea.socket, { type: 'alert', kind: 'not_safe' })
    room.send(amy.socket, { type: 'alert', kind: 'step_away' }, room.now + 60_000)
    expect(room.one(amy.socket, 'alert_sent').delivered).toBe(false)
    // Bea left before a facilitator came: her alert is still delivered, said to be from someone gone.
    room.send(bea.socket, { type: 'leave' })
    const again = room.connect(fac.seatId)
    const alerts = room.to(again, 'alert')
    expect(alerts.map((a) => a.seatId)).toEqual([bea.seatId, amy.seatId])
    expect(alerts.map((a) => a.leftAt !== undefined)).toEqual([true, false])
    const lobby = new Room('group', { lobby: true })
    const lf = lobby.person('facilitator', 'Marie')
    const w = lobby.person('participant', 'Waiting')
    lobby.send(lf.socket, { type: 'remove', seatId: w.seatId })
    expect(lobby.one(lf.socket, 'lobby').waiting).toEqual([])
  })

  it('removing the second adult starts the supervision countdown', () => {
    const { room, fac, obs, sky } = youthCircle()
    room.send(fac.socket, { type: 'remove', seatId: obs.seatId })
    expect(room.one(sky.socket, 'supervision')).toMatchObject({ ok: false, adults: 1 })
  })

  it("a seat's limits go with it: a new seat starts with a full burst", () => {
    const { room, amy } = circle()
    const t = room.now + 1000
    for (let i = 0; i < 3; i++) room.send(amy.socket, { type: 'alert', kind: 'step_away' }, t)
    expect(Object.keys(room.state.buckets).filter((k) => k.startsWith(amy.seatId))).toHaveLength(2)
    room.send(amy.socket, { type: 'leave' }, t)
    expect(Object.keys(room.state.buckets).filter((k) => k.startsWith(amy.seatId))).toEqual([])
    expect(Object.keys(room.state.buckets).length).toBeGreaterThan(0)
  })

  it('no roster goes out after the close, and none is left due', () => {
    const { room, fac } = circle()
    const t = room.now + 1000
    room.send(fac.socket, { type: 'lower_all_hands' }, t)
    room.send(fac.socket, { type: 'lower_all_hands' }, t + 10)
    expect(room.state.rosterDueAt).toBe(t + ROSTER_GAP_MS)
    room.send(fac.socket, { type: 'end' }, t + 20)
    expect(room.state.rosterDueAt).toBeUndefined()
    expect(room.state.rosterDirty).toBe(false)
    room.ev({ type: 'tick' }, t + ROSTER_GAP_MS)
    expect(room.effects.filter((e) => e.type === 'send')).toEqual([])
  })
})
