// LiveKit webhooks into the Worker: signed or refused; downgrades re-applied to whoever rejoins
// media; a facilitator changing mode or losing media with the room socket connected is not leaving;
// participant_connection_aborted counts as leaving. (The real server's own webhooks reaching a
// running Worker are in test/browser/media-sfu.test.ts.)
import { env, runDurableObjectAlarm } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { roomFor } from '../../worker/room/stub'
import { CLOSE_CODES } from '../../worker/protocol'
import {
  callsFor,
  joinSignal,
  liveGroup,
  mediaRoom,
  postWebhook,
  requestMedia,
  roomService,
  storedMeta,
} from './livekit-support'
import { createLinks, joinAdmitted, joinAs, redeem, sleep, youthGroup } from './support'

describe('webhooks', () => {
  it('a webhook with a bad signature is refused and changes nothing', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.fac, 'video')
    const before = (await callsFor(g.room)).length
    const room = mediaRoom(g.room)
    // Accepted, each of these would remove someone or start the facilitator's grace.
    const wrongSecret = { secret: 'not-the-secret-of-this-server-at-all' }
    const bad = [
      await postWebhook('participant_joined', room, 'lk-intruder', wrongSecret),
      await postWebhook('participant_left', room, media.identity, wrongSecret),
      await postWebhook('participant_joined', room, 'lk-intruder', { authorization: '' }),
      await postWebhook('participant_joined', room, 'lk-intruder', {
        authorization: 'Bearer nonsense',
      }),
      // Signed, but for another body.
      await postWebhook('participant_joined', room, media.identity, {
        tamper: (body) => body.replace(media.identity, 'lk-intruder'),
      }),
    ]
    for (const res of bad) {
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({ error: 'bad_signature', message: expect.any(String) })
    }
    await sleep(100)
    expect((await callsFor(g.room)).length).toBe(before)
    expect(g.fac.frames.some((f) => f.type === 'facilitator_away')).toBe(false)
  })

  it('a facilitator leaving media with the room socket connected (a mode change) starts no grace', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.fac, 'video')
    for (const event of ['participant_left', 'participant_connection_aborted'] as const) {
      expect((await postWebhook(event, mediaRoom(g.room), media.identity)).status).toBe(200)
    }
    // Video to audio and to text and back: each is a media disconnect and a reconnect.
    for (const mode of ['audio', 'text', 'video'] as const) {
      await requestMedia(g.fac, mode)
      await postWebhook('participant_left', mediaRoom(g.room), media.identity)
    }
    await sleep(100)
    expect(g.amy.frames.some((f) => f.type === 'facilitator_away')).toBe(false)
    expect((await storedMeta(g.room))!.graceDeadline).toBeUndefined()
    expect(g.amy.isClosed()).toBeUndefined()
  })

  it('connection_aborted with no facilitator socket counts as leaving; past the grace, everything closes', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.fac, 'video')
    // The facilitator's socket dropped: that alone starts the grace ...
    g.fac.close()
    const away = await g.amy.next('facilitator_away')
    // ... and media aborting too changes nothing, nor does it end the session early.
    await postWebhook('participant_connection_aborted', mediaRoom(g.room), media.identity)
    expect((await storedMeta(g.room))!.graceDeadline).toBe(away.closesAt)
    await sleep(away.closesAt - Date.now() + 50)
    await runDurableObjectAlarm(roomFor(env, g.room))
    expect(await g.amy.next('ended')).toMatchObject({ reason: 'facilitator_left' })
    expect((await g.amy.closed()).code).toBe(CLOSE_CODES.ended)
    await sleep(50)
    expect((await roomService().listRooms([mediaRoom(g.room)])).length).toBe(0)
  })

  it('downgrades are re-applied when that identity joins media again', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.amy, 'video')
    g.fac.send({ type: 'stop_publishing', seatId: g.amyId })
    await g.amy.next('moderated')
    // A client that kept its old token (publishing allowed) reconnects to the room.
    const rejoin = await joinSignal(media.token!)
    expect(rejoin.joined).toBe(true)
    const granted = await roomService().getParticipant(mediaRoom(g.room), media.identity)
    expect(granted.permission?.canPublish).toBe(true)
    expect((await postWebhook('participant_joined', mediaRoom(g.room), media.identity)).status).toBe(200)
    const after = await roomService().getParticipant(mediaRoom(g.room), media.identity)
    expect(after.permission?.canPublish).toBe(false)
    expect(after.permission?.canPublishSources ?? []).toEqual([])
    expect(after.permission?.canSubscribe).toBe(true)
    if (rejoin.joined) rejoin.close()
    // Every token minted afterwards carries it, in every mode.
    for (const mode of ['video', 'audio'] as const) {
      expect((await requestMedia(g.amy, mode)).sources).toEqual([])
    }
  })

  it('a youth camera withdrawn, and youth paused, stick across a media rejoin', async () => {
    const g = await youthGroup()
    g.fac.send({ type: 'allow_camera', seatId: g.youthId, allowed: true })
    await g.youth.next('camera_permission')
    const media = await requestMedia(g.youth, 'video')
    expect(media.sources).toEqual(['camera', 'microphone'])
    g.fac.send({ type: 'allow_camera', seatId: g.youthId, allowed: false })
    await g.youth.next('camera_permission', g.youth.frames.length - 1)
    const rejoin = await joinSignal(media.token!)
    await postWebhook('participant_joined', mediaRoom(g.session.id), media.identity)
    const after = await roomService().getParticipant(mediaRoom(g.session.id), media.identity)
    // TrackSource.MICROPHONE = 2: the camera is not among what she may publish.
    expect(after.permission?.canPublishSources).toEqual([2])
    if (rejoin.joined) rejoin.close()
  })

  it('ignores events about rooms that are not Havre media rooms', async () => {
    for (const room of ['x', 'abcdefghijklmnopqrstuvwxyz', 'abcdefghijklmnop.x']) {
      const res = await postWebhook('participant_joined', room, 'lk-whoever')
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ ignored: true })
    }
  })

  it('with a co-facilitator connected, the facilitator leaving media starts nothing', async () => {
    const g = await liveGroup()
    const [coLink] = await createLinks(g.staff, g.session.id, 1, 'cofacilitator')
    const coSeat = ((await (await redeem(coLink)).json()) as { seat: string }).seat
    const co = await joinAdmitted(g.fac, g.session.id, coSeat, 'Chloé')
    const media = await requestMedia(g.fac, 'video')
    g.fac.close()
    await postWebhook('participant_left', mediaRoom(g.room), media.identity)
    await sleep(100)
    expect([...g.amy.frames, ...co.frames].some((f) => f.type === 'facilitator_away')).toBe(false)
  })
})
