// Removed means out, on the open-source livekit-server too (DESIGN.md invariant 7): it ignores
// revokeTokenTs and hands every joining client a fresh token, so Havre moves the session to a new
// media room. Proven by replaying the removed person's tokens — the one Havre minted and the one
// LiveKit refreshed — with a signal-only client (which never fires participant_joined).
import { describe, expect, it } from 'vitest'
import { CLOSE_CODES } from '../../worker/protocol'
import {
  callsFor,
  joinSignal,
  liveGroup,
  mediaRoom,
  participantsIn,
  postWebhook,
  requestMedia,
  roomService,
  storedMeta,
  verifyToken,
  waitForCalls,
} from './livekit-support'
import { connect } from './support'

const roomGone = async (name: string) =>
  !(await roomService().listRooms([name])).some((r) => r.name === name)

describe('removal on any LiveKit', () => {
  it('replaying every token the removed person held opens nothing of the session', async () => {
    const g = await liveGroup()
    const facMedia = await requestMedia(g.fac, 'video')
    const amyMedia = await requestMedia(g.amy, 'video')
    const fac = await joinSignal(facMedia.token!)
    // Amy is in the room; LiveKit hands her a fresh token as it does every joining client.
    const amy = await joinSignal(amyMedia.token!)
    expect(amy).toMatchObject({ joined: true, room: mediaRoom(g.room) })
    if (!amy.joined) throw new Error('unreachable')
    expect(amy.others).toContain(facMedia.identity)
    expect(amy.refreshToken).toBeTruthy()
    const captured = [amyMedia.token!, amy.refreshToken!]

    const facSeen = g.fac.frames.length
    g.fac.send({ type: 'remove', seatId: g.amyId })
    expect((await g.amy.closed()).code).toBe(CLOSE_CODES.removed)
    // Everyone still in media gets a token for the new room.
    const moved = await g.fac.next('media', facSeen)
    expect((await verifyToken(moved.token!)).video?.room).toBe(mediaRoom(g.room, 1))
    expect(moved.identity).toBe(facMedia.identity)
    // The old room is emptied and deleted on the real server.
    await waitForCalls(
      g.room,
      (c) => c.some((x) => x.method === 'DeleteRoom' && x.room === mediaRoom(g.room) && x.status === 200),
      'old room deleted',
    )
    expect(await roomGone(mediaRoom(g.room))).toBe(true)
    // Cloud honours revokeTokenTs: a minute ahead, so a token refreshed meanwhile is revoked too.
    const remove = (await callsFor(g.room, 'RemoveParticipant'))[0]!
    expect(remove.body).toMatchObject({ room: mediaRoom(g.room), identity: amyMedia.identity })
    expect(Number(remove.body.revokeTokenTs)).toBeGreaterThanOrEqual(Date.now() / 1000 + 50)
    if (fac.joined) fac.close()

    // The facilitator is in the new room; Amy replays both tokens she captured.
    const facNew = await joinSignal(moved.token!)
    expect(facNew).toMatchObject({ joined: true, room: mediaRoom(g.room, 1) })
    for (const token of captured) {
      expect((await verifyToken(token)).video?.room).toBe(mediaRoom(g.room))
      const replay = await joinSignal(token)
      // At most an empty room LiveKit makes up for a dead name: nobody, and not the session's room.
      if (replay.joined) {
        expect(replay.room).not.toBe(mediaRoom(g.room, 1))
        expect(replay.others).toEqual([])
        replay.close()
      }
    }
    expect(await participantsIn(mediaRoom(g.room, 1))).not.toContain(amyMedia.identity)
    if (facNew.joined) facNew.close()
    // And the seat itself is void: no way back through the room socket.
    const back = await connect(g.session.id, g.amySeat)
    expect((await back.next('error')).code).toBe('unknown_seat')
  })

  it('a replayed token that LiveKit lets into the old room: removed again, and the room deleted again', async () => {
    const g = await liveGroup()
    await requestMedia(g.fac, 'video')
    const amyMedia = await requestMedia(g.amy, 'video')
    g.fac.send({ type: 'remove', seatId: g.amyId })
    await g.amy.closed()
    await waitForCalls(
      g.room,
      (c) => c.some((x) => x.method === 'DeleteRoom' && x.status === 200),
      'old room deleted',
    )
    // The replay makes LiveKit create the old room again (auto_create) and Amy joins it.
    const replay = await joinSignal(amyMedia.token!)
    expect(replay.joined).toBe(true)
    const before = (await callsFor(g.room, 'DeleteRoom')).length
    expect((await postWebhook('participant_joined', mediaRoom(g.room), amyMedia.identity)).status).toBe(200)
    const calls = await callsFor(g.room)
    expect(calls.filter((c) => c.method === 'DeleteRoom')).toHaveLength(before + 1)
    expect(calls.at(-1)).toMatchObject({ method: 'DeleteRoom', room: mediaRoom(g.room), status: 200 })
    expect(await roomGone(mediaRoom(g.room))).toBe(true)
    if (replay.joined) replay.close()
  })

  it('removing someone who never had media moves nothing', async () => {
    const g = await liveGroup()
    await requestMedia(g.fac, 'video')
    g.fac.send({ type: 'remove', seatId: g.amyId })
    await g.amy.closed()
    expect((await storedMeta(g.room))!.mediaGeneration ?? 0).toBe(0)
    expect((await callsFor(g.room)).map((c) => c.method)).toEqual(['CreateRoom'])
  })

  it('a participant_joined for a seat still in the session removes nobody', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.amy, 'video')
    const res = await postWebhook('participant_joined', mediaRoom(g.room), media.identity)
    expect(res.status).toBe(200)
    expect(await callsFor(g.room, 'RemoveParticipant')).toEqual([])
    expect(g.amy.isClosed()).toBeUndefined()
  })
})
