// The total close with LiveKit (invariant 6): the facilitator's end deletes the current media room
// and every old one still owed, on the real server, so every media connection ends.
import { describe, expect, it } from 'vitest'
import { CLOSE_CODES } from '../../worker/protocol'
import {
  callsFor,
  joinSignal,
  liveGroup,
  mediaRoom,
  requestMedia,
  roomService,
  storedMeta,
} from './livekit-support'
import { sleep } from './support'

const roomsOf = async (session: string) =>
  (await roomService().listRooms()).map((r) => r.name).filter((n) => n.startsWith(`${session}.`))

/** The rooms LiveKit still has for a session once the close's deletions are answered (≤ 3 s). */
async function roomsAfterClose(session: string) {
  const deadline = Date.now() + 3000
  let rooms = await roomsOf(session)
  while (rooms.length > 0 && Date.now() < deadline) {
    await sleep(50)
    rooms = await roomsOf(session)
  }
  return rooms
}

describe('total close', () => {
  it('end deletes the media room and disconnects everyone in it', async () => {
    const g = await liveGroup()
    const fac = await joinSignal((await requestMedia(g.fac, 'video')).token!)
    const amy = await joinSignal((await requestMedia(g.amy, 'audio')).token!)
    expect(await roomsOf(g.room)).toEqual([mediaRoom(g.room)])
    g.fac.send({ type: 'end' })
    expect((await g.amy.closed()).code).toBe(CLOSE_CODES.ended)
    expect(await roomsAfterClose(g.room)).toEqual([])
    await sleep(100)
    const deletes = (await callsFor(g.room, 'DeleteRoom')).map((c) => [c.room, c.status])
    expect(deletes).toEqual([[mediaRoom(g.room), 200]])
    expect((await storedMeta(g.room))!.livekitTasks).toEqual([])
    for (const j of [fac, amy]) if (j.joined) j.close()
  })

  it('end after a removal deletes the new room, and the old one is gone too', async () => {
    const g = await liveGroup()
    await requestMedia(g.fac, 'video')
    await requestMedia(g.amy, 'video')
    g.fac.send({ type: 'remove', seatId: g.amyId })
    await g.fac.next('media', g.fac.frames.length - 1)
    g.fac.send({ type: 'end' })
    expect((await g.fac.closed()).code).toBe(CLOSE_CODES.ended)
    expect(await roomsAfterClose(g.room)).toEqual([])
    // The room records the deletions a moment after LiveKit answers them.
    await sleep(100)
    expect((await storedMeta(g.room))!.livekitTasks).toEqual([])
  })

  it('a session ended before anyone asked for media closes cleanly', async () => {
    const g = await liveGroup()
    g.fac.send({ type: 'end' })
    expect((await g.amy.closed()).code).toBe(CLOSE_CODES.ended)
    await sleep(50)
    // LiveKit says the room does not exist; that counts as deleted.
    expect((await storedMeta(g.room))!.livekitTasks).toEqual([])
    expect((await callsFor(g.room, 'DeleteRoom')).map((c) => c.status)).toEqual([404])
  })
})
