// SessionRoom: the Durable Object shell around the room's pure core (./core). It turns the runtime's
// callbacks (RPC, socket upgrade, frames, closes, alarm, webhooks) into events, and performs the
// effects the core asks for (send, close, storage, alarm, LiveKit, D1). Hibernation is explicit: the
// core's state is rebuilt only from storage and socket attachments.
import { DurableObject } from 'cloudflare:workers'
import type { Env } from '../env'
import { randomToken, sha256Hex } from '../lib/crypto'
import { CLOSE_CODES, SEAT_PROTOCOL_PREFIX, WS_PROTOCOL, type EndReason, type Role } from '../protocol'
import { livekitConfig } from '../livekit/config'
import { performEffects, type ShellIO } from './effects'
import { liveCounts } from './core/live-counts'
import { rebuild, step } from './core/step'
import type { CoreState, Effect, Event, SessionShape } from './core/types'
import { silentSince } from './silent-sockets'
import { META_KEY, SEAT_PREFIX, type RoomMeta, type Seat, type SocketAttachment } from './state'

export { DEFAULT_MAX_PARTICIPANTS } from './core/seats'
export type SeatResult = { ok: true; seat: string } | { ok: false }
type WebhookEvent = Extract<Event, { type: 'webhook' }>['event']

export class SessionRoom extends DurableObject<Env> implements ShellIO {
  private state!: CoreState
  /** The runtime's sockets by the ids the core knows them by. */
  readonly sockets = new Map<string, WebSocket>()
  timer: ReturnType<typeof setTimeout> | undefined

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    // Pings are answered without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('ping', 'pong'))
    ctx.blockConcurrencyWhile(async () => {
      const meta = await ctx.storage.get<RoomMeta>(META_KEY)
      const seats = [...(await ctx.storage.list<Seat>({ prefix: SEAT_PREFIX })).values()]
      const sockets: [string, { seatId: string; role: Role }][] = []
      for (const ws of ctx.getWebSockets()) {
        const a = ws.deserializeAttachment() as SocketAttachment | null
        if (!a?.socketId || ws.readyState !== WebSocket.OPEN) continue
        this.sockets.set(a.socketId, ws)
        sockets.push([a.socketId, { seatId: a.seatId, role: a.role }])
      }
      this.state = rebuild(livekitConfig(env) !== null, { meta, seats, sockets })
      // The core learns which joined seats lost their socket with no close event (a restart cuts
      // them silently). Not awaited: LiveKit's answers to what it starts come back as events later,
      // and the step's storage writes are already issued, in order, before anything else runs.
      this.run({ type: 'rebuilt' }).catch((err) => console.warn('rebuilt room failed', String(err)))
    })
  }

  /** The room's state, read-only for tests (and the LiveKit tests' task helper). */
  get meta() {
    return this.state.meta
  }
  get core() {
    return this.state
  }

  /** Feeds one event to the core and performs what it asks; LiveKit and D1 answers come back as events. */
  async run(event: Event, before?: (effects: Effect[]) => void): Promise<Effect[]> {
    const { state, effects } = step(this.state, event, Date.now())
    this.state = state
    before?.(effects)
    await performEffects(this, this.ctx, this.env, effects)
    return effects
  }

  // ── RPC from the Worker ──────────────────────────────────────────────────────────────

  /** Makes a seat for a redeemed link (or the facilitator); none once the session has closed. */
  async createSeat(
    session: SessionShape,
    role: Role,
    options: { staffId?: string; staffName?: string; codeWordRequired?: boolean } = {},
  ): Promise<SeatResult> {
    const secret = randomToken()
    const effects = await this.run({
      type: 'create_seat',
      session,
      role,
      ...options,
      seatId: randomToken(12),
      secretHash: await sha256Hex(secret),
      identity: `lk-${randomToken(12)}`,
    })
    const reply = effects.find((e) => e.type === 'reply')
    return reply?.value.ok ? { ok: true, seat: `${reply.value.seatId}.${secret}` } : { ok: false }
  }

  /** For the staff console: whether the room has started, who is in and who waits (counts only). */
  liveCounts() {
    return liveCounts(this.state)
  }

  /** Ends the session for everyone, even one nobody has joined yet. */
  async end(session: SessionShape, reason: EndReason) {
    await this.run({ type: 'end', session, reason })
  }

  /** A verified LiveKit webhook about one of this session's media rooms. */
  async livekitWebhook(event: WebhookEvent, room: string, identity: string) {
    await this.run({ type: 'webhook', event, room, identity })
  }
  async livekitParticipantJoined(identity: string, room = this.currentRoom()) {
    await this.livekitWebhook('participant_joined', room, identity)
  }
  async livekitParticipantLeft(identity: string, room = this.currentRoom()) {
    await this.livekitWebhook('participant_left', room, identity)
  }
  private currentRoom() {
    const meta = this.state.meta
    return meta ? `${meta.sessionId}.${meta.mediaGeneration ?? 0}` : ''
  }

  // ── WebSocket ────────────────────────────────────────────────────────────────────────

  override async fetch(request: Request): Promise<Response> {
    const offered = (request.headers.get('sec-websocket-protocol') ?? '').split(',').map((p) => p.trim())
    const token = offered.find((p) => p.startsWith(SEAT_PROTOCOL_PREFIX))?.slice(SEAT_PROTOCOL_PREFIX.length)
    const [seatId, secret] = (token ?? '').split('.')
    const pair = new WebSocketPair()
    const [client, server] = [pair[0], pair[1]]
    const headers = offered.includes(WS_PROTOCOL) ? { 'sec-websocket-protocol': WS_PROTOCOL } : undefined
    const socket = randomToken(9)
    this.sockets.set(socket, server)
    const secretHash = secret ? await sha256Hex(secret) : undefined
    let accepted = false
    if (seatId) await this.forgetSilentSockets(seatId)
    try {
      await this.run({ type: 'connect', socket, ...(seatId ? { seatId } : {}), ...(secretHash ? { secretHash } : {}) }, (effects) => {
        // Refused sockets are accepted only to say why in a frame the page can show, then closed.
        accepted = effects.some((e) => e.type === 'accept')
        if (!accepted) server.accept()
      })
    } finally {
      // A refused socket is closed (the core has said so) and forgotten: no one can grow the room's
      // memory by knocking with a wrong seat.
      if (!accepted) {
        this.sockets.delete(socket)
        try {
          if (server.readyState === WebSocket.OPEN) server.close(CLOSE_CODES.unauthorized, 'unknown seat')
        } catch {
          // Already closed by the core's close, or never accepted (the run failed).
        }
      }
    }
    return new Response(null, { status: 101, webSocket: client, headers })
  }

  /** Her seat's sockets that stopped answering are closed as gone since they last showed life. */
  private async forgetSilentSockets(seatId: string) {
    for (const ws of this.ctx.getWebSockets(seatId)) {
      const a = ws.deserializeAttachment() as SocketAttachment | null
      const lastSeen = silentSince(this.ctx, ws, Date.now())
      if (!a?.socketId || lastSeen === undefined) continue
      this.sockets.delete(a.socketId)
      try {
        ws.close(CLOSE_CODES.replaced, 'silent for too long')
      } catch {
        // Already closed.
      }
      await this.run({ type: 'socket_closed', socket: a.socketId, lastSeen })
    }
  }

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const a = ws.deserializeAttachment() as SocketAttachment | null
    if (!a?.socketId) return ws.close(4003, 'seat revoked')
    if (typeof raw !== 'string') {
      ws.send(JSON.stringify({ type: 'error', code: 'bad_frame', message: 'Only text frames are accepted.' }))
      return
    }
    this.sockets.set(a.socketId, ws)
    await this.run({ type: 'frame', socket: a.socketId, raw, nonce: randomToken(9) })
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, reason)
    } catch {
      // Already closed.
    }
    await this.onSocketGone(ws)
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    await this.onSocketGone(ws)
  }

  private async onSocketGone(ws: WebSocket) {
    const a = ws.deserializeAttachment() as SocketAttachment | null
    if (!a?.socketId) return
    this.sockets.delete(a.socketId)
    await this.run({ type: 'socket_closed', socket: a.socketId })
  }

  // ── Time ─────────────────────────────────────────────────────────────────────────────

  override async alarm(): Promise<void> {
    await this.run({ type: 'alarm' })
  }
}
