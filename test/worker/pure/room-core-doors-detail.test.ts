// The doors and promises of issue 17 in detail, each case a mutant StrykerJS left alive: who may
// remove whom, a hand or a deleted message's notice for someone waiting, the alert repeat window at
// its edge, and what a seat back after being away keeps.
import { describe, expect, it } from 'vitest'
import { ALERT_REPEAT_MS } from '../../../worker/room/core/moderation'
import { AWAY_READMIT_MS } from '../../../worker/room/core/seats'
import { circle, CT, IV, Room } from './room-harness'


describe('who may remove whom', () => {
  it('staff signed in stay: neither other staff nor a co-facilitator by link can remove them', () => {
    const { room, fac } = circle()
    const other = room.person('facilitator', 'Nadia', { staffId: 'staff-other' })
    const co = room.person('cofacilitator', 'Co')
    room.send(other.socket, { type: 'remove', seatId: fac.seatId })
    expect(room.error(other.socket)).toBe('forbidden')
    room.send(co.socket, { type: 'remove', seatId: fac.seatId })
    expect(room.error(co.socket)).toBe('forbidden')
    expect(room.state.seats[fac.seatId]).toBeDefined()
  })

  it('a co-facilitator by link cannot remove another co-facilitator; staff can', () => {
    const { room, fac } = circle()
    const co = room.person('cofacilitator', 'Co')
    const co2 = room.person('cofacilitator', 'Co2')
    room.send(co.socket, { type: 'remove', seatId: co2.seatId })
    expect(room.error(co.socket)).toBe('forbidden')
    expect(room.state.seats[co2.seatId]).toBeDefined()
    room.send(fac.socket, { type: 'remove', seatId: co2.seatId })
    expect(room.state.seats[co2.seatId]).toBeUndefined()
  })
})

describe('someone waiting', () => {
  it('cannot raise a hand in the lobby', () => {
    const room = new Room('group', { lobby: true })
    room.person('facilitator', 'Marie')
    const bea = room.person('participant', 'Bea')
    room.send(bea.socket, { type: 'hand', raised: true })
    expect(room.error(bea.socket)).toBe('in_lobby')
    expect(room.state.seats[bea.seatId]!.hand).toBe(false)
  })

  it('back after being away, her raised hand is down and a deleted message of hers is not announced to her', () => {
    const { room, fac, amy } = circle()
    room.send(amy.socket, { type: 'chat', iv: IV, ct: CT })
    const id = room.one(fac.socket, 'chat').id
    room.send(amy.socket, { type: 'hand', raised: true })
    room.close(amy.socket)
    room.now += AWAY_READMIT_MS
    const back = room.connect(amy.seatId)
    expect(room.state.seats[amy.seatId]).toMatchObject({ admitted: false, hand: false })
    room.send(fac.socket, { type: 'delete_message', messageId: id, rule: null })
    expect(room.to(back, 'message_removed')).toEqual([])
    room.admit(fac.socket, amy.seatId)
    room.send(back, { type: 'chat', iv: IV, ct: CT })
    const second = room.one(fac.socket, 'chat').id
    room.send(fac.socket, { type: 'delete_message', messageId: second, rule: 2 })
    expect(room.one(back, 'message_removed')).toMatchObject({ id: second, rule: 2 })
  })

  it('a person who was waiting and comes back later is not said to be "back after being away"', () => {
    const room = new Room('group', { lobby: true })
    const fac = room.person('facilitator', 'Marie')
    const bea = room.person('participant', 'Bea')
    room.close(bea.socket)
    room.now += AWAY_READMIT_MS * 2
    room.connect(bea.seatId)
    expect(room.state.seats[bea.seatId]!.awayMs).toBeUndefined()
    const entry = room.to(fac.socket, 'lobby').at(-1)!.waiting.find((w) => w.seatId === bea.seatId)
    expect(entry).toMatchObject({ pseudonym: 'Bea' })
    expect(entry).not.toHaveProperty('awayMs')
  })
})

describe('alerts at the edge of the repeat window', () => {
  it('the same alert again before 30 s is not sent twice; at 30 s it is sent again', () => {
    const { room, fac, amy } = circle()
    room.send(amy.socket, { type: 'alert', kind: 'not_safe' })
    const first = room.now
    expect(room.to(fac.socket, 'alert')).toHaveLength(1)
    room.send(amy.socket, { type: 'alert', kind: 'not_safe' }, first + ALERT_REPEAT_MS - 1)
    expect(room.to(fac.socket, 'alert')).toHaveLength(0)
    room.send(amy.socket, { type: 'alert', kind: 'not_safe' }, first + ALERT_REPEAT_MS)
    expect(room.to(fac.socket, 'alert')).toHaveLength(1)
  })
})
