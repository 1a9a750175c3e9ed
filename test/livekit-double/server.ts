// A LiveKit API double for the worker tests (runs in Node, started by vitest.config.ts): speaks
// RoomService's Twirp JSON protocol, verifies every bearer token with livekit-server-sdk's
// TokenVerifier, checks each method's grant, keeps rooms and participants, and records every call.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { TokenVerifier } from 'livekit-server-sdk'
import { signWebhook, webhookBody, type WebhookEventName } from './webhook.js'
import type {
  DoubleCall,
  DoubleMode,
  DoubleParticipant,
  DoubleRoom,
  DoubleSeed,
  DoubleState,
  DoubleTrack,
} from './types.js'

export type LiveKitDouble = {
  url: string
  apiKey: string
  apiSecret: string
  server: http.Server
  close: () => Promise<void>
}

type Json = Record<string, unknown>
type Claims = NonNullable<DoubleCall['claims']>

/** A Twirp error: the JSON body LiveKit answers with, and its HTTP status. */
class TwirpFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    msg: string,
  ) {
    super(msg)
  }
}
const notFound = (msg: string) => new TwirpFailure(404, 'not_found', msg)
const invalid = (msg: string) => new TwirpFailure(400, 'invalid_argument', msg)
const unauthenticated = (msg: string) => new TwirpFailure(401, 'unauthenticated', msg)

const MAX_BODY_BYTES = 1 << 20

export async function startLiveKitDouble(
  opts: { apiKey?: string; apiSecret?: string; port?: number } = {},
): Promise<LiveKitDouble> {
  const apiKey = opts.apiKey ?? 'havre-test-key'
  const apiSecret = opts.apiSecret ?? 'havre-test-secret-that-is-long-enough-for-hs256'
  const verifier = new TokenVerifier(apiKey, apiSecret)

  let rooms = new Map<string, DoubleRoom>()
  let participants = new Map<string, Map<string, DoubleParticipant>>()
  let calls: DoubleCall[] = []
  let seq = 0
  let globalMode: DoubleMode = { mode: 'ok' }
  let roomModes = new Map<string, DoubleMode>()
  let sids = 0
  const sid = (prefix: string) => `${prefix}_${(++sids).toString(36).padStart(8, '0')}`

  const inRoom = (room: string) => {
    let map = participants.get(room)
    if (!map) participants.set(room, (map = new Map()))
    return map
  }
  const requireRoom = (room: unknown) => {
    if (typeof room !== 'string' || !room) throw invalid('room is required')
    const found = rooms.get(room)
    if (!found) throw notFound('requested room does not exist')
    return found
  }
  const requireParticipant = (room: unknown, identity: unknown) => {
    requireRoom(room)
    const p = participants.get(room as string)?.get(String(identity))
    if (!p) throw notFound('participant does not exist')
    return p
  }

  // protobuf JSON, as LiveKit sends it (int64 as strings, enums by name).
  const roomJson = (r: DoubleRoom) => ({
    sid: r.sid,
    name: r.name,
    emptyTimeout: r.emptyTimeout,
    departureTimeout: r.departureTimeout,
    maxParticipants: r.maxParticipants,
    creationTime: String(Math.floor(r.creationTime / 1000)),
    numParticipants: participants.get(r.name)?.size ?? 0,
  })
  const trackJson = (t: DoubleTrack) => ({
    sid: t.sid,
    type: t.source === 'MICROPHONE' ? 'AUDIO' : 'VIDEO',
    source: t.source,
    muted: t.muted ?? false,
  })
  const participantJson = (p: DoubleParticipant) => ({
    sid: p.sid,
    identity: p.identity,
    name: p.name,
    state: 'ACTIVE',
    tracks: p.tracks.map(trackJson),
    ...(p.permission ? { permission: p.permission } : {}),
    ...(p.metadata ? { metadata: p.metadata } : {}),
  })

  /** The grant each method needs, as LiveKit checks it. */
  function authorize(method: string, body: Json, claims: Claims) {
    const video = claims.video ?? {}
    if (method === 'CreateRoom' || method === 'DeleteRoom') {
      if (video.roomCreate !== true) throw unauthenticated('permissions denied: roomCreate needed')
      return
    }
    if (method === 'ListRooms') {
      if (video.roomList !== true) throw unauthenticated('permissions denied: roomList needed')
      return
    }
    if (video.roomAdmin !== true) throw unauthenticated('permissions denied: roomAdmin needed')
    if (video.room !== body.room)
      throw unauthenticated('permissions denied: token is for another room')
  }

  const methods: Record<string, (body: Json) => Json> = {
    CreateRoom(body) {
      const name = body.name
      if (typeof name !== 'string' || !name) throw invalid('name is required')
      const existing = rooms.get(name)
      if (existing) return roomJson(existing)
      const room: DoubleRoom = {
        sid: sid('RM'),
        name,
        emptyTimeout: Number(body.emptyTimeout ?? 0),
        departureTimeout: Number(body.departureTimeout ?? 0),
        maxParticipants: Number(body.maxParticipants ?? 0),
        creationTime: Date.now(),
      }
      rooms.set(name, room)
      return roomJson(room)
    },
    DeleteRoom(body) {
      const room = requireRoom(body.room)
      rooms.delete(room.name)
      participants.delete(room.name)
      return {}
    },
    ListRooms(body) {
      const names = Array.isArray(body.names) ? (body.names as string[]) : []
      const list = [...rooms.values()].filter((r) => names.length === 0 || names.includes(r.name))
      return { rooms: list.map(roomJson) }
    },
    ListParticipants(body) {
      const room = requireRoom(body.room)
      return {
        participants: [...(participants.get(room.name)?.values() ?? [])].map(participantJson),
      }
    },
    GetParticipant(body) {
      return participantJson(requireParticipant(body.room, body.identity))
    },
    RemoveParticipant(body) {
      const p = requireParticipant(body.room, body.identity)
      participants.get(body.room as string)!.delete(p.identity)
      return {}
    },
    MutePublishedTrack(body) {
      const p = requireParticipant(body.room, body.identity)
      const track = p.tracks.find((t) => t.sid === body.trackSid)
      if (!track) throw notFound('track does not exist')
      track.muted = body.muted === true
      return { track: trackJson(track) }
    },
    UpdateParticipant(body) {
      const p = requireParticipant(body.room, body.identity)
      if (body.permission && typeof body.permission === 'object')
        p.permission = body.permission as Json
      if (typeof body.metadata === 'string') p.metadata = body.metadata
      if (typeof body.name === 'string' && body.name) p.name = body.name
      return participantJson(p)
    },
  }

  function modeFor(room: string | null): DoubleMode {
    return (room && roomModes.get(room)) || globalMode
  }

  async function twirp(method: string, req: http.IncomingMessage, raw: string) {
    let body: Json = {}
    let malformed = false
    try {
      const parsed: unknown = raw ? JSON.parse(raw) : {}
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Json
      else malformed = true
    } catch {
      malformed = true
    }
    const auth = req.headers.authorization ?? ''
    const bearer = auth.startsWith('Bearer ') ? auth.slice('Bearer '.length) : ''
    let claims: Claims | null = null
    if (bearer) {
      try {
        claims = (await verifier.verify(bearer)) as Claims
      } catch {
        claims = null
      }
    }
    const roomName = method === 'CreateRoom' ? body.name : body.room
    const call: DoubleCall = {
      seq: ++seq,
      method,
      room: typeof roomName === 'string' ? roomName : null,
      body,
      claims,
      status: 0,
      receivedAt: Date.now(),
    }
    calls.push(call)
    const mode = modeFor(call.room)
    const finish = (status: number, payload: Json, error?: string) => {
      call.status = status
      call.error = error
      call.respondedAt = Date.now()
      return { status, payload }
    }
    if (mode.mode === 'down') {
      return finish(503, { code: 'unavailable', msg: 'LiveKit double is down' }, 'unavailable')
    }
    if (mode.mode === 'slow') await new Promise((r) => setTimeout(r, mode.slowMs ?? 200))
    try {
      if (!(method in methods)) throw new TwirpFailure(404, 'bad_route', `no handler for ${method}`)
      if (malformed) throw new TwirpFailure(400, 'malformed', 'the body is not a JSON object')
      if (!bearer) throw unauthenticated('no authorization header')
      if (!claims) throw unauthenticated('invalid token')
      authorize(method, body, claims)
      return finish(200, methods[method]!(body))
    } catch (err) {
      if (err instanceof TwirpFailure) {
        return finish(err.status, { code: err.code, msg: err.message }, err.code)
      }
      return finish(500, { code: 'internal', msg: String(err) }, 'internal')
    }
  }

  function seed(s: DoubleSeed) {
    if (!s || typeof s.room !== 'string' || typeof s.identity !== 'string') {
      throw invalid('room and identity are required')
    }
    // A participant joining creates the room, as LiveKit does.
    if (!rooms.has(s.room)) {
      rooms.set(s.room, {
        sid: sid('RM'),
        name: s.room,
        emptyTimeout: 0,
        departureTimeout: 0,
        maxParticipants: 0,
        creationTime: Date.now(),
      })
    }
    const p: DoubleParticipant = {
      sid: sid('PA'),
      identity: s.identity,
      name: s.name ?? s.identity,
      tracks: (s.tracks ?? []).map((t) => ({
        sid: t.sid,
        source: t.source,
        muted: t.muted ?? false,
      })),
    }
    inRoom(s.room).set(s.identity, p)
    return participantJson(p)
  }

  function state(room: string | null): DoubleState {
    const list = [...rooms.values()].filter((r) => !room || r.name === room)
    const people: DoubleState['participants'] = {}
    for (const r of list) people[r.name] = [...(participants.get(r.name)?.values() ?? [])]
    return { rooms: list, participants: people }
  }

  function reset(room: string | null) {
    if (!room) {
      rooms = new Map()
      participants = new Map()
      calls = []
      globalMode = { mode: 'ok' }
      roomModes = new Map()
      return
    }
    rooms.delete(room)
    participants.delete(room)
    roomModes.delete(room)
    calls = calls.filter((c) => c.room !== room)
  }

  /** Test-only endpoints, outside the Twirp prefix. */
  async function control(path: string, url: URL, method: string, raw: string) {
    const room = url.searchParams.get('room')
    const body = (raw ? JSON.parse(raw) : {}) as Json
    if (path === '/_calls' && method === 'GET') {
      const only = url.searchParams.get('method')
      return {
        status: 200,
        payload: {
          calls: calls.filter((c) => (!room || c.room === room) && (!only || c.method === only)),
        },
      }
    }
    if (path === '/_state' && method === 'GET') return { status: 200, payload: state(room) }
    if (path === '/_reset' && method === 'POST') {
      reset(typeof body.room === 'string' ? body.room : room)
      return { status: 200, payload: { ok: true } }
    }
    if (path === '/_mode' && method === 'POST') {
      const mode = body as DoubleMode
      if (!['ok', 'down', 'slow'].includes(mode.mode)) throw invalid('mode is ok, down or slow')
      const next: DoubleMode = { mode: mode.mode, slowMs: mode.slowMs }
      if (mode.room) roomModes.set(mode.room, next)
      else globalMode = next
      return { status: 200, payload: { ok: true } }
    }
    if (path === '/_participants' && method === 'POST') {
      return { status: 201, payload: seed(body as unknown as DoubleSeed) }
    }
    if (path === '/_webhook' && method === 'POST') {
      // A webhook as LiveKit would send it: the body, and the Authorization header that signs it.
      const text = webhookBody(
        String(body.event) as WebhookEventName,
        String(body.room),
        typeof body.identity === 'string' ? body.identity : undefined,
      )
      return {
        status: 200,
        payload: { body: text, authorization: await signWebhook(text, apiKey, apiSecret) },
      }
    }
    throw new TwirpFailure(404, 'bad_route', `no control endpoint ${method} ${path}`)
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const url = new URL(req.url ?? '/', 'http://double.invalid')
      const reply = (status: number, payload: unknown) => {
        // Exactly application/json: the SDK reads Twirp errors only with that content type.
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(JSON.stringify(payload))
      }
      try {
        const twirpMatch = /^\/twirp\/livekit\.RoomService\/([A-Za-z]+)$/.exec(url.pathname)
        if (twirpMatch) {
          if (req.method !== 'POST') return reply(404, { code: 'bad_route', msg: 'POST only' })
          const { status, payload } = await twirp(twirpMatch[1]!, req, raw)
          return reply(status, payload)
        }
        if (url.pathname.startsWith('/_')) {
          const { status, payload } = await control(url.pathname, url, req.method ?? 'GET', raw)
          return reply(status, payload)
        }
        reply(404, { code: 'bad_route', msg: `no route ${req.method} ${url.pathname}` })
      } catch (err) {
        if (err instanceof TwirpFailure)
          return reply(err.status, { code: err.code, msg: err.message })
        reply(400, { code: 'malformed', msg: String(err) })
      }
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    apiSecret,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
