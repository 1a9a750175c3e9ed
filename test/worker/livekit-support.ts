// LiveKit fixtures for the worker tests, against the real livekit-server: the fault proxy's control
// (calls seen, one session down or slow), signed webhooks, a signal-only client, and RoomService.
import { env, runDurableObjectAlarm, runInDurableObject, SELF } from 'cloudflare:test'
import { RoomServiceClient, TokenVerifier } from 'livekit-server-sdk'
import { apiOrigin } from '../../worker/livekit/config'
import { roomFor } from '../../worker/room/stub'
import { META_KEY, type RoomMeta } from '../../worker/room/state'
import type { FaultMode, ProxiedCall } from '../livekit-faults/types'
import { signalJoin } from '../livekit-faults/signal-client'
import { signWebhook, webhookBody, type WebhookEventName } from '../livekit-faults/webhook'
import type { Client } from './support'
import { createSession, hostSeat, joinAs, ORIGIN, participantSeat, signInStaff } from './support'

const FAULTS = env.LIVEKIT_FAULTS_URL

async function control<T>(path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${FAULTS}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`fault proxy ${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

/** Every RoomService call the Worker made about one session's media rooms, in order. */
export async function callsFor(session: string, method?: string): Promise<ProxiedCall[]> {
  const query = new URLSearchParams({ session, ...(method ? { method } : {}) })
  return (await control<{ calls: ProxiedCall[] }>(`/_calls?${query}`)).calls
}

/** Polls the proxy until `check` finds what it wants among a session's calls. */
export async function waitForCalls<T>(
  session: string,
  check: (calls: ProxiedCall[]) => T | undefined | false,
  what: string,
  ms = 3000,
): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const found = check(await callsFor(session))
    if (found) return found
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/**
 * A fault the real server cannot produce on demand, for one session's calls only (tests stay
 * independent): every call answered 503 (down), answered late (slow), or forwarded again (ok).
 */
export const setMode = (session: string, mode: FaultMode['mode'], slowMs?: number) =>
  control('/_mode', { session, mode, slowMs })

/** The LiveKit room a session's media uses after `generation` removals. */
export const mediaRoom = (session: string, generation = 0) => `${session}.${generation}`

/** Joins the real server's signal channel with a token, as a replaying client would. */
export const joinSignal = (token: string) => signalJoin(env.LIVEKIT_SERVER_URL, token)

/** Identities in a media room on the real server (empty when the room does not exist). */
export async function participantsIn(room: string): Promise<string[]> {
  try {
    return (await roomService().listParticipants(room)).map((p) => p.identity)
  } catch {
    return []
  }
}

/** RoomService as an operator would call it: works on the double and on a real server. */
export const roomService = () =>
  new RoomServiceClient(
    apiOrigin(env.LIVEKIT_SERVER_URL),
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

/** A group session with the facilitator (Marie) and one participant (Amy) joined, lobby off. */
export async function liveGroup(kind = 'group') {
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
