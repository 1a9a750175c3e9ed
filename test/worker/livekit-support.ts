// LiveKit fixtures for the worker tests: the double's control endpoints (calls, modes, seeded
// participants), signed webhooks, and a RoomServiceClient that works against the double or a real server.
import { env, runDurableObjectAlarm, runInDurableObject, SELF } from 'cloudflare:test'
import { RoomServiceClient, TokenVerifier } from 'livekit-server-sdk'
import { apiOrigin } from '../../worker/livekit/config'
import { roomFor } from '../../worker/room/stub'
import { META_KEY, type RoomMeta } from '../../worker/room/state'
import type { DoubleCall, DoubleMode, DoubleState, DoubleTrack } from '../livekit-double/types'
import { signWebhook, webhookBody, type WebhookEventName } from '../livekit-double/webhook'
import type { Client } from './support'
import { ORIGIN } from './support'

/** The double's address; undefined when the suite runs against a real LiveKit server. */
export const DOUBLE = env.LIVEKIT_DOUBLE_URL
export const onDouble = DOUBLE !== undefined

async function control<T>(path: string, body?: unknown): Promise<T> {
  if (!DOUBLE) throw new Error('the LiveKit double is not running (real server mode)')
  const res = await fetch(`${DOUBLE}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`double ${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** Every RoomService call the double saw about one room, in order (optionally of one method). */
export async function callsFor(room: string, method?: string): Promise<DoubleCall[]> {
  const query = new URLSearchParams({ room, ...(method ? { method } : {}) })
  return (await control<{ calls: DoubleCall[] }>(`/_calls?${query}`)).calls
}

/** Polls the double until `check` finds what it wants among a room's calls. */
export async function waitForCalls<T>(
  room: string,
  check: (calls: DoubleCall[]) => T | undefined | false,
  what: string,
  ms = 3000,
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const found = check(await callsFor(room))
    if (found) return found
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** Down (503 for every call), slow, or back to normal — for one room only, so tests stay independent. */
export const setMode = (room: string, mode: DoubleMode['mode'], slowMs?: number) =>
  control('/_mode', { room, mode, slowMs })

/** Puts a participant with published tracks in the double's room, as if their browser had joined. */
export const seedParticipant = (room: string, identity: string, tracks: DoubleTrack[]) =>
  control('/_participants', { room, identity, tracks })

export const doubleState = (room: string) => control<DoubleState>(`/_state?room=${room}`)

/** RoomService as an operator would call it: works on the double and on a real server. */
export const roomService = () =>
  new RoomServiceClient(
    apiOrigin(env.LIVEKIT_URL!),
    env.LIVEKIT_API_KEY!,
    env.LIVEKIT_API_SECRET!,
    {
      requestTimeout: 5,
      failover: false,
    },
  )

export async function roomExists(room: string) {
  return (await roomService().listRooms([room])).some((r) => r.name === room)
}

/** Verifies a media token with the configured key and secret; throws when it does not verify. */
export const verifyToken = (token: string) =>
  new TokenVerifier(env.LIVEKIT_API_KEY!, env.LIVEKIT_API_SECRET!).verify(token)

/** Posts a webhook to the Worker, signed like LiveKit does (or with the authorization given). */
export async function postWebhook(
  event: WebhookEventName,
  room: string,
  identity: string | undefined,
  opts: { secret?: string; authorization?: string; tamper?: (body: string) => string } = {},
) {
  const body = webhookBody(event, room, identity)
  const authorization =
    opts.authorization ??
    (await signWebhook(body, env.LIVEKIT_API_KEY!, opts.secret ?? env.LIVEKIT_API_SECRET!))
  return SELF.fetch(`${ORIGIN}/api/livekit/webhook`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/webhook+json' },
    body: opts.tamper ? opts.tamper(body) : body,
  })
}

/** Asks for a media mode and returns the room's answer to it. */
export async function requestMedia(client: Client, mode: 'video' | 'audio' | 'text') {
  const seen = client.frames.length
  client.send({ type: 'media', mode })
  return client.next('media', seen)
}

/** A seat's LiveKit identity, as the latest roster shows it. */
export function identityOf(client: Client, seatId: string) {
  const roster = [...client.frames].reverse().find((f) => f.type === 'roster')
  const member =
    roster?.type === 'roster' ? roster.members.find((m) => m.seatId === seatId) : undefined
  if (!member) throw new Error(`no roster entry for ${seatId}`)
  return member.identity
}

export const storedMeta = (sessionId: string) =>
  runInDurableObject(roomFor(env, sessionId), async (_o, state) =>
    state.storage.get<RoomMeta>(META_KEY),
  )

/**
 * Makes every owed LiveKit call due now, in the room's memory and storage, so the next alarm runs
 * it without waiting out the backoff. (Not by eviction: after an outbound fetch, evicting waits
 * for the SDK's pending request-timeout timer, several seconds.)
 */
export async function makeLiveKitTasksDue(sessionId: string) {
  await runInDurableObject(roomFor(env, sessionId), async (instance, state) => {
    const live = instance as unknown as { meta?: RoomMeta }
    if (!live.meta) throw new Error('the room has no state')
    live.meta.livekitTasks = (live.meta.livekitTasks ?? []).map((t) => ({ ...t, nextAt: 0 }))
    await state.storage.put(META_KEY, live.meta)
  })
}

/**
 * Runs the room's alarm with every owed LiveKit call due, until nothing is owed. (The room's own
 * alarm may also fire meanwhile on a slow machine: tests assert outcomes, not exact retry counts.)
 */
export async function settleLiveKitTasks(sessionId: string) {
  for (let i = 0; i < 20; i++) {
    if (((await storedMeta(sessionId))?.livekitTasks ?? []).length === 0) return
    await makeLiveKitTasksDue(sessionId)
    await runDurableObjectAlarm(roomFor(env, sessionId))
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error('LiveKit calls still owed after 20 alarms')
}
