// What issue 11 added to the room, on its pure core: a facilitator's one private reply to an alert
// (to that person only, never kept, never in youth sessions, never to the lobby), the name staff
// chose for sessions, and the live counts the console shows. Pure: runs in the Workers suite and in
// Node for mutation testing.
import { describe, expect, it } from 'vitest'
import { liveCounts } from '../../../worker/room/core/live-counts'
import { circle, CT, IV, Room, youthCircle } from './room-harness'

const reply = (seatId: string) => ({ type: 'private_reply', seatId, iv: IV, ct: CT })

describe('a private reply to an alert, on the core', () => {
  it('reaches that person only, with the facilitator’s name and the time, and nothing is kept', () => {
    const { room, fac, amy } = circle()
    const bea = room.person('participant', 'Bea')
    const kept = room.kept()
    room.send(fac.socket, reply(amy.seatId))
    expect(room.one(amy.socket, 'private_reply')).toEqual({
      type: 'private_reply',
      from: 'Marie',
      iv: IV,
      ct: CT,
      at: room.now,
    })
    expect(room.to(bea.socket, 'private_reply')).toEqual([])
    expect(room.to(fac.socket, 'private_reply')).toEqual([])
    expect(room.effects.filter((e) => e.type !== 'send')).toEqual([])
    expect(room.kept()).toBe(kept)
  })

  it('works in a short chat session, and a co-facilitator may send one', () => {
    const { room, amy } = circle('chat')
    const co = room.person('cofacilitator', 'Co')
    room.send(co.socket, reply(amy.seatId))
    expect(room.one(amy.socket, 'private_reply').from).toBe('Co')
  })

  it('youth sessions have none: refused with a reason, and nobody receives it', () => {
    const { room, fac, obs, sky } = youthCircle()
    room.send(fac.socket, reply(sky.seatId))
    expect(room.error(fac.socket)).toBe('no_private_messages')
    expect(room.to(sky.socket, 'private_reply')).toEqual([])
    expect(room.to(obs.socket, 'private_reply')).toEqual([])
  })

  it('is refused for someone gone, not joined, waiting in the lobby, or oneself', () => {
    const room = new Room('group', { lobby: true })
    const fac = room.person('facilitator', 'Marie')
    const waiting = room.person('participant', 'Amy')
    const notJoined = room.seat('participant')
    const notJoinedSocket = room.connect(notJoined)
    const cases: [string, string, string][] = [
      ['seatNobodyAbCdEf', 'unknown_seat', 'gone'],
      [notJoined, 'unknown_seat', 'not joined'],
      [fac.seatId, 'unknown_seat', 'oneself'],
      [waiting.seatId, 'in_lobby', 'waiting'],
    ]
    for (const [seatId, code, why] of cases) {
      room.send(fac.socket, reply(seatId))
      expect(room.error(fac.socket), why).toBe(code)
      expect(room.to(waiting.socket, 'private_reply'), why).toEqual([])
      expect(room.to(notJoinedSocket, 'private_reply'), why).toEqual([])
    }
  })
})

describe('staff in sessions, on the core', () => {
  it('a staff seat appears under the name chosen for sessions, whatever the page sends', () => {
    const room = new Room('group')
    const seatId = room.seat('facilitator', { staffId: 'staff-1', staffName: 'Marie' })
    const socket = room.connect(seatId)
    room.send(socket, { type: 'join', pseudonym: 'Marie-Claude Tremblay', agreed: true })
    expect(room.state.seats[seatId]!.pseudonym).toBe('Marie')
    const amy = room.person('participant', 'Amy')
    expect(room.one(amy.socket, 'roster').members.map((m) => m.pseudonym)).toEqual(['Marie', 'Amy'])
  })

  it('a seat without a chosen name takes the pseudonym it joins with', () => {
    const { room, fac } = circle()
    expect(room.state.seats[fac.seatId]!.pseudonym).toBe('Marie')
  })
})

describe('live counts for the console, on the core', () => {
  it('counts joined people connected now: admitted as present, the lobby as waiting', () => {
    const room = new Room('group', { lobby: true })
    expect(liveCounts(room.state)).toEqual({ open: false, present: 0, waiting: 0 })
    const fac = room.person('facilitator', 'Marie')
    expect(liveCounts(room.state)).toEqual({ open: true, present: 1, waiting: 0 })
    const amy = room.person('participant', 'Amy')
    room.person('participant', 'Bea')
    room.connect(room.seat('participant')) // connected, not joined: not counted
    expect(liveCounts(room.state)).toEqual({ open: true, present: 1, waiting: 2 })
    room.admit(fac.socket, amy.seatId)
    expect(liveCounts(room.state)).toEqual({ open: true, present: 2, waiting: 1 })
    room.close(amy.socket)
    expect(liveCounts(room.state)).toEqual({ open: true, present: 1, waiting: 1 })
    room.send(fac.socket, { type: 'end' })
    expect(liveCounts(room.state)).toEqual({ open: false, present: 0, waiting: 0 })
  })
})
