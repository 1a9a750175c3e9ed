// SessionRoom: the single source of truth for one live session — seats, roster, chat relay
// (ciphertext only, never stored), moderation and the total close. Uses WebSocket hibernation.
import { DurableObject } from 'cloudflare:workers'
import * as v from 'valibot'
import type { Env } from '../env'
import { randomToken, sha256Hex, timingSafeEqual } from '../lib/crypto'
import {
  assertNever,
  ClientMessageSchema,
  CLOSE_CODES,
  isModerator,
  LIMITS,
  SEAT_PROTOCOL_PREFIX,
  WS_PROTOCOL,
  type ClientMessage,
  type EndReason,
  type ErrorCode,
  type Member,
  type Mode,
  type Role,
  type ServerMessage,
  type SessionKind,
} from '../protocol'
import { ChatRateLimiter } from './rate-limit'
import { livekitConfig, type LiveKitConfig } from '../livekit/config'
import { LiveKitRooms } from '../livekit/room-service'
import { mediaGrantFor, type MediaGrant } from '../livekit/grant-policy'
import { mintMediaToken } from '../livekit/token'
import { runDueTasks, type LiveKitTask } from './livekit-tasks'
import { recordSessionClosed } from './close-records'
import {
  mediaRoomName,
  META_KEY,
  SEAT_PREFIX,
  seatKey,
  type RoomMeta,
  type Seat,
  type SocketAttachment,
} from './state'

const D1_RETRY_MS = 5_000
export const DEFAULT_MAX_PARTICIPANTS = 20

type SessionShape = {
  id: string
  kind: SessionKind
  closesAt: number
  lobby?: boolean
  graceSeconds?: number
  maxParticipants?: number
}
const freshMeta = (session: SessionShape): RoomMeta => ({
  sessionId: session.id,
  kind: session.kind,
  closesAt: session.closesAt,
  status: 'open',
  maxParticipants: session.maxParticipants ?? DEFAULT_MAX_PARTICIPANTS,
  lobby: session.lobby ?? false,
  graceSeconds: session.graceSeconds ?? 20,
  chatEnabled: true,
})

/** Messages relayed recently: id → author, so a deleted message's author can be told (no content). */
const RECENT_MESSAGES = 500

export type SeatResult = { ok: true; seat: string } | { ok: false }

export class SessionRoom extends DurableObject<Env> {
  private meta: RoomMeta | undefined
  private seats = new Map<string, Seat>()
  private rates = new ChatRateLimiter()
  /** Typed in the lobby, shown to facilitators, never written to storage. */
  private codeWords = new Map<string, string>()
  private recentAuthors = new Map<string, string>()

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    // Pings are answered without waking the object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair('ping', 'pong'))
    ctx.blockConcurrencyWhile(async () => {
      this.meta = await ctx.storage.get<RoomMeta>(META_KEY)
      const stored = await ctx.storage.list<Seat>({ prefix: SEAT_PREFIX })
      for (const seat of stored.values()) this.seats.set(seat.seatId, seat)
    })
  }

  // ── RPC from the Worker ──────────────────────────────────────────────────────────────

  /** Makes a seat for a redeemed link (or the facilitator); none once the session has closed. */
  async createSeat(
    session: SessionShape,
    role: Role,
    options: { staffId?: string; codeWordRequired?: boolean } = {},
  ): Promise<SeatResult> {
    const { staffId } = options
    if (this.meta?.status === 'closed') return { ok: false }
    // A staff member opening the room again (another tab or device) replaces their earlier seat.
    if (staffId) {
      for (const old of this.seats.values()) {
        if (old.staffId === staffId) {
          await this.dropSeat(old.seatId, undefined, CLOSE_CODES.replaced, 'replaced by a newer seat')
        }
      }
    }
    if (!this.meta) {
      this.meta = freshMeta(session)
      await this.saveMeta()
      await this.scheduleAlarm()
    }
    const seatId = randomToken(12)
    const secret = randomToken()
    const seat: Seat = {
      seatId,
      secretHash: await sha256Hex(secret),
      role,
      pseudonym: null,
      mode: 'text',
      identity: `lk-${randomToken(12)}`,
      cameraAllowed: false,
      publishingStopped: false,
      // Youth always wait for a facilitator (and two adults); others only when the lobby is on.
      admitted: isModerator(role) || (!this.meta.lobby && this.meta.kind !== 'youth'),
      codeWordRequired: options.codeWordRequired ?? false,
      hand: false,
      ...(staffId ? { staffId } : {}),
    }
    this.seats.set(seatId, seat)
    await this.ctx.storage.put(seatKey(seatId), seat)
    return { ok: true, seat: `${seatId}.${secret}` }
  }

  /** Ends the session for everyone, even one nobody has joined yet. */
  async end(session: SessionShape, reason: EndReason) {
    this.meta ??= freshMeta(session)
    if (this.meta.status === 'open') await this.closeSession(reason)
  }

  // ── WebSocket upgrade ────────────────────────────────────────────────────────────────

  override async fetch(request: Request): Promise<Response> {
    const offered = (request.headers.get('sec-websocket-protocol') ?? '').split(',').map((p) => p.trim())
    const seatToken = offered.find((p) => p.startsWith(SEAT_PROTOCOL_PREFIX))?.slice(SEAT_PROTOCOL_PREFIX.length)
    const pair = new WebSocketPair()
    const [client, server] = [pair[0], pair[1]]
    const headers = offered.includes(WS_PROTOCOL) ? { 'sec-websocket-protocol': WS_PROTOCOL } : undefined
    const seat = await this.authenticate(seatToken)

    if (!seat) {
      // Accepted only to say why in a frame the page can show, then closed.
      server.accept()
      if (this.meta?.status === 'closed') {
        send(server, { type: 'ended', reason: 'ended' })
        server.close(CLOSE_CODES.ended, 'session ended')
      } else {
        send(server, { type: 'error', code: 'unknown_seat', message: 'This seat is not valid any more.' })
        server.close(CLOSE_CODES.unauthorized, 'unknown seat')
      }
      return new Response(null, { status: 101, webSocket: client, headers })
    }

    // One socket per seat: a reload replaces the older connection.
    for (const old of this.ctx.getWebSockets(seat.seatId)) {
      old.close(CLOSE_CODES.replaced, 'replaced by a newer connection')
    }
    this.ctx.acceptWebSocket(server, [seat.seatId])
    server.serializeAttachment({ seatId: seat.seatId, role: seat.role } satisfies SocketAttachment)

    if (isModerator(seat.role)) await this.cancelGrace()
    send(server, {
      type: 'welcome',
      seatId: seat.seatId,
      role: seat.role,
      kind: this.meta!.kind,
      joined: seat.pseudonym !== null,
      facilitatorPresent: this.facilitatorPresent(),
      // Someone waiting in the lobby does not learn who is inside.
      members: seat.admitted ? this.members() : [],
      media: livekitConfig(this.env) !== null,
      spotlight: this.meta!.spotlight ?? null,
      admitted: seat.admitted,
      chatEnabled: this.meta!.chatEnabled,
    })
    if (isModerator(seat.role)) send(server, this.lobbyFrame())
    this.broadcastRoster()
    await this.reviewSupervision()
    // Someone arriving during a countdown learns of it too (others were told when it started).
    const meta = this.meta!
    if (seat.admitted && meta.graceDeadline) send(server, { type: 'facilitator_away', closesAt: meta.graceDeadline })
    if (seat.admitted && meta.supervisionDeadline) {
      send(server, {
        type: 'supervision',
        ok: false,
        adults: this.adultsPresent(),
        closesAt: meta.supervisionDeadline,
      })
    }
    return new Response(null, { status: 101, webSocket: client, headers })
  }

  private async authenticate(token: string | undefined): Promise<Seat | undefined> {
    if (!token || this.meta?.status !== 'open') return undefined
    const [seatId, secret] = token.split('.')
    if (!seatId || !secret) return undefined
    const seat = this.seats.get(seatId)
    if (!seat) return undefined
    return timingSafeEqual(await sha256Hex(secret), seat.secretHash) ? seat : undefined
  }

  // ── Messages ─────────────────────────────────────────────────────────────────────────

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const from = ws.deserializeAttachment() as SocketAttachment | null
    const seat = from ? this.seats.get(from.seatId) : undefined
    if (!from || !seat || this.meta?.status !== 'open') {
      ws.close(CLOSE_CODES.unauthorized, 'seat revoked')
      return
    }
    if (typeof raw !== 'string') return this.reject(ws, 'bad_frame', 'Only text frames are accepted.')
    if (new TextEncoder().encode(raw).byteLength > LIMITS.frameBytes) {
      return this.reject(ws, 'too_large', 'That message is too long.')
    }
    let data: unknown
    try {
      data = JSON.parse(raw)
    } catch {
      return this.reject(ws, 'bad_frame', 'That message could not be read.')
    }
    const parsed = v.safeParse(ClientMessageSchema, data)
    if (!parsed.success) {
      return this.reject(ws, 'bad_frame', `That message is not valid: ${parsed.issues[0]?.message}`)
    }
    await this.handle(ws, seat, parsed.output)
  }

  private async handle(ws: WebSocket, seat: Seat, msg: ClientMessage): Promise<void> {
    switch (msg.type) {
      case 'join': {
        if (seat.pseudonym !== null) return this.reject(ws, 'already_joined', 'You have already joined.')
        if (!seat.admitted && seat.codeWordRequired && !msg.codeWord) {
          return this.reject(ws, 'bad_frame', 'This link asks for the code word agreed with your advocate.')
        }
        seat.pseudonym = msg.pseudonym
        await this.saveSeat(seat)
        if (!seat.admitted && msg.codeWord) this.codeWords.set(seat.seatId, msg.codeWord)
        if (seat.admitted) this.broadcastRoster()
        else this.sendLobbyToModerators()
        return
      }
      case 'admit':
      case 'turn_away': {
        if (!isModerator(seat.role)) return this.reject(ws, 'forbidden', 'Only a facilitator can do this.')
        const target = this.seats.get(msg.seatId)
        if (!target || target.admitted) return this.reject(ws, 'unknown_seat', 'That person is no longer waiting.')
        this.codeWords.delete(target.seatId)
        if (msg.type === 'admit' && this.isYouth(target) && this.adultsPresent() < 2) {
          return this.reject(ws, 'unsupervised', 'Two adults must be present before youth are admitted.')
        }
        if (msg.type === 'turn_away') {
          await this.dropSeat(target.seatId, { type: 'turned_away' }, CLOSE_CODES.turnedAway, 'turned away')
        } else {
          target.admitted = true
          await this.saveSeat(target)
          for (const socket of this.ctx.getWebSockets(target.seatId)) {
            send(socket, { type: 'admitted' })
            send(socket, { type: 'chat_state', enabled: this.meta!.chatEnabled })
            if (this.meta!.spotlight !== undefined) send(socket, { type: 'spotlight', seatId: this.meta!.spotlight })
          }
          this.broadcastRoster()
          await this.reviewSupervision()
        }
        this.sendLobbyToModerators()
        return
      }
      case 'hand': {
        if (!seat.admitted || seat.pseudonym === null) {
          return this.reject(ws, 'in_lobby', 'Wait until you are admitted.')
        }
        seat.hand = msg.raised
        await this.saveSeat(seat)
        this.broadcastRoster()
        return
      }
      case 'allow_camera': {
        if (!isModerator(seat.role)) return this.reject(ws, 'forbidden', 'Only a facilitator can do this.')
        const target = this.seats.get(msg.seatId)
        if (!target || !this.isYouth(target)) {
          return this.reject(ws, 'unknown_seat', 'Cameras are allowed one by one for youth only.')
        }
        target.cameraAllowed = msg.allowed
        await this.saveSeat(target)
        const applied = await this.applyPublishing(target)
        if (!applied) return this.reject(ws, 'media_failed', 'LiveKit did not answer. Try again.')
        for (const s of this.ctx.getWebSockets(target.seatId)) {
          send(s, { type: 'camera_permission', allowed: msg.allowed })
        }
        this.broadcastRoster()
        return
      }
      case 'lower_all_hands': {
        if (!isModerator(seat.role)) return this.reject(ws, 'forbidden', 'Only a facilitator can do this.')
        for (const s of this.seats.values()) {
          if (s.hand) {
            s.hand = false
            await this.saveSeat(s)
          }
        }
        this.broadcastRoster()
        return
      }
      case 'alert': {
        if (seat.pseudonym === null) return this.reject(ws, 'not_joined', 'Join the session first.')
        // Discreet: to facilitators only, never stored, and the sender sees no change.
        this.broadcast(
          { type: 'alert', seatId: seat.seatId, pseudonym: seat.pseudonym, kind: msg.kind, at: Date.now() },
          (s) => isModerator(s.role),
        )
        return
      }
      case 'set_chat': {
        if (!isModerator(seat.role)) return this.reject(ws, 'forbidden', 'Only a facilitator can do this.')
        this.meta!.chatEnabled = msg.enabled
        await this.saveMeta()
        this.broadcast({ type: 'chat_state', enabled: msg.enabled }, (s) => s.admitted)
        return
      }
      case 'delete_message': {
        if (!isModerator(seat.role)) return this.reject(ws, 'forbidden', 'Only a facilitator can do this.')
        const author = this.recentAuthors.get(msg.messageId)
        this.broadcast({ type: 'message_deleted', id: msg.messageId }, (s) => s.admitted)
        if (author) {
          for (const socket of this.ctx.getWebSockets(author)) {
            send(socket, { type: 'message_removed', id: msg.messageId, rule: msg.rule })
          }
        }
        return
      }
      case 'chat': {
        if (seat.pseudonym === null) return this.reject(ws, 'not_joined', 'Join the session before writing.')
        if (!seat.admitted) return this.reject(ws, 'in_lobby', 'Wait until a facilitator lets you in.')
        if (!this.meta!.chatEnabled && !isModerator(seat.role)) {
          return this.reject(ws, 'chat_disabled', 'A facilitator has turned the chat off for now.')
        }
        if (!this.rates.take(seat.seatId)) {
          return this.reject(ws, 'rate_limited', 'You are sending messages too fast. Wait a moment.')
        }
        // Relayed, never written anywhere.
        const frame: ServerMessage = {
          type: 'chat',
          id: randomToken(9),
          from: seat.seatId,
          iv: msg.iv,
          ct: msg.ct,
          at: Date.now(),
        }
        this.rememberAuthor(frame.id, seat.seatId)
        this.broadcast(frame, (s) => s.pseudonym !== null && s.admitted)
        return
      }
      case 'remove': {
        if (!isModerator(seat.role)) return this.reject(ws, 'forbidden', 'Only a facilitator can do this.')
        const target = this.seats.get(msg.seatId)
        if (!target) return this.reject(ws, 'unknown_seat', 'That person is no longer here.')
        if (isModerator(target.role)) {
          return this.reject(ws, 'forbidden', 'A facilitator cannot be removed.')
        }
        await this.dropSeat(target.seatId, { type: 'removed' }, CLOSE_CODES.removed, 'removed')
        // Holding a token for the current media room, they could come back with it (or with one
        // LiveKit refreshed for them): the session's media moves to a new room.
        if (target.tokenGeneration === (this.meta!.mediaGeneration ?? 0)) {
          await this.moveMediaRoom(target.identity)
        }
        return
      }
      case 'media':
        return this.switchMode(ws, seat, msg.mode)
      case 'mute':
      case 'stop_publishing':
      case 'spotlight':
        if (!isModerator(seat.role)) return this.reject(ws, 'forbidden', 'Only a facilitator can do this.')
        return this.moderateMedia(ws, msg)
      case 'end': {
        if (!isModerator(seat.role)) return this.reject(ws, 'forbidden', 'Only a facilitator can do this.')
        await this.closeSession('ended')
        return
      }
      case 'leave': {
        await this.dropSeat(seat.seatId, undefined, CLOSE_CODES.left, 'left')
        // The last facilitator leaving on purpose ends the session at once.
        if (isModerator(seat.role) && !this.facilitatorPresent()) await this.closeSession('ended')
        return
      }
      default:
        assertNever(msg)
    }
  }

  /** Moves a seat between video, audio-only and text-only; a token only when the policy grants one. */
  private async switchMode(ws: WebSocket, seat: Seat, mode: Mode) {
    if (seat.pseudonym === null) return this.reject(ws, 'not_joined', 'Join the session first.')
    if (!seat.admitted) return this.reject(ws, 'in_lobby', 'Wait until a facilitator lets you in.')
    const meta = this.meta!
    const grant = mediaGrantFor(meta.kind, seat.role, mode, this.grantSettings(seat))
    const config = livekitConfig(this.env)
    if (grant && !config) {
      return this.reject(ws, 'media_unavailable', 'Video and audio are not configured on this server.')
    }
    if (isModerator(seat.role)) await this.cancelGrace()
    seat.mode = mode
    await this.ctx.storage.put(seatKey(seat.seatId), seat)
    this.broadcastRoster()
    if (!grant || !config) {
      send(ws, { type: 'media', mode, identity: seat.identity, sources: [], subscribe: 'all' })
      return
    }
    const room = mediaRoomName(meta)
    if (!(await this.ensureMediaRoom(config, room))) {
      return this.reject(ws, 'media_failed', 'Video and audio are unavailable right now. Text still works.')
    }
    // The session may have closed, the seat been removed or the media moved while LiveKit answered
    // (a move sends every seat in media its new token itself).
    if (this.meta?.status !== 'open' || !this.seats.has(seat.seatId)) return
    if (mediaRoomName(this.meta) !== room) return
    send(ws, await this.mediaToken(config, seat, grant))
  }

  /**
   * Creates the media room, or refreshes its settings, before any token for it: LiveKit closes
   * empty rooms, and one it re-created on a client's join would lack Havre's limits.
   */
  private async ensureMediaRoom(config: LiveKitConfig, room: string): Promise<boolean> {
    try {
      await new LiveKitRooms(config).ensureRoom(room, { maxParticipants: this.mediaCapacity() })
      return true
    } catch (err) {
      console.warn('LiveKit room setup failed', String(err))
      return false
    }
  }

  /** Everyone who may join media: the group's size plus staff, interpreters and observers. */
  private mediaCapacity() {
    let support = 0
    for (const seat of this.seats.values()) if (seat.role !== 'participant') support++
    return this.meta!.maxParticipants + support
  }

  /** A token for the current media room, remembered on the seat (see moveMediaRoom). */
  private async mediaToken(config: LiveKitConfig, seat: Seat, grant: MediaGrant): Promise<ServerMessage> {
    const meta = this.meta!
    const token = await mintMediaToken(
      config,
      { identity: seat.identity, pseudonym: seat.pseudonym ?? '', role: seat.role, mode: seat.mode },
      mediaRoomName(meta),
      grant,
    )
    seat.tokenGeneration = meta.mediaGeneration ?? 0
    await this.saveSeat(seat)
    return {
      type: 'media',
      mode: seat.mode,
      url: config.url,
      token,
      identity: seat.identity,
      sources: grant.sources,
      subscribe: grant.subscribe,
    }
  }

  /**
   * Removed means out on any LiveKit: the open-source server ignores revokeTokenTs and refreshes
   * tokens for connected clients, but a token is valid for one room only. So the session moves to
   * a new media room, everyone still in media gets a token for it, and the old room is emptied and
   * deleted (both retried by alarm until LiveKit confirms).
   */
  private async moveMediaRoom(removedIdentity: string) {
    const config = livekitConfig(this.env)
    const meta = this.meta!
    if (!config) return
    const old = mediaRoomName(meta)
    meta.mediaGeneration = (meta.mediaGeneration ?? 0) + 1
    await this.saveMeta()
    // revokeTokenTs, which LiveKit Cloud honours, also covers a token it refreshes in the next minute.
    await this.queueLiveKit({
      op: 'remove',
      room: old,
      identity: removedIdentity,
      revokedAt: Math.ceil(Date.now() / 1000) + 60,
      attempts: 0,
      nextAt: 0,
    })
    const ready = await this.ensureMediaRoom(config, mediaRoomName(meta))
    for (const seat of this.seats.values()) {
      const sockets = this.ctx.getWebSockets(seat.seatId)
      if (seat.mode === 'text' || seat.tokenGeneration === undefined || sockets.length === 0) continue
      const grant = mediaGrantFor(meta.kind, seat.role, seat.mode, this.grantSettings(seat))
      if (!grant) continue
      const frame: ServerMessage = ready
        ? await this.mediaToken(config, seat, grant)
        : { type: 'error', code: 'media_failed', message: 'Video and audio are unavailable right now. Text still works.' }
      for (const socket of sockets) send(socket, frame)
    }
    await this.queueLiveKit({ op: 'delete', room: old, attempts: 0, nextAt: 0 })
  }

  private async moderateMedia(
    ws: WebSocket,
    msg: Extract<ClientMessage, { type: 'mute' | 'stop_publishing' | 'spotlight' }>,
  ) {
    const meta = this.meta!
    if (msg.type === 'spotlight') {
      if (msg.seatId !== null && !this.seats.has(msg.seatId)) {
        return this.reject(ws, 'unknown_seat', 'That person is no longer here.')
      }
      meta.spotlight = msg.seatId
      await this.saveMeta()
      this.broadcast({ type: 'spotlight', seatId: msg.seatId })
      return
    }
    const target = this.seats.get(msg.seatId)
    if (!target) return this.reject(ws, 'unknown_seat', 'That person is no longer here.')
    const config = livekitConfig(this.env)
    if (!config) return this.reject(ws, 'media_unavailable', 'Video and audio are not configured on this server.')
    const rooms = new LiveKitRooms(config)
    try {
      if (msg.type === 'mute') {
        await rooms.muteSource(mediaRoomName(meta), target.identity, msg.source)
      } else {
        target.publishingStopped = true
        await this.ctx.storage.put(seatKey(target.seatId), target)
        await rooms.setPublishing(mediaRoomName(meta), target.identity, [])
      }
    } catch (err) {
      console.warn('LiveKit moderation failed', String(err))
      return this.reject(ws, 'media_failed', 'LiveKit did not answer. Try again.')
    }
    const action =
      msg.type === 'stop_publishing'
        ? 'publishing_stopped'
        : msg.source === 'microphone'
          ? 'muted_microphone'
          : 'muted_camera'
    for (const socket of this.ctx.getWebSockets(target.seatId)) send(socket, { type: 'moderated', action })
  }

  private rememberAuthor(messageId: string, seatId: string) {
    this.recentAuthors.set(messageId, seatId)
    if (this.recentAuthors.size > RECENT_MESSAGES) {
      const oldest = this.recentAuthors.keys().next().value
      if (oldest !== undefined) this.recentAuthors.delete(oldest)
    }
  }

  private lobbyFrame(): ServerMessage {
    const waiting = [...this.seats.values()]
      .filter((s) => !s.admitted && s.pseudonym !== null)
      .map((s) => ({
        seatId: s.seatId,
        pseudonym: s.pseudonym!,
        role: s.role,
        codeWordRequired: s.codeWordRequired,
        codeWord: this.codeWords.get(s.seatId) ?? null,
      }))
    return { type: 'lobby', waiting }
  }

  private sendLobbyToModerators() {
    this.broadcast(this.lobbyFrame(), (s) => isModerator(s.role))
  }

  private async saveSeat(seat: Seat) {
    await this.ctx.storage.put(seatKey(seat.seatId), seat)
  }

  private reject(ws: WebSocket, code: ErrorCode, message: string) {
    send(ws, { type: 'error', code, message })
  }

  /** Voids a seat: forgotten from storage and memory, its socket told and closed. */
  private async dropSeat(seatId: string, notice: ServerMessage | undefined, code: number, reason: string) {
    const wasWaiting = this.seats.get(seatId)?.admitted === false
    this.seats.delete(seatId)
    this.rates.forget(seatId)
    this.codeWords.delete(seatId)
    await this.ctx.storage.delete(seatKey(seatId))
    for (const ws of this.ctx.getWebSockets(seatId)) {
      if (notice) send(ws, notice)
      ws.close(code, reason)
    }
    this.broadcastRoster()
    if (wasWaiting) this.sendLobbyToModerators()
    await this.reviewSupervision()
  }

  // ── Youth supervision ────────────────────────────────────────────────────────────────

  private isYouth(seat: Seat) {
    return this.meta?.kind === 'youth' && seat.role === 'participant'
  }

  /** Adults (facilitators, co-facilitators, observers) admitted and connected now. */
  private adultsPresent(except?: WebSocket) {
    let adults = 0
    for (const id of this.onlineSeatIds(except)) {
      const seat = this.seats.get(id)
      if (seat && seat.admitted && seat.role !== 'participant' && seat.role !== 'interpreter') adults++
    }
    return adults
  }

  private grantSettings(seat: Seat) {
    return { ...seat, unsupervised: this.meta?.supervisionDeadline !== undefined }
  }

  /** Youth sessions: below two adults with youth in the room pauses youth media and starts the clock. */
  private async reviewSupervision(except?: WebSocket) {
    const meta = this.meta
    if (!meta || meta.kind !== 'youth' || meta.status !== 'open') return
    const adults = this.adultsPresent(except)
    const youthIn = [...this.seats.values()].some((s) => this.isYouth(s) && s.admitted)
    if (adults < 2 && youthIn && meta.supervisionDeadline === undefined) {
      meta.supervisionDeadline = Date.now() + meta.graceSeconds * 1000
      await this.saveMeta()
      await this.scheduleAlarm()
      this.broadcast({ type: 'supervision', ok: false, adults, closesAt: meta.supervisionDeadline }, undefined, except)
      await this.applyYouthPublishing()
    } else if (adults >= 2 && meta.supervisionDeadline !== undefined) {
      delete meta.supervisionDeadline
      await this.saveMeta()
      await this.scheduleAlarm()
      this.broadcast({ type: 'supervision', ok: true, adults }, undefined, except)
      await this.applyYouthPublishing()
    }
  }

  private async applyYouthPublishing() {
    for (const seat of this.seats.values()) if (this.isYouth(seat)) await this.applyPublishing(seat)
  }

  /** Tells LiveKit what a seat in media may publish now, from the grant policy. */
  private async applyPublishing(seat: Seat): Promise<boolean> {
    const config = livekitConfig(this.env)
    const meta = this.meta!
    // Not holding a token for the current room: not in it; their next token follows the policy.
    if (!config || seat.mode === 'text' || seat.tokenGeneration !== (meta.mediaGeneration ?? 0)) {
      return true
    }
    const grant = mediaGrantFor(meta.kind, seat.role, seat.mode, this.grantSettings(seat))
    try {
      await new LiveKitRooms(config).setPublishing(mediaRoomName(meta), seat.identity, grant?.sources ?? [])
      return true
    } catch (err) {
      // Not connected to media yet: their next token follows the same policy.
      console.warn('LiveKit permission update failed', String(err))
      return false
    }
  }

  // ── Connections closing ──────────────────────────────────────────────────────────────

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
    const from = ws.deserializeAttachment() as SocketAttachment | null
    if (!from || this.meta?.status !== 'open') return
    if (this.seats.has(from.seatId) && isModerator(from.role)) {
      await this.startGraceIfLastFacilitator(from.seatId, ws)
    }
    this.broadcastRoster(ws)
    await this.reviewSupervision(ws)
  }

  /** The last facilitator is gone (socket or media): close after the grace unless one returns. */
  private async startGraceIfLastFacilitator(leavingSeatId: string, except?: WebSocket) {
    const meta = this.meta!
    for (const id of this.onlineSeatIds(except)) {
      const seat = this.seats.get(id)
      if (id !== leavingSeatId && seat && isModerator(seat.role)) return
    }
    if (meta.graceDeadline) return
    const grace = meta.graceSeconds * 1000
    meta.graceDeadline = Date.now() + grace
    await this.saveMeta()
    await this.scheduleAlarm()
    this.broadcast({ type: 'facilitator_away', closesAt: meta.graceDeadline }, undefined, except)
  }

  private async cancelGrace() {
    if (!this.meta?.graceDeadline) return
    delete this.meta.graceDeadline
    await this.saveMeta()
    await this.scheduleAlarm()
  }

  // ── LiveKit webhooks (verified by the Worker) ────────────────────────────────────────

  async livekitParticipantJoined(identity: string, room: string) {
    const meta = this.meta
    if (!meta) return
    const seat = this.seatByIdentity(identity)
    const current = meta.status === 'open' && room === mediaRoomName(meta)
    if (!seat || !current) {
      // A revoked identity, an old media room (after a removal) or a closed session: out again,
      // and a room LiveKit re-created for a replayed token deleted again.
      await this.queueLiveKit({
        op: 'remove',
        room,
        identity,
        revokedAt: Math.ceil(Date.now() / 1000) + 60,
        attempts: 0,
        nextAt: 0,
      })
      if (!current) await this.queueLiveKit({ op: 'delete', room, attempts: 0, nextAt: 0 })
      return
    }
    // Downgrades stick across reconnects: stopped publishing, a youth camera withdrawn, youth paused.
    if (seat.publishingStopped || this.isYouth(seat)) await this.applyPublishing(seat)
    if (isModerator(seat.role) && meta.graceDeadline) {
      await this.cancelGrace()
      // Pages clear the "facilitator away" countdown on a roster with a facilitator present.
      this.broadcastRoster()
    }
  }

  /** participant_left and participant_connection_aborted. */
  async livekitParticipantLeft(identity: string, room: string) {
    const seat = this.seatByIdentity(identity)
    const meta = this.meta
    if (!seat || meta?.status !== 'open' || !isModerator(seat.role)) return
    // Leaving an old room is the move after a removal, not a departure.
    if (room !== mediaRoomName(meta)) return
    // Changing mode, or a media connection that failed, is not leaving the session: the room
    // socket says who is here (its close starts the grace by itself).
    if (this.facilitatorPresent()) return
    await this.startGraceIfLastFacilitator(seat.seatId)
  }

  private seatByIdentity(identity: string) {
    for (const seat of this.seats.values()) if (seat.identity === identity) return seat
    return undefined
  }

  /** Queues a LiveKit call that must happen, tries it now, and leaves the rest to the alarm. */
  private async queueLiveKit(task: LiveKitTask) {
    const meta = this.meta
    if (!meta || !livekitConfig(this.env)) return
    meta.livekitTasks = [...(meta.livekitTasks ?? []), task]
    await this.saveMeta()
    await this.flushLiveKit()
  }

  private async flushLiveKit() {
    const meta = this.meta!
    const config = livekitConfig(this.env)
    const tasks = meta.livekitTasks
    if (!config || !tasks?.length) return
    const remaining = await runDueTasks(new LiveKitRooms(config), tasks)
    // Tasks queued (or rescheduled by another flush) while LiveKit answered are kept too.
    const queuedMeanwhile = (this.meta!.livekitTasks ?? []).filter((t) => !tasks.includes(t))
    this.meta!.livekitTasks = [...remaining, ...queuedMeanwhile]
    await this.saveMeta()
    await this.scheduleAlarm()
  }

  // ── Close and alarms ─────────────────────────────────────────────────────────────────

  override async alarm(): Promise<void> {
    const meta = this.meta
    if (!meta) return
    const now = Date.now()
    if (meta.status === 'open') {
      // A returning facilitator clears the deadline, so a deadline that is still here has passed.
      if (meta.graceDeadline && now >= meta.graceDeadline) return this.closeSession('facilitator_left')
      if (meta.supervisionDeadline && now >= meta.supervisionDeadline) {
        return this.closeSession('unsupervised')
      }
      if (now >= meta.closesAt) return this.closeSession('expired')
    }
    if (meta.pendingD1Close) await this.flushD1Close()
    await this.flushLiveKit()
    await this.scheduleAlarm()
  }

  /** Total close: everyone told and disconnected, every seat void, D1 told (retried until it is). */
  private async closeSession(reason: EndReason) {
    const meta = this.meta!
    // Storage first, so a crash mid-close cannot leave a seat that still works.
    await this.ctx.storage.deleteAll()
    this.seats.clear()
    this.codeWords.clear()
    this.recentAuthors.clear()
    const livekit = livekitConfig(this.env) !== null
    this.meta = {
      sessionId: meta.sessionId,
      kind: meta.kind,
      closesAt: meta.closesAt,
      maxParticipants: meta.maxParticipants,
      lobby: meta.lobby,
      graceSeconds: meta.graceSeconds,
      chatEnabled: false,
      status: 'closed',
      pendingD1Close: true,
      // Deleting the room disconnects everyone's media; retried until LiveKit confirms. Old rooms
      // still owed a deletion stay owed.
      livekitTasks: livekit
        ? [
            ...(meta.livekitTasks ?? []).filter((t) => t.op === 'delete'),
            { op: 'delete', room: mediaRoomName(meta), attempts: 0, nextAt: 0 },
          ]
        : [],
    }
    await this.saveMeta()
    for (const ws of this.ctx.getWebSockets()) {
      send(ws, { type: 'ended', reason })
      ws.close(CLOSE_CODES.ended, 'session ended')
    }
    await this.flushD1Close()
    await this.flushLiveKit()
    await this.scheduleAlarm()
  }

  private async flushD1Close() {
    const meta = this.meta!
    try {
      await recordSessionClosed(this.env.DB, meta.sessionId)
      meta.pendingD1Close = false
      await this.saveMeta()
    } catch (err) {
      console.error('D1 close failed; retrying by alarm', err)
    }
  }

  /** One alarm for the earliest pending work; none when nothing remains. */
  private async scheduleAlarm() {
    const meta = this.meta
    const times: number[] = []
    if (meta?.status === 'open') {
      times.push(meta.closesAt)
      if (meta.graceDeadline) times.push(meta.graceDeadline)
      if (meta.supervisionDeadline) times.push(meta.supervisionDeadline)
    }
    if (meta?.pendingD1Close) times.push(Date.now() + D1_RETRY_MS)
    for (const task of meta?.livekitTasks ?? []) times.push(Math.max(task.nextAt, Date.now()))
    if (times.length === 0) await this.ctx.storage.deleteAlarm()
    else await this.ctx.storage.setAlarm(Math.min(...times))
  }

  private async saveMeta() {
    await this.ctx.storage.put(META_KEY, this.meta)
  }

  // ── Roster and fan-out ───────────────────────────────────────────────────────────────

  private onlineSeatIds(except?: WebSocket): Set<string> {
    const ids = new Set<string>()
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === except || ws.readyState !== WebSocket.OPEN) continue
      const a = ws.deserializeAttachment() as SocketAttachment | null
      if (a) ids.add(a.seatId)
    }
    return ids
  }

  private facilitatorPresent(except?: WebSocket): boolean {
    for (const id of this.onlineSeatIds(except)) {
      const seat = this.seats.get(id)
      if (seat && isModerator(seat.role)) return true
    }
    return false
  }

  private members(except?: WebSocket): Member[] {
    const online = this.onlineSeatIds(except)
    return [...this.seats.values()]
      .filter((s) => s.pseudonym !== null && s.admitted)
      .map((s) => ({
        seatId: s.seatId,
        pseudonym: s.pseudonym!,
        role: s.role,
        mode: s.mode,
        online: online.has(s.seatId),
        identity: s.identity,
        hand: s.hand,
        cameraAllowed: s.cameraAllowed,
      }))
  }

  private broadcastRoster(except?: WebSocket) {
    this.broadcast(
      { type: 'roster', members: this.members(except), facilitatorPresent: this.facilitatorPresent(except) },
      undefined,
      except,
    )
  }

  private broadcast(msg: ServerMessage, to?: (seat: Seat) => boolean, except?: WebSocket) {
    const text = JSON.stringify(msg)
    for (const ws of this.ctx.getWebSockets()) {
      if (ws === except) continue
      const a = ws.deserializeAttachment() as SocketAttachment | null
      const seat = a ? this.seats.get(a.seatId) : undefined
      // Only people inside the room hear the room; the lobby hears only what is sent to it directly.
      if (!seat || !seat.admitted || (to && !to(seat))) continue
      try {
        ws.send(text)
      } catch {
        // A socket closing under us; its close handler will tidy up.
      }
    }
  }
}

function send(ws: WebSocket, msg: ServerMessage) {
  try {
    ws.send(JSON.stringify(msg))
  } catch {
    // The socket is already closing.
  }
}
