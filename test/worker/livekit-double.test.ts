// The LiveKit double itself, through livekit-server-sdk's own RoomServiceClient: Twirp JSON both
// ways, every bearer token verified with the method's grant, LiveKit's errors, and signed webhooks
// that WebhookReceiver accepts. Skipped against a real server.
import { env } from 'cloudflare:test'
import {
  AccessToken,
  RoomServiceClient,
  TrackSource,
  TwirpError,
  WebhookReceiver,
} from 'livekit-server-sdk'
import { describe, expect, it } from 'vitest'
import {
  callsFor,
  DOUBLE,
  onDouble,
  roomService,
  seedParticipant,
  setMode,
} from './livekit-support'

const room = () => `double-${crypto.randomUUID()}`

async function twirp(method: string, body: unknown, authorization?: string) {
  const res = await fetch(`${DOUBLE}/twirp/livekit.RoomService/${method}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
    },
    body: JSON.stringify(body),
  })
  return { status: res.status, json: (await res.json()) as Record<string, unknown> }
}

async function bearer(grant: Record<string, unknown>, secret = env.LIVEKIT_API_SECRET!) {
  const token = new AccessToken(env.LIVEKIT_API_KEY!, secret, { ttl: '1m' })
  token.addGrant(grant)
  return `Bearer ${await token.toJwt()}`
}

const twirpError = async (promise: Promise<unknown>) => {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(TwirpError)
  return err as TwirpError
}

describe.skipIf(!onDouble)('LiveKit double', () => {
  it('answers the SDK in protobuf JSON and records each call with its verified claims', async () => {
    const name = room()
    const lk = roomService()
    const created = await lk.createRoom({
      name,
      emptyTimeout: 120,
      departureTimeout: 20,
      maxParticipants: 8,
    })
    expect(created).toMatchObject({
      name,
      emptyTimeout: 120,
      departureTimeout: 20,
      maxParticipants: 8,
    })
    expect(created.sid).toMatch(/^RM_/)
    // Creating again returns the same room, as LiveKit does.
    expect((await lk.createRoom({ name })).sid).toBe(created.sid)
    expect((await lk.listRooms([name])).map((r) => r.name)).toEqual([name])

    await seedParticipant(name, 'lk-one', [
      { sid: 'TR_MIC', source: 'MICROPHONE' },
      { sid: 'TR_CAM', source: 'CAMERA' },
    ])
    const [p] = await lk.listParticipants(name)
    expect(p?.identity).toBe('lk-one')
    expect(p?.tracks.map((t) => [t.sid, t.source])).toEqual([
      ['TR_MIC', TrackSource.MICROPHONE],
      ['TR_CAM', TrackSource.CAMERA],
    ])
    const track = await lk.mutePublishedTrack(name, 'lk-one', 'TR_MIC', true)
    expect(track?.muted).toBe(true)
    const updated = await lk.updateParticipant(name, 'lk-one', {
      permission: { canPublish: false, canSubscribe: true },
    })
    expect(updated.permission?.canPublish).toBe(false)
    expect(updated.permission?.canSubscribe).toBe(true)
    await lk.removeParticipant(name, 'lk-one', { revokeTokenTs: 1234567890n })
    expect(await lk.listParticipants(name)).toEqual([])
    await lk.deleteRoom(name)
    expect(await lk.listRooms([name])).toEqual([])

    const calls = await callsFor(name)
    expect(calls.map((c) => c.method)).toEqual([
      'CreateRoom',
      'CreateRoom',
      'ListParticipants',
      'MutePublishedTrack',
      'UpdateParticipant',
      'RemoveParticipant',
      'ListParticipants',
      'DeleteRoom',
    ])
    // int64 travels as a string in protobuf JSON.
    expect(calls[5]!.body).toEqual({ room: name, identity: 'lk-one', revokeTokenTs: '1234567890' })
    expect(calls[0]!.claims).toMatchObject({
      iss: env.LIVEKIT_API_KEY,
      video: { roomCreate: true },
    })
    expect(calls[2]!.claims?.video).toEqual({ roomAdmin: true, room: name })
    expect(calls.every((c) => c.status === 200)).toBe(true)
  })

  it('refuses a missing, forged or insufficient token with a Twirp unauthenticated error', async () => {
    const name = room()
    const cases: [string, unknown, string | undefined][] = [
      ['CreateRoom', { name }, undefined],
      ['CreateRoom', { name }, 'Bearer not.a.jwt'],
      [
        'CreateRoom',
        { name },
        await bearer({ roomCreate: true }, 'another-secret-entirely-xxxxxxxx'),
      ],
      ['CreateRoom', { name }, await bearer({ roomAdmin: true, room: name })],
      ['DeleteRoom', { room: name }, await bearer({ roomList: true })],
      ['ListRooms', {}, await bearer({ roomCreate: true })],
      ['GetParticipant', { room: name, identity: 'x' }, await bearer({ roomCreate: true })],
      // roomAdmin, but for another room.
      [
        'RemoveParticipant',
        { room: name, identity: 'x' },
        await bearer({ roomAdmin: true, room: 'other' }),
      ],
    ]
    for (const [method, body, authorization] of cases) {
      const res = await twirp(method, body, authorization)
      expect(res.status, `${method} ${authorization}`).toBe(401)
      expect(res.json).toEqual({ code: 'unauthenticated', msg: expect.any(String) })
    }
    expect(await roomService().listRooms([name])).toEqual([])
    // Recorded too, with no claims for the tokens that did not verify.
    const calls = await callsFor(name)
    expect(calls.slice(0, 3).map((c) => c.claims)).toEqual([null, null, null])
  })

  it('answers not_found for an unknown room, participant or track, as LiveKit does', async () => {
    const name = room()
    const lk = roomService()
    expect((await twirpError(lk.deleteRoom(name))).status).toBe(404)
    await lk.createRoom({ name })
    const missing = await twirpError(lk.getParticipant(name, 'nobody'))
    expect(missing.status).toBe(404)
    expect(missing.code).toBe('not_found')
    await seedParticipant(name, 'lk-two', [{ sid: 'TR_A', source: 'MICROPHONE' }])
    expect((await twirpError(lk.mutePublishedTrack(name, 'lk-two', 'TR_NONE', true))).code).toBe(
      'not_found',
    )
    expect((await twirpError(lk.removeParticipant(name, 'nobody'))).status).toBe(404)
  })

  it('goes down and comes back for one room only', async () => {
    const name = room()
    const other = room()
    const lk = roomService()
    await setMode(name, 'down')
    const down = await twirpError(lk.createRoom({ name }))
    expect(down.status).toBe(503)
    await lk.createRoom({ name: other })
    await setMode(name, 'ok')
    await lk.createRoom({ name })
    expect((await callsFor(name)).map((c) => c.status)).toEqual([503, 200])
  })

  it('signs webhooks that WebhookReceiver accepts', async () => {
    const res = await fetch(`${DOUBLE}/_webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ event: 'participant_joined', room: 'r1', identity: 'lk-three' }),
    })
    const { body, authorization } = (await res.json()) as { body: string; authorization: string }
    const receiver = new WebhookReceiver(env.LIVEKIT_API_KEY!, env.LIVEKIT_API_SECRET!)
    const event = await receiver.receive(body, authorization)
    expect(event.event).toBe('participant_joined')
    expect(event.room?.name).toBe('r1')
    expect(event.participant?.identity).toBe('lk-three')
    await expect(receiver.receive(body.replace('r1', 'r2'), authorization)).rejects.toThrow()
    const other = new RoomServiceClient(
      env.LIVEKIT_URL!,
      env.LIVEKIT_API_KEY!,
      'wrong-secret-xxxxxxxxxxxxxxxx',
      {
        failover: false,
      },
    )
    expect((await twirpError(other.listRooms())).code).toBe('unauthenticated')
  })
})
