// Least privilege (invariant 5): every moderator-only frame refused for participants, interpreters
// and observers, changing nothing; the door: seat secrets, replaced seats, the lobby, the code word.
// The room's safety promises on its pure core (worker/room/core): step(state, event, now) driven
// event by event (./room-harness.ts), each promise asserted on the core's own answer — the frames,
// closes, storage writes and alarm it asks for — so breaking a rule fails here in milliseconds, and
// under StrykerJS in Node. test/worker/safety-promises.test.ts asserts the same through the real
// Durable Object. Pure: runs in the Workers suite and in Node for mutation testing.
import { describe, expect, it } from 'vitest'
import { CLOSE_CODES, type ClientMessage } from '../../../worker/protocol'
import { circle, CT, GRACE_MS, IV, Room } from './room-harness'

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
  { type: 'private_reply', seatId, iv: IV, ct: CT },
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
      // Not a question of privilege: youth sessions have no private messages for anyone.
      const refusals = frame.type === 'private_reply' ? [{ type: 'error', code: 'no_private_messages' }] : []
      expect(
        room.to(mod.socket, 'error').map((e) => ({ type: e.type, code: (e as { code: string }).code })),
        `${role} sent ${frame.type}`,
      ).toEqual(refusals)
      expect(room.effects.length, frame.type).toBeGreaterThan(0)
    }
  })

  it('a facilitator ends the session; so does a co-facilitator', () => {
    for (const role of ['facilitator', 'cofacilitator'] as const) {
      const { room, amy } = circle()
      const mod = role === 'facilitator' ? undefined : room.person('cofacilitator', 'Co')
      room.send(mod?.socket ?? room.connect(room.seat('facilitator', { staffId: 'staff-2' })), {
        type: 'end',
      })
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
    expect(room.one(obs.socket, 'error')).toMatchObject({
      code: 'forbidden',
      message: 'Observers see and hear the session; they do not write or raise a hand.',
    })
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

describe('the door: a seat secret, the lobby, the code word', () => {
  it('a socket needs its seat and the hash of its secret', () => {
    const { room } = circle()
    const seatId = room.seat('participant')
    for (const [id, hash] of [
      [seatId, 'wrong'],
      [seatId, undefined],
      ['nobodyAbCdEf', 'hash-1'],
      [undefined, undefined],
    ] as const) {
      const socket = `s-${id}-${hash}`
      room.ev({
        type: 'connect',
        socket,
        ...(id ? { seatId: id } : {}),
        ...(hash ? { secretHash: hash } : {}),
      })
      expect(room.error(socket)).toBe('unknown_seat')
      expect(room.closedWith(socket)).toEqual([CLOSE_CODES.unauthorized])
      expect(room.effectsOf('accept')).toEqual([])
    }
    const ok = room.connect(seatId)
    expect(room.effectsOf('accept')).toEqual([
      { type: 'accept', socket: ok, seatId, role: 'participant' },
    ])
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
    expect(room.effectsOf('reply')).toEqual([
      { type: 'reply', value: { ok: true, seatId: second } },
    ])
  })

  it('waiting people learn nothing of the room; facilitators see them in the lobby', () => {
    const room = new Room('group', { lobby: true })
    const fac = room.person('facilitator', 'Marie')
    const amySeat = room.seat('participant')
    const amy = room.connect(amySeat)
    const welcome = room.one(amy, 'welcome')
    expect(welcome).toMatchObject({
      admitted: false,
      members: [],
      joined: false,
      role: 'participant',
      kind: 'group',
    })
    room.send(amy, { type: 'join', pseudonym: 'Amy', agreed: true })
    expect(room.one(fac.socket, 'lobby').waiting).toEqual([
      {
        seatId: amySeat,
        pseudonym: 'Amy',
        role: 'participant',
        codeWordRequired: false,
        codeWord: null,
      },
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
    expect(room.one(amy, 'error')).toMatchObject({
      code: 'bad_frame',
      message: 'This link asks for the code word agreed with your advocate.',
    })
    expect(room.state.seats[seatId]!.pseudonym).toBeNull()
    room.send(amy, { type: 'join', pseudonym: 'Amy', agreed: true, codeWord: { iv: IV, ct: CT } })
    expect(room.one(fac.socket, 'lobby').waiting[0]).toMatchObject({
      codeWordRequired: true,
      codeWord: { iv: IV, ct: CT },
    })
    expect(room.w.storage.seats.get(seatId)?.codeWord).toEqual({ iv: IV, ct: CT })
    room.send(amy, { type: 'join', pseudonym: 'Amy', agreed: true })
    expect(room.error(amy)).toBe('already_joined')
    room.admit(fac.socket, seatId)
    expect(room.w.storage.seats.get(seatId)?.codeWord).toBeUndefined()
    expect(room.kept()).not.toContain(CT)
    // With the lobby off, a code-word link still waits: the facilitator checks the code word.
    const { room: g, fac: host } = circle()
    const bea = g.seat('participant', { codeWordRequired: true })
    expect(g.state.seats[bea]!.admitted).toBe(false)
    const beaSocket = g.connect(bea)
    g.send(beaSocket, { type: 'join', pseudonym: 'Bea', agreed: true })
    expect(g.error(beaSocket)).toBe('bad_frame')
    g.send(beaSocket, { type: 'join', pseudonym: 'Bea', agreed: true, codeWord: { iv: IV, ct: CT } })
    expect(g.one(host.socket, 'lobby').waiting[0]).toMatchObject({ seatId: bea, codeWord: { iv: IV, ct: CT } })
    expect(g.to(beaSocket, 'roster')).toEqual([])
    g.admit(host.socket, bea)
    expect(g.state.seats[bea]!.codeWord).toBeUndefined()
  })
})

describe('arriving, joining and leaving, in detail', () => {
  it('the welcome says who and where, and a returning seat that it has joined', () => {
    const { room, fac, amy } = circle()
    room.send(fac.socket, { type: 'spotlight', seatId: amy.seatId })
    const again = room.connect(amy.seatId)
    expect(room.one(again, 'welcome')).toEqual({
      type: 'welcome',
      seatId: amy.seatId,
      role: 'participant',
      kind: 'group',
      joined: true,
      facilitatorPresent: true,
      members: expect.arrayContaining([
        expect.objectContaining({ pseudonym: 'Amy' }),
        expect.objectContaining({ pseudonym: 'Marie' }),
      ]),
      media: false,
      spotlight: amy.seatId,
      admitted: true,
      chatEnabled: true,
    })
    expect(room.one(again, 'welcome').members).toHaveLength(2)
    expect(room.to(again, 'lobby')).toEqual([])
  })

  it('a facilitator arriving gets the lobby as it is, and the roster goes out with them online', () => {
    const room = new Room('group', { lobby: true })
    const fac = room.person('facilitator', 'Marie')
    const amy = room.person('participant', 'Amy')
    const co = room.person('cofacilitator', 'Chris')
    const coSocket = co.socket
    expect(room.one(coSocket, 'lobby').waiting.map((w) => w.seatId)).toEqual([amy.seatId])
    expect(room.one(fac.socket, 'roster').members.map((m) => m.pseudonym)).toEqual(['Marie', 'Chris'])
    room.close(fac.socket)
    const back = room.connect(fac.seatId)
    expect(room.one(back, 'lobby').waiting).toHaveLength(1)
    expect(room.one(coSocket, 'roster').members.find((m) => m.seatId === fac.seatId)?.online).toBe(
      true,
    )
  })

  it('joining puts the pseudonym on the roster; a waiting person leaving goes from the lobby', () => {
    const room = new Room('group', { lobby: true })
    const fac = room.person('facilitator', 'Marie')
    const bea = room.seat('participant', {})
    room.admit(fac.socket, bea)
    const socket = room.connect(bea)
    room.send(socket, { type: 'join', pseudonym: 'Bea', agreed: true })
    expect(room.one(fac.socket, 'roster').members.map((m) => m.pseudonym)).toEqual(['Marie', 'Bea'])
    const amy = room.person('participant', 'Amy')
    expect(room.one(fac.socket, 'lobby').waiting).toHaveLength(1)
    room.send(amy.socket, { type: 'leave' })
    expect(room.one(fac.socket, 'lobby').waiting).toEqual([])
  })

  it('a staff member replacing their seat starts no lobby update, and counts once for youth', () => {
    const room = new Room('youth')
    const fac = room.person('facilitator', 'Marie', { staffId: 'staff-a' })
    const co = room.person('cofacilitator', 'Co')
    const sky = room.person('participant', 'Sky')
    room.admit(fac.socket, sky.seatId)
    expect(room.state.seats[sky.seatId]!.admitted).toBe(true)
    room.seat('facilitator', { staffId: 'staff-a' })
    expect(room.to(co.socket, 'lobby')).toEqual([])
    // The old seat is gone and the new one not yet connected: one adult, the countdown starts.
    expect(room.one(sky.socket, 'supervision')).toMatchObject({ ok: false, adults: 1 })
    expect(room.meta.supervisionDeadline).toBe(room.now + GRACE_MS)
  })

  it('a socket of a seat that is gone, or of a closed room, changes nothing when it drops', () => {
    const { room, fac, amy } = circle()
    room.close('never-opened')
    expect(room.effects.filter((e) => e.type !== 'alarm')).toEqual([])
    room.send(fac.socket, { type: 'end' })
    room.close(amy.socket)
    expect(room.effects.filter((e) => e.type !== 'alarm')).toEqual([])
  })
})
