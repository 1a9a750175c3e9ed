// Moderation through RoomService on the real server, with the person in the media room (a
// signal-only client: a permission needs no media). Muting a live track, and the receivers' packets
// stopping, is proven with real media in test/browser/media-sfu.test.ts.
import { describe, expect, it } from 'vitest'
import {
  callsFor,
  joinSignal,
  liveGroup,
  mediaRoom,
  requestMedia,
  roomService,
  verifyToken,
} from './livekit-support'
import { sleep } from './support'

describe('moderation', () => {
  it('stop publishing: LiveKit takes every publish right away, and no later token publishes', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.amy, 'video')
    const inRoom = await joinSignal(media.token!)
    expect(inRoom.joined).toBe(true)
    const seen = g.amy.frames.length
    g.fac.send({ type: 'stop_publishing', seatId: g.amyId })
    expect(await g.amy.next('moderated', seen)).toMatchObject({ action: 'publishing_stopped' })
    const p = await roomService().getParticipant(mediaRoom(g.room), media.identity)
    expect(p.permission?.canPublish).toBe(false)
    expect(p.permission?.canPublishSources ?? []).toEqual([])
    expect(p.permission?.canPublishData).toBe(false)
    expect(p.permission?.canUpdateMetadata).toBe(false)
    expect(p.permission?.canSubscribe).toBe(true)
    const [update] = await callsFor(g.room, 'UpdateParticipant')
    expect(update!.claims?.video).toEqual({ roomAdmin: true, room: mediaRoom(g.room) })
    if (inRoom.joined) inRoom.close()
    for (const mode of ['video', 'audio'] as const) {
      const again = await requestMedia(g.amy, mode)
      expect(again.sources).toEqual([])
      const claims = await verifyToken(again.token!)
      expect(claims.video?.canPublish).toBe(false)
      expect(claims.video?.canPublishSources).toEqual([])
    }
  })

  it('stop publishing someone not connected to media still sticks, and is not an error', async () => {
    const g = await liveGroup()
    // The room exists, but Amy never joined it.
    await requestMedia(g.fac, 'video')
    const seen = g.amy.frames.length
    const facSeen = g.fac.frames.length
    g.fac.send({ type: 'stop_publishing', seatId: g.amyId })
    expect(await g.amy.next('moderated', seen)).toMatchObject({ action: 'publishing_stopped' })
    await sleep(50)
    expect(g.fac.frames.slice(facSeen).filter((f) => f.type === 'error')).toEqual([])
    const again = await requestMedia(g.amy, 'video')
    expect(again.sources).toEqual([])
    expect((await verifyToken(again.token!)).video?.canPublish).toBe(false)
  })

  it('a participant forging mute, stop or spotlight is refused and LiveKit hears nothing', async () => {
    const g = await liveGroup()
    const facMedia = await requestMedia(g.fac, 'video')
    await requestMedia(g.amy, 'video')
    const fac = await joinSignal(facMedia.token!)
    const before = (await callsFor(g.room)).length
    const facSeen = g.fac.frames.length
    for (const frame of [
      { type: 'mute', seatId: g.facId, source: 'microphone' },
      { type: 'mute', seatId: g.facId, source: 'camera' },
      { type: 'stop_publishing', seatId: g.facId },
      { type: 'spotlight', seatId: g.amyId },
    ]) {
      const seen = g.amy.frames.length
      g.amy.send(frame)
      expect((await g.amy.next('error', seen)).code).toBe('forbidden')
    }
    await sleep(100)
    expect((await callsFor(g.room)).length).toBe(before)
    expect(
      g.fac.frames.slice(facSeen).filter((f) => f.type === 'moderated' || f.type === 'spotlight'),
    ).toEqual([])
    const p = await roomService().getParticipant(mediaRoom(g.room), facMedia.identity)
    expect(p.permission?.canPublish).toBe(true)
    if (fac.joined) fac.close()
  })
})
