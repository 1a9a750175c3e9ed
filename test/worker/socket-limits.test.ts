// Issue 10a/10b: a refused room socket is closed and forgotten by the room (the shell's socket map
// does not grow with refused attempts), and WebSocket upgrades are rate limited per connection.
import { env, runInDurableObject, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { roomFor } from '../../worker/room/stub'
import {
  connect,
  createSession,
  hostSeat,
  joinAs,
  ORIGIN,
  RATE_WINDOW,
  signInStaff,
  withinOneRateWindow,
} from './support'

const socketsHeld = (sessionId: string) =>
  runInDurableObject(roomFor(env, sessionId), async (room) => room.sockets.size)

/** One upgrade attempt from an address, closed at once by the test. */
async function upgrade(sessionId: string, address: string) {
  const res = await SELF.fetch(`${ORIGIN}/api/rooms/${sessionId}/socket`, {
    headers: {
      upgrade: 'websocket',
      'sec-websocket-protocol': 'havre.v1, seat.nobody.nothing',
      'cf-connecting-ip': address,
    },
  })
  if (res.webSocket) {
    res.webSocket.accept()
    res.webSocket.close(1000, 'bye')
  }
  return res
}

describe('refused sockets are forgotten (10a)', () => {
  it('twenty refused upgrades leave the room holding only its real sockets', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff)
    const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Marie')
    const before = await socketsHeld(session.id)
    expect(before).toBe(1)
    for (let i = 0; i < 20; i++) {
      const refused = await connect(session.id, `seat${i}.not-a-secret`)
      expect((await refused.next('error')).code).toBe('unknown_seat')
      expect((await refused.closed()).code).toBe(4003)
    }
    expect(await socketsHeld(session.id)).toBe(before)
    // The facilitator's own socket is still open.
    expect(fac.isClosed()).toBeUndefined()
  })

  it('refusals by a room with no session (never created) keep nothing either', async () => {
    const id = 'z'.repeat(22)
    for (let i = 0; i < 5; i++) {
      const refused = await connect(id, 'x.y')
      await refused.closed()
    }
    expect(await socketsHeld(id)).toBe(0)
  })
})

describe('WebSocket upgrades are rate limited per connection (10b)', () => {
  it('one address is refused with a readable 429 after 60 upgrades a minute; another is not', RATE_WINDOW, async () => {
    await withinOneRateWindow()
    const staff = await signInStaff()
    const session = await createSession(staff)
    const statuses: number[] = []
    for (let i = 0; i < 62; i++) statuses.push((await upgrade(session.id, '203.0.113.61')).status)
    expect(statuses.slice(0, 60).every((s) => s === 101)).toBe(true)
    expect(statuses.slice(60)).toEqual([429, 429])
    const limited = await upgrade(session.id, '203.0.113.61')
    expect(limited.status).toBe(429)
    expect(((await limited.json()) as { message: string }).message).toMatch(/Too many attempts.*wait a minute/)
    expect((await upgrade(session.id, '198.51.100.61')).status).toBe(101)
  })
})
