// Invariants 4–7 through the room socket with LiveKit on: media tokens after the room exists,
// moderation as RoomService calls, removal with revocation, signed webhooks, and the total close
// deleting the LiveKit room (retried by alarm). Calls are read from the double; against a real
// server (LIVEKIT_URL set) the tests that need the double are skipped and the effect is checked
// with RoomServiceClient where it can be.
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { roomFor } from '../../worker/room/stub'
import { CLOSE_CODES } from '../../worker/protocol'
import type { DoubleCall } from '../livekit-double/types'
import {
  callsFor,
  doubleState,
  identityOf,
  makeLiveKitTasksDue,
  settleLiveKitTasks,
  onDouble,
  postWebhook,
  requestMedia,
  roomExists,
  seedParticipant,
  setMode,
  storedMeta,
  verifyToken,
  waitForCalls,
} from './livekit-support'
import {
  connect,
  createLinks,
  createSession,
  fakeCipher,
  hostSeat,
  joinAs,
  participantSeat,
  redeem,
  signInStaff,
  sleep,
  youthGroup,
  type Client,
} from './support'

const needsDouble = !onDouble

async function liveGroup(kind = 'group') {
  const staff = await signInStaff()
  const session = await createSession(staff, { kind, lobby: false })
  const facSeat = await hostSeat(staff, session.id)
  const fac = await joinAs(session.id, facSeat, 'Marie')
  const facId = (await fac.next('welcome')).seatId
  const amySeat = await participantSeat(staff, session.id)
  const amy = await joinAs(session.id, amySeat, 'Amy')
  const amyId = (await amy.next('welcome')).seatId
  return { staff, session, room: session.id, fac, facId, facSeat, amy, amyId, amySeat }
}

const mic = (sid = 'TR_AMYMIC') => ({ sid, source: 'MICROPHONE' as const })
const cam = (sid = 'TR_AMYCAM') => ({ sid, source: 'CAMERA' as const })
const methodsOf = (calls: DoubleCall[]) => calls.map((c) => c.method)
const nowSeconds = () => Date.now() / 1000

describe('media tokens', () => {
  it('video: a token for camera and microphone, minted only after the room exists', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.amy, 'video')
    expect(media).toMatchObject({
      mode: 'video',
      url: env.LIVEKIT_URL,
      sources: ['camera', 'microphone'],
      subscribe: 'all',
    })
    expect(media.identity).toBe(identityOf(g.amy, g.amyId))
    const claims = await verifyToken(media.token!)
    expect(claims.sub).toBe(media.identity)
    expect(claims.name).toBe('Amy')
    expect(claims.attributes).toMatchObject({ role: 'participant', mode: 'video' })
    expect(claims.video).toMatchObject({
      room: g.room,
      roomJoin: true,
      canPublish: true,
      canPublishSources: ['camera', 'microphone'],
      canSubscribe: true,
      canPublishData: false,
      canUpdateOwnMetadata: false,
      roomRecord: false,
      roomAdmin: false,
    })
    expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(15 * 60)
    // The room exists by the time the token is in the person's hands.
    expect(await roomExists(g.room)).toBe(true)
    if (onDouble) {
      const calls = await callsFor(g.room)
      expect(methodsOf(calls)).toEqual(['CreateRoom'])
      const create = calls[0]!
      expect(create.status).toBe(200)
      expect(create.respondedAt).toBeLessThanOrEqual(Date.now())
      expect(create.body).toEqual({
        name: g.room,
        emptyTimeout: expect.any(Number),
        departureTimeout: expect.any(Number),
        maxParticipants: expect.any(Number),
      })
      const body = create.body as {
        emptyTimeout: number
        departureTimeout: number
        maxParticipants: number
      }
      expect(body.emptyTimeout).toBeGreaterThan(0)
      expect(body.emptyTimeout).toBeLessThanOrEqual(300)
      expect(body.departureTimeout).toBeGreaterThan(0)
      expect(body.departureTimeout).toBeLessThanOrEqual(60)
      expect(body.maxParticipants).toBeGreaterThan(1)
      // The Worker's own call carries roomCreate and nothing more.
      expect(create.claims?.video).toEqual({ roomCreate: true })
    }
  })

  it.skipIf(needsDouble)(
    'no token while LiveKit cannot create the room; text keeps working',
    async () => {
      const g = await liveGroup()
      await setMode(g.room, 'down')
      const seen = g.amy.frames.length
      g.amy.send({ type: 'media', mode: 'video' })
      const err = await g.amy.next('error', seen)
      expect(err.code).toBe('media_failed')
      expect(g.amy.frames.slice(seen).some((f) => f.type === 'media')).toBe(false)
      const chatSeen = g.fac.frames.length
      g.amy.send(fakeCipher())
      expect(await g.fac.next('chat', chatSeen)).toBeDefined()
      // Back up: the room is created now, then the token follows.
      await setMode(g.room, 'ok')
      const media = await requestMedia(g.amy, 'video')
      expect(media.token).toBeTruthy()
      const calls = await callsFor(g.room, 'CreateRoom')
      expect(calls.map((c) => c.status)).toEqual([503, 200])
    },
  )

  it('two seats share one room, created once, each with its own random identity', async () => {
    const g = await liveGroup()
    const a = await requestMedia(g.fac, 'video')
    const b = await requestMedia(g.amy, 'video')
    expect(a.identity).not.toBe(b.identity)
    for (const id of [a.identity, b.identity]) expect(id).toMatch(/^lk-[A-Za-z0-9_-]{16,}$/)
    // Not derived from the seat or the pseudonym.
    expect(b.identity).not.toContain(g.amyId)
    expect(b.identity.toLowerCase()).not.toContain('amy')
    expect((await verifyToken(a.token!)).sub).toBe(a.identity)
    expect((await verifyToken(b.token!)).sub).toBe(b.identity)
    expect(a.sources).toEqual(['camera', 'microphone', 'screen_share'])
    if (onDouble) expect(methodsOf(await callsFor(g.room))).toEqual(['CreateRoom'])
    // Another session's seat gets another identity in another room.
    const other = await liveGroup()
    const c = await requestMedia(other.amy, 'video')
    expect(c.identity).not.toBe(b.identity)
    expect((await verifyToken(c.token!)).video?.room).toBe(other.room)
  })

  it('audio-only: microphone only, and subscribes to audio', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.amy, 'audio')
    expect(media).toMatchObject({ mode: 'audio', sources: ['microphone'], subscribe: 'audio' })
    const claims = await verifyToken(media.token!)
    expect(claims.video?.canPublishSources).toEqual(['microphone'])
    expect(claims.attributes?.mode).toBe('audio')
  })

  it('text-only: no token at all, and no LiveKit room for it', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.amy, 'text')
    expect(media).toEqual({
      type: 'media',
      mode: 'text',
      identity: identityOf(g.amy, g.amyId),
      sources: [],
      subscribe: 'all',
    })
    expect(await roomExists(g.room)).toBe(false)
    if (onDouble) expect(await callsFor(g.room)).toEqual([])
  })

  it('youth: a participant in video publishes the microphone only', async () => {
    const g = await youthGroup()
    const media = await requestMedia(g.youth, 'video')
    expect(media.sources).toEqual(['microphone'])
    expect((await verifyToken(media.token!)).video?.canPublishSources).toEqual(['microphone'])
  })

  it('a short chat link never gets a token, even asking for video', async () => {
    const g = await liveGroup('chat')
    const media = await requestMedia(g.amy, 'video')
    expect(media.token).toBeUndefined()
    expect(media.url).toBeUndefined()
    expect(media.sources).toEqual([])
    expect(await roomExists(g.room)).toBe(false)
  })

  it.skipIf(needsDouble)('a slow LiveKit delays the token but breaks nothing', async () => {
    const g = await liveGroup()
    await setMode(g.room, 'slow', 300)
    const t0 = Date.now()
    const media = await requestMedia(g.amy, 'video')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290)
    expect(media.token).toBeTruthy()
    // Chat does not wait for LiveKit.
    const seen = g.fac.frames.length
    g.amy.send(fakeCipher())
    expect(await g.fac.next('chat', seen)).toBeDefined()
    await seedParticipant(g.room, media.identity, [mic()])
    const modSeen = g.amy.frames.length
    g.fac.send({ type: 'mute', seatId: g.amyId, source: 'microphone' })
    expect(await g.amy.next('moderated', modSeen)).toMatchObject({ action: 'muted_microphone' })
    g.fac.send({ type: 'end' })
    expect((await g.amy.closed()).code).toBe(CLOSE_CODES.ended)
    // Everyone is out before LiveKit has even answered the room's deletion.
    expect((await callsFor(g.room, 'DeleteRoom')).filter((c) => c.status !== 0)).toEqual([])
    await waitForCalls(
      g.room,
      (c) => c.some((x) => x.method === 'DeleteRoom' && x.status === 200),
      'delete',
    )
  })
})

describe('moderation', () => {
  it.skipIf(needsDouble)(
    'mute: the seeded microphone track is muted and the person is told',
    async () => {
      const g = await liveGroup()
      const media = await requestMedia(g.amy, 'video')
      await seedParticipant(g.room, media.identity, [mic(), cam()])
      const seen = g.amy.frames.length
      g.fac.send({ type: 'mute', seatId: g.amyId, source: 'microphone' })
      expect(await g.amy.next('moderated', seen)).toMatchObject({ action: 'muted_microphone' })
      const calls = (await callsFor(g.room)).filter((c) => c.method !== 'CreateRoom')
      expect(methodsOf(calls)).toEqual(['GetParticipant', 'MutePublishedTrack'])
      expect(calls[0]!.body).toEqual({ room: g.room, identity: media.identity })
      expect(calls[1]!.body).toEqual({
        room: g.room,
        identity: media.identity,
        trackSid: 'TR_AMYMIC',
        muted: true,
      })
      for (const c of calls) {
        expect(c.status).toBe(200)
        expect(c.claims?.video).toEqual({ roomAdmin: true, room: g.room })
      }
      const state = await doubleState(g.room)
      const tracks = state.participants[g.room]!.find((p) => p.identity === media.identity)!.tracks
      expect(tracks.map((t) => [t.sid, t.muted])).toEqual([
        ['TR_AMYMIC', true],
        ['TR_AMYCAM', false],
      ])
    },
  )

  it.skipIf(needsDouble)('mute camera mutes the camera track only', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.amy, 'video')
    await seedParticipant(g.room, media.identity, [mic(), cam()])
    const seen = g.amy.frames.length
    g.fac.send({ type: 'mute', seatId: g.amyId, source: 'camera' })
    expect(await g.amy.next('moderated', seen)).toMatchObject({ action: 'muted_camera' })
    const mutes = await callsFor(g.room, 'MutePublishedTrack')
    expect(mutes.map((c) => c.body.trackSid)).toEqual(['TR_AMYCAM'])
  })

  it.skipIf(needsDouble)(
    'stop publishing: UpdateParticipant without publish rights, and no publish sources after',
    async () => {
      const g = await liveGroup()
      const media = await requestMedia(g.amy, 'video')
      await seedParticipant(g.room, media.identity, [mic(), cam()])
      const seen = g.amy.frames.length
      g.fac.send({ type: 'stop_publishing', seatId: g.amyId })
      expect(await g.amy.next('moderated', seen)).toMatchObject({ action: 'publishing_stopped' })
      const [update, ...more] = await callsFor(g.room, 'UpdateParticipant')
      expect(more).toEqual([])
      expect(update!.status).toBe(200)
      expect(update!.claims?.video).toEqual({ roomAdmin: true, room: g.room })
      expect(update!.body).toMatchObject({ room: g.room, identity: media.identity })
      // protobuf JSON leaves false and empty fields out: read them with their defaults.
      const permission = update!.body.permission as Record<string, unknown>
      expect(permission).toBeDefined()
      expect(permission.canPublish ?? false).toBe(false)
      expect(permission.canPublishSources ?? []).toEqual([])
      expect(permission.canPublishData ?? false).toBe(false)
      expect(permission.canUpdateMetadata ?? false).toBe(false)
      expect(permission.canSubscribe).toBe(true)
      // Asking again gives a token that publishes nothing, in every mode.
      for (const mode of ['video', 'audio'] as const) {
        const again = await requestMedia(g.amy, mode)
        expect(again.sources).toEqual([])
        const claims = await verifyToken(again.token!)
        expect(claims.video?.canPublish).toBe(false)
        expect(claims.video?.canPublishSources).toEqual([])
      }
    },
  )

  it('stop publishing someone not connected to media still sticks, and is not an error', async () => {
    const g = await liveGroup()
    // The room exists, but Amy never joined it (no media client in this test).
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

  it.skipIf(needsDouble)(
    'stop publishing while LiveKit is down still takes effect for the next token',
    async () => {
      const g = await liveGroup()
      await requestMedia(g.amy, 'video')
      await setMode(g.room, 'down')
      const seen = g.fac.frames.length
      const amySeen = g.amy.frames.length
      g.fac.send({ type: 'stop_publishing', seatId: g.amyId })
      expect((await g.fac.next('error', seen)).code).toBe('media_failed')
      expect(g.amy.frames.slice(amySeen).some((f) => f.type === 'moderated')).toBe(false)
      await setMode(g.room, 'ok')
      const again = await requestMedia(g.amy, 'video')
      expect(again.sources).toEqual([])
    },
  )

  it.skipIf(needsDouble)(
    'a participant forging mute, stop or spotlight is refused and LiveKit hears nothing',
    async () => {
      const g = await liveGroup()
      const facMedia = await requestMedia(g.fac, 'video')
      await requestMedia(g.amy, 'video')
      await seedParticipant(g.room, facMedia.identity, [mic('TR_FACMIC'), cam('TR_FACCAM')])
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
      const fac = (await doubleState(g.room)).participants[g.room]!.find(
        (p) => p.identity === facMedia.identity,
      )!
      expect(fac.tracks.every((t) => !t.muted)).toBe(true)
      expect(fac.permission).toBeUndefined()
      // The facilitator's next token still publishes.
      expect((await requestMedia(g.fac, 'video')).sources).toEqual([
        'camera',
        'microphone',
        'screen_share',
      ])
    },
  )
})

describe('removal', () => {
  it.skipIf(needsDouble)(
    'remove: out of the room with every token revoked, socket closed 4001',
    async () => {
      const g = await liveGroup()
      const media = await requestMedia(g.amy, 'video')
      const tokenNbf = (await verifyToken(media.token!)).nbf!
      await seedParticipant(g.room, media.identity, [mic(), cam()])
      const t0 = Date.now()
      g.fac.send({ type: 'remove', seatId: g.amyId })
      expect(await g.amy.next('removed')).toBeDefined()
      expect((await g.amy.closed()).code).toBe(CLOSE_CODES.removed)
      // Not waiting on LiveKit (the 1 s budget itself is measured by the benchmarks).
      expect(Date.now() - t0).toBeLessThan(3000)
      const remove = await waitForCalls(
        g.room,
        (c) => c.find((x) => x.method === 'RemoveParticipant' && x.status !== 0),
        'RemoveParticipant',
      )
      expect(remove.status).toBe(200)
      expect(remove.claims?.video).toEqual({ roomAdmin: true, room: g.room })
      expect(remove.body).toEqual({
        room: g.room,
        identity: media.identity,
        revokeTokenTs: expect.any(String),
      })
      const revokedAt = Number(remove.body.revokeTokenTs)
      expect(Math.abs(revokedAt - nowSeconds())).toBeLessThan(5)
      // Every token issued to this identity so far is older than the revocation.
      expect(revokedAt).toBeGreaterThanOrEqual(tokenNbf)
      expect(
        (await doubleState(g.room)).participants[g.room]!.map((p) => p.identity),
      ).not.toContain(media.identity)
      // The seat is void: no way back through the room socket.
      const back = await connect(g.session.id, g.amySeat)
      expect((await back.next('error')).code).toBe('unknown_seat')
    },
  )

  it.skipIf(needsDouble)(
    'a removed identity that LiveKit lets back in is removed again at once',
    async () => {
      const g = await liveGroup()
      const media = await requestMedia(g.amy, 'video')
      g.fac.send({ type: 'remove', seatId: g.amyId })
      await g.amy.closed()
      await waitForCalls(
        g.room,
        (c) => c.some((x) => x.method === 'RemoveParticipant' && x.status !== 0),
        'first remove',
      )
      // A self-hosted server ignored revokeTokenTs: the person is back in the room.
      await seedParticipant(g.room, media.identity, [mic()])
      const res = await postWebhook('participant_joined', g.room, media.identity)
      expect(res.status).toBe(200)
      const removes = await callsFor(g.room, 'RemoveParticipant')
      expect(removes).toHaveLength(2)
      expect(removes[1]!.status).toBe(200)
      expect(removes[1]!.body).toMatchObject({ room: g.room, identity: media.identity })
      expect(Math.abs(Number(removes[1]!.body.revokeTokenTs) - nowSeconds())).toBeLessThan(5)
      expect((await doubleState(g.room)).participants[g.room]!.map((p) => p.identity)).toEqual([])
    },
  )

  it('a participant_joined for a seat that is still in the session removes nobody', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.amy, 'video')
    const res = await postWebhook('participant_joined', g.room, media.identity)
    expect(res.status).toBe(200)
    if (onDouble) expect(await callsFor(g.room, 'RemoveParticipant')).toEqual([])
    expect(g.amy.isClosed()).toBeUndefined()
  })

  it.skipIf(needsDouble)(
    'a removal LiveKit missed is retried by alarm with the same revocation time',
    async () => {
      const g = await liveGroup()
      const media = await requestMedia(g.amy, 'video')
      await seedParticipant(g.room, media.identity, [mic()])
      await setMode(g.room, 'down')
      g.fac.send({ type: 'remove', seatId: g.amyId })
      // Out of the session at once, whatever LiveKit does.
      expect((await g.amy.closed()).code).toBe(CLOSE_CODES.removed)
      const failed = await waitForCalls(
        g.room,
        (c) => c.find((x) => x.method === 'RemoveParticipant' && x.status === 503),
        'failed remove',
      )
      await sleep(20)
      const meta = (await storedMeta(g.room))!
      expect(meta.livekitTasks).toEqual([
        {
          op: 'remove',
          identity: media.identity,
          revokedAt: Number(failed.body.revokeTokenTs),
          attempts: expect.any(Number),
          nextAt: expect.any(Number),
        },
      ])
      // Backed off, not retried in a tight loop.
      expect(meta.livekitTasks![0]!.attempts).toBeGreaterThanOrEqual(1)
      expect(meta.livekitTasks![0]!.nextAt).toBeGreaterThanOrEqual(failed.receivedAt + 500)
      await setMode(g.room, 'ok')
      await settleLiveKitTasks(g.room)
      const removes = await callsFor(g.room, 'RemoveParticipant')
      expect(removes.at(-1)!.status).toBe(200)
      expect(removes.slice(0, -1).every((c) => c.status === 503)).toBe(true)
      // Every retry revokes from the moment of removal, not from the retry.
      for (const c of removes) expect(c.body.revokeTokenTs).toBe(failed.body.revokeTokenTs)
      expect((await doubleState(g.room)).participants[g.room]!.map((p) => p.identity)).toEqual([])
    },
  )

  it.skipIf(needsDouble)('two removals while LiveKit stumbles: neither is forgotten', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff, { lobby: false })
    const room = session.id
    const fac = await joinAs(room, await hostSeat(staff, room), 'Marie')
    const people: { client: Client; seatId: string; identity: string }[] = []
    for (const name of ['Amy', 'Bea']) {
      const client = await joinAs(room, await participantSeat(staff, room), name)
      const seatId = (await client.next('welcome')).seatId
      const media = await requestMedia(client, 'video')
      await seedParticipant(room, media.identity, [mic()])
      people.push({ client, seatId, identity: media.identity })
    }
    const [amy, bea] = people as [(typeof people)[number], (typeof people)[number]]
    // Amy's removal reaches a slow LiveKit; while it hangs, LiveKit goes down and Bea is removed.
    await setMode(room, 'slow', 600)
    fac.send({ type: 'remove', seatId: amy.seatId })
    await waitForCalls(room, (c) => c.some((x) => x.method === 'RemoveParticipant'), 'slow remove')
    await setMode(room, 'down')
    fac.send({ type: 'remove', seatId: bea.seatId })
    await bea.client.closed()
    await waitForCalls(
      room,
      (c) =>
        c.some(
          (x) =>
            x.method === 'RemoveParticipant' &&
            x.body.identity === bea.identity &&
            x.status === 503,
        ),
      'failed remove of Bea',
    )
    // Amy's slow call completes last.
    await waitForCalls(room, (c) => c.every((x) => x.status !== 0), 'every call answered')
    await sleep(50)
    const owed = (await storedMeta(room))!.livekitTasks ?? []
    expect(owed.map((t) => t.op === 'remove' && t.identity)).toContain(bea.identity)
    await setMode(room, 'ok')
    await settleLiveKitTasks(room)
    const removesOfBea = (await callsFor(room, 'RemoveParticipant')).filter(
      (c) => c.body.identity === bea.identity,
    )
    expect(removesOfBea.some((c) => c.status === 200)).toBe(true)
    expect((await doubleState(room)).participants[room]!.map((p) => p.identity)).toEqual([])
  })
})

describe('webhooks', () => {
  it('a webhook with a bad signature is refused and changes nothing', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.fac, 'video')
    const before = onDouble ? (await callsFor(g.room)).length : 0
    // Accepted, each of these would remove someone or start the facilitator's grace.
    const wrongSecret = { secret: 'not-the-secret-of-this-server-at-all' }
    const bad = [
      await postWebhook('participant_joined', g.room, 'lk-intruder', wrongSecret),
      await postWebhook('participant_left', g.room, media.identity, wrongSecret),
      await postWebhook('participant_joined', g.room, 'lk-intruder', { authorization: '' }),
      await postWebhook('participant_joined', g.room, 'lk-intruder', {
        authorization: 'Bearer nonsense',
      }),
      // Signed, but for another body.
      await postWebhook('participant_joined', g.room, media.identity, {
        tamper: (body) => body.replace(media.identity, 'lk-intruder'),
      }),
    ]
    for (const res of bad) {
      expect(res.status).toBe(401)
      expect(await res.json()).toMatchObject({
        error: 'bad_signature',
        message: expect.any(String),
      })
    }
    await sleep(100)
    if (onDouble) expect((await callsFor(g.room)).length).toBe(before)
    expect(g.fac.frames.some((f) => f.type === 'facilitator_away')).toBe(false)
  })

  it('the last facilitator leaving media starts the grace; rejoining media cancels it', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.fac, 'video')
    const seen = g.amy.frames.length
    expect((await postWebhook('participant_left', g.room, media.identity)).status).toBe(200)
    const away = await g.amy.next('facilitator_away', seen)
    expect(away.closesAt).toBeGreaterThan(Date.now())
    const afterAway = g.amy.frames.length
    expect((await postWebhook('participant_joined', g.room, media.identity)).status).toBe(200)
    // The countdown the page shows is cleared by a roster with the facilitator present.
    const roster = await g.amy.waitFor(
      () => g.amy.frames.slice(afterAway).find((f) => f.type === 'roster' && f.facilitatorPresent),
      'roster after return',
    )
    expect(roster).toBeDefined()
    expect((await storedMeta(g.room))!.graceDeadline).toBeUndefined()
    await sleep(away.closesAt - Date.now() + 50)
    await runDurableObjectAlarm(roomFor(env, g.room))
    expect(g.amy.isClosed()).toBeUndefined()
    if (onDouble) expect(await callsFor(g.room, 'DeleteRoom')).toEqual([])
  })

  it('the last facilitator gone from media past the grace closes everything, room included', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.fac, 'video')
    await postWebhook('participant_left', g.room, media.identity)
    const away = await g.amy.next('facilitator_away')
    await sleep(away.closesAt - Date.now() + 50)
    await runDurableObjectAlarm(roomFor(env, g.room))
    expect(await g.amy.next('ended')).toMatchObject({ reason: 'facilitator_left' })
    expect((await g.fac.closed()).code).toBe(CLOSE_CODES.ended)
    expect(await roomExists(g.room)).toBe(false)
    if (onDouble) expect((await callsFor(g.room, 'DeleteRoom')).map((c) => c.status)).toEqual([200])
  })

  it('a facilitator leaving media for text-only, or with a co-facilitator still there, starts no grace', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.fac, 'video')
    await requestMedia(g.fac, 'text')
    await postWebhook('participant_left', g.room, media.identity)
    const [coLink] = await createLinks(g.staff, g.session.id, 1, 'cofacilitator')
    const coSeat = ((await (await redeem(coLink)).json()) as { seat: string }).seat
    const co = await joinAs(g.session.id, coSeat, 'Chloé')
    await requestMedia(g.fac, 'video')
    await postWebhook('participant_left', g.room, media.identity)
    await sleep(100)
    expect([...g.amy.frames, ...co.frames].some((f) => f.type === 'facilitator_away')).toBe(false)
    expect((await storedMeta(g.room))!.graceDeadline).toBeUndefined()
  })

  it('ignores events about rooms that are not sessions', async () => {
    const res = await postWebhook('participant_joined', 'x', 'lk-whoever')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ignored: true })
  })
})

describe('total close', () => {
  it('end deletes the LiveKit room', async () => {
    const g = await liveGroup()
    await requestMedia(g.fac, 'video')
    await requestMedia(g.amy, 'audio')
    expect(await roomExists(g.room)).toBe(true)
    g.fac.send({ type: 'end' })
    expect((await g.amy.closed()).code).toBe(CLOSE_CODES.ended)
    await sleep(50)
    expect(await roomExists(g.room)).toBe(false)
    if (onDouble) {
      const deletes = await waitForCalls(
        g.room,
        (c) => c.filter((x) => x.method === 'DeleteRoom' && x.status !== 0),
        'DeleteRoom',
      )
      expect(deletes).toHaveLength(1)
      expect(deletes[0]!.body).toEqual({ room: g.room })
      expect(deletes[0]!.status).toBe(200)
      expect(deletes[0]!.claims?.video).toEqual({ roomCreate: true })
    }
    expect((await storedMeta(g.room))!.livekitTasks).toEqual([])
  })

  it.skipIf(needsDouble)(
    'with LiveKit down, end closes every socket at once and the room is deleted by alarm later',
    async () => {
      const g = await liveGroup()
      await requestMedia(g.fac, 'video')
      await requestMedia(g.amy, 'video')
      await setMode(g.room, 'down')
      const t0 = Date.now()
      g.fac.send({ type: 'end' })
      expect((await g.amy.closed()).code).toBe(CLOSE_CODES.ended)
      expect((await g.fac.closed()).code).toBe(CLOSE_CODES.ended)
      // Not waiting on LiveKit (the 1 s budget itself is measured by the benchmarks).
      expect(Date.now() - t0).toBeLessThan(3000)
      const first = await waitForCalls(
        g.room,
        (c) => c.find((x) => x.method === 'DeleteRoom' && x.status === 503),
        'failed DeleteRoom',
      )
      await sleep(20)
      let task = (await storedMeta(g.room))!.livekitTasks![0]!
      expect(task.op).toBe('delete')
      expect(task.attempts).toBeGreaterThanOrEqual(1)
      expect(task.nextAt).toBeGreaterThanOrEqual(first.receivedAt + 500)
      // Nobody can come back meanwhile, and no token is minted for a closed session.
      const back = await connect(g.session.id, g.amySeat)
      expect(await back.next('ended')).toBeDefined()
      // Still down: retried by the alarm, and backing off further.
      const before = task.attempts
      await makeLiveKitTasksDue(g.room)
      expect(await runDurableObjectAlarm(roomFor(env, g.room))).toBe(true)
      task = (await storedMeta(g.room))!.livekitTasks![0]!
      expect(task.op).toBe('delete')
      expect(task.attempts).toBeGreaterThan(before)
      const second = (await callsFor(g.room, 'DeleteRoom')).at(-1)!
      expect(second.status).toBe(503)
      expect(task.nextAt).toBeGreaterThanOrEqual(second.receivedAt + 1500)
      expect((await doubleState(g.room)).rooms.map((r) => r.name)).toEqual([g.room])
      // LiveKit is back: the alarm deletes the room and nothing is owed any more.
      await setMode(g.room, 'ok')
      await settleLiveKitTasks(g.room)
      const deletes = (await callsFor(g.room, 'DeleteRoom')).map((c) => c.status)
      expect(deletes.length).toBeGreaterThanOrEqual(3)
      expect(deletes.at(-1)).toBe(200)
      expect(deletes.slice(0, -1).every((s) => s === 503)).toBe(true)
      expect(await roomExists(g.room)).toBe(false)
      expect((await storedMeta(g.room))!.livekitTasks).toEqual([])
      const alarm = await runInDurableObject(roomFor(env, g.room), (_o, state) =>
        state.storage.getAlarm(),
      )
      expect(alarm).toBeNull()
    },
  )

  it.skipIf(needsDouble)('a token asked for while the session closes is never minted', async () => {
    const g = await liveGroup()
    await setMode(g.room, 'slow', 400)
    g.amy.send({ type: 'media', mode: 'video' })
    // Amy's request is waiting on LiveKit's CreateRoom when the facilitator ends the session.
    await waitForCalls(g.room, (c) => c.some((x) => x.method === 'CreateRoom'), 'CreateRoom')
    g.fac.send({ type: 'end' })
    expect(await g.amy.next('ended')).toBeDefined()
    expect((await g.amy.closed()).code).toBe(CLOSE_CODES.ended)
    await waitForCalls(
      g.room,
      (c) => c.some((x) => x.method === 'DeleteRoom') && c.every((x) => x.status !== 0),
      'every call answered',
    )
    await sleep(50)
    expect(g.amy.frames.filter((f) => f.type === 'media')).toEqual([])
    // CreateRoom was answered before DeleteRoom: the room is gone, not recreated after the close.
    expect(methodsOf(await callsFor(g.room))).toEqual(['CreateRoom', 'DeleteRoom'])
    expect(await roomExists(g.room)).toBe(false)
    expect((await storedMeta(g.room))!.status).toBe('closed')
  })

  it('a session ended before anyone asked for media closes cleanly', async () => {
    const g = await liveGroup()
    g.fac.send({ type: 'end' })
    expect((await g.amy.closed()).code).toBe(CLOSE_CODES.ended)
    await sleep(50)
    // LiveKit says the room does not exist; that counts as deleted.
    expect((await storedMeta(g.room))!.livekitTasks).toEqual([])
    if (onDouble) expect((await callsFor(g.room, 'DeleteRoom')).map((c) => c.status)).toEqual([404])
  })
})
