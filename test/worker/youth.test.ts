// Supervised youth sessions: two adults always, cameras off until allowed (a RoomService permission
// update), youth media paused and the session closed when supervision is not restored, observers
// visible to everyone, and nobody left after the adults.
import { env, runDurableObjectAlarm } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { roomFor } from '../../worker/room/stub'
import { CLOSE_CODES } from '../../worker/protocol'
import {
  joinSignal,
  mediaRoom,
  requestMedia,
  roomService,
  verifyToken,
} from './livekit-support'
import {
  admit,
  connect,
  createSession,
  hostSeat,
  joinAs,
  participantSeat,
  signInStaff,
  sleep,
  youthGroup,
} from './support'

describe('youth sessions', () => {
  it('youth wait until two adults are present, even with the lobby off', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff, { kind: 'youth', lobby: false })
    const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Marie')
    const youth = await connect(session.id, await participantSeat(staff, session.id))
    const welcome = await youth.next('welcome')
    expect(welcome.admitted).toBe(false)
    youth.send({ type: 'join', pseudonym: 'Sky', agreed: true })
    await sleep(50)
    const mark = fac.frames.length
    fac.send({ type: 'admit', seatId: welcome.seatId })
    const refused = await fac.next('error', mark)
    expect(refused.code).toBe('unsupervised')
    expect(refused.message).toMatch(/two adults/i)
    expect(youth.frames.some((f) => f.type === 'admitted')).toBe(false)
    // A second adult arrives: now the facilitator can admit.
    const co = await joinAs(session.id, await hostSeat(await signInStaff(), session.id), 'Luc')
    expect(co).toBeDefined()
    await admit(fac, youth)
  })

  it('observers are visible to everyone as observers', async () => {
    const g = await youthGroup()
    await sleep(50)
    const roster = [...g.youth.frames].reverse().find((f) => f.type === 'roster')
    expect(roster?.type === 'roster' && roster.members.map((m) => [m.pseudonym, m.role])).toEqual(
      expect.arrayContaining([
        ['Guardian', 'observer'],
        ['Marie', 'facilitator'],
        ['Sky', 'participant'],
      ]),
    )
  })

  it('supervision dropping below two pauses youth media, tells everyone, and closes if not restored', async () => {
    const g = await youthGroup()
    const mark = g.youth.frames.length
    g.observer.close()
    const warning = await g.youth.next('supervision', mark)
    expect(warning).toMatchObject({ ok: false, adults: 1 })
    expect(await g.fac.next('supervision')).toMatchObject({ ok: false })
    // Youth media is paused: a token now allows no publishing.
    const media = await requestMedia(g.youth, 'video')
    expect(media.sources).toEqual([])
    await sleep(warning.closesAt! - Date.now() + 50)
    await runDurableObjectAlarm(roomFor(env, g.session.id))
    expect(await g.youth.next('ended')).toMatchObject({ reason: 'unsupervised' })
    expect((await g.youth.closed()).code).toBe(CLOSE_CODES.ended)
  })

  it('someone reconnecting during the countdown is told about it', async () => {
    const g = await youthGroup()
    g.observer.close()
    const warning = await g.youth.next('supervision')
    g.youth.close()
    const back = await connect(g.session.id, g.youthSeat)
    expect(await back.next('supervision')).toMatchObject({ ok: false, closesAt: warning.closesAt })
  })

  it('supervision restored within the grace keeps the session and resumes youth media', async () => {
    const g = await youthGroup()
    g.observer.close()
    const warning = await g.youth.next('supervision')
    // Marked before the observer is back: the restored frame may come before her welcome does.
    const mark = g.youth.frames.length
    const back = await connect(g.session.id, g.observerSeat)
    await back.next('welcome')
    const restored = await g.youth.waitFor(
      () => g.youth.frames.slice(mark).find((f) => f.type === 'supervision'),
      'supervision restored',
    )
    expect(restored).toMatchObject({ ok: true, adults: 2 })
    await sleep(warning.closesAt! - Date.now() + 50)
    await runDurableObjectAlarm(roomFor(env, g.session.id))
    expect(g.youth.isClosed()).toBeUndefined()
    expect((await requestMedia(g.youth, 'audio')).sources).toEqual(['microphone'])
  })

  it('a youth camera stays off until a facilitator allows it, through a RoomService permission update', async () => {
    const g = await youthGroup()
    const before = await requestMedia(g.youth, 'video')
    expect(before.sources).toEqual(['microphone'])
    expect((await verifyToken(before.token!)).video?.canPublishSources).toEqual(['microphone'])
    // The youth is in the real media room (signal only: no media needed to hold a permission).
    const join = await joinSignal(before.token!)
    expect(join.joined).toBe(true)
    const mark = g.youth.frames.length
    g.fac.send({ type: 'allow_camera', seatId: g.youthId, allowed: true })
    expect(await g.youth.next('camera_permission', mark)).toMatchObject({ allowed: true })
    const onServer = await roomService().getParticipant(mediaRoom(g.session.id), before.identity)
    // TrackSource: CAMERA = 1, MICROPHONE = 2.
    expect(onServer.permission?.canPublishSources).toEqual([1, 2])
    if (join.joined) join.close()
    expect((await requestMedia(g.youth, 'video')).sources).toEqual(['camera', 'microphone'])
    // And withdrawn again.
    g.fac.send({ type: 'allow_camera', seatId: g.youthId, allowed: false })
    await g.youth.next('camera_permission', g.youth.frames.length)
    expect((await requestMedia(g.youth, 'video')).sources).toEqual(['microphone'])
  })

  it('a youth cannot allow her own camera, and microphones can be muted by facilitators', async () => {
    const g = await youthGroup()
    const mark = g.youth.frames.length
    g.youth.send({ type: 'allow_camera', seatId: g.youthId, allowed: true })
    expect((await g.youth.next('error', mark)).code).toBe('forbidden')
    // (The muted track itself, on the server and at the receivers, is in test/browser/media-sfu.)
    const media = await requestMedia(g.youth, 'audio')
    const join = await joinSignal(media.token!)
    const seen = g.youth.frames.length
    g.fac.send({ type: 'mute', seatId: g.youthId, source: 'microphone' })
    expect(await g.youth.next('moderated', seen)).toMatchObject({ action: 'muted_microphone' })
    if (join.joined) join.close()
  })

  it('no youth remains after the adults leave', async () => {
    const g = await youthGroup()
    g.fac.send({ type: 'leave' })
    expect(await g.youth.next('ended')).toBeDefined()
    expect((await g.observer.closed()).code).toBe(CLOSE_CODES.ended)
    expect((await g.youth.closed()).code).toBe(CLOSE_CODES.ended)
    const back = await connect(g.session.id, g.youthSeat)
    expect(await back.next('ended')).toBeDefined()
  })
})
