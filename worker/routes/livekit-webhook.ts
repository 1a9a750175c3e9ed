// LiveKit webhooks, verified with WebhookReceiver: a revoked identity that rejoins is removed again,
// and the last facilitator leaving media starts the same grace as a dropped socket.
import { Hono } from 'hono'
import * as v from 'valibot'
import { WebhookReceiver } from 'livekit-server-sdk'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { livekitConfig } from '../livekit/config'
import { roomFor } from '../room/stub'
import { LIMITS, SessionIdSchema } from '../protocol'

export const livekitWebhookRoutes = new Hono<AppEnv>().post('/', async (c) => {
  const config = livekitConfig(c.env)
  if (!config) fail(404, 'not_found', 'Video and audio are not configured on this server.')
  const body = await c.req.text()
  if (body.length > LIMITS.httpBodyBytes) fail(413, 'too_large', 'This request is too large.')
  const receiver = new WebhookReceiver(config.apiKey, config.apiSecret)
  const event = await receiver
    .receive(body, c.req.header('authorization') ?? '')
    .catch(() => fail(401, 'bad_signature', 'This webhook is not signed by our LiveKit server.'))
  const room = v.safeParse(SessionIdSchema, event.room?.name)
  const identity = event.participant?.identity
  if (!room.success || !identity) return c.json({ ok: true, ignored: true })
  const stub = roomFor(c.env, room.output)
  if (event.event === 'participant_joined') await stub.livekitParticipantJoined(identity)
  else if (event.event === 'participant_left') await stub.livekitParticipantLeft(identity)
  return c.json({ ok: true })
})
