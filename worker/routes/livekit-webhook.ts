// LiveKit webhooks, verified with WebhookReceiver: a revoked identity, or anyone in a media room the
// session has moved away from, is removed again; downgrades are re-applied to whoever rejoins; and
// a facilitator gone from media with no room socket either starts the same grace as a dropped socket.
import { Hono } from 'hono'
import * as v from 'valibot'
import { WebhookReceiver } from 'livekit-server-sdk'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { livekitConfig } from '../livekit/config'
import { roomFor } from '../room/stub'
import { parseMediaRoomName } from '../room/state'
import { LIMITS } from '../protocol'

const DEPARTURES = new Set(['participant_left', 'participant_connection_aborted'])

/** Any identity LiveKit reports; Havre's own are `lk-` and random, others are removed as unknown. */
const IdentitySchema = v.pipe(v.string(), v.minLength(1), v.maxLength(128))

export const livekitWebhookRoutes = new Hono<AppEnv>().post('/', async (c) => {
  const config = livekitConfig(c.env)
  if (!config) fail(404, 'not_found', 'Video and audio are not configured on this server.')
  const body = await c.req.text()
  if (body.length > LIMITS.httpBodyBytes) fail(413, 'too_large', 'This request is too large.')
  const receiver = new WebhookReceiver(config.apiKey, config.apiSecret)
  const event = await receiver
    .receive(body, c.req.header('authorization') ?? '')
    .catch(() => fail(401, 'bad_signature', 'This webhook is not signed by our LiveKit server.'))
  const roomName = event.room?.name ?? ''
  const room = parseMediaRoomName(roomName)
  const identity = v.safeParse(IdentitySchema, event.participant?.identity)
  if (!room || !identity.success) return c.json({ ok: true, ignored: true })
  const stub = roomFor(c.env, room.sessionId)
  if (event.event === 'participant_joined') await stub.livekitParticipantJoined(identity.output, roomName)
  else if (DEPARTURES.has(event.event)) await stub.livekitParticipantLeft(identity.output, roomName)
  return c.json({ ok: true })
})
