// The session room's pure core: its state, the events that happen to it and the effects it asks
// the Durable Object shell to perform. Nothing here does I/O or reads a clock.
import type { AlertKind, EndReason, Mode, Role, ServerMessage, SessionKind } from '../../protocol'
import type { MediaGrant } from '../../livekit/grant-policy'
import type { LiveKitTask } from '../livekit-tasks'
import type { RoomMeta, Seat } from '../state'

export type SessionShape = {
  id: string
  kind: SessionKind
  closesAt: number
  lobby?: boolean
  graceSeconds?: number
  maxParticipants?: number
}

/** One open socket, as its attachment says (socket ids are the shell's, random and stable). */
export type SocketInfo = { seatId: string; role: Role }

/** A per-seat token bucket for one class of frames. */
export type Bucket = { tokens: number; at: number }

export type CoreState = {
  /** Whether LiveKit is configured (the shell's environment). */
  media: boolean
  /** Undefined until the first seat or end: the room has never been used. */
  meta: RoomMeta | undefined
  seats: Record<string, Seat>
  sockets: Record<string, SocketInfo>
  // ── memory only: lost on hibernation, and nothing depends on it for safety ──
  /** Rate-limit buckets: `${seatId}:${class}`. */
  buckets: Record<string, Bucket>
  /** A roster change not yet broadcast, and when the last roster went out. */
  rosterDirty: boolean
  rosterSentAt: number
  rosterDueAt?: number
  /** When each seat last sent each kind of alert (`${seatId}:${kind}`): repeats are not re-sent. */
  alertsSeen: Record<string, number>
  /** The alarm time last asked of the shell. */
  alarmAt?: number | null
}

/** A LiveKit call whose answer the core waits for (moderation and media tokens). */
export type LiveKitCall =
  | { op: 'create_room'; room: string; maxParticipants: number }
  | { op: 'mute'; room: string; identity: string; source: 'microphone' | 'camera' }
  | { op: 'publishing'; room: string; identity: string; sources: MediaGrant['sources'] }

/** What to do once a LiveKit call answers. */
export type Pending =
  | { kind: 'token'; socket: string; seatId: string; mode: Mode; generation: number }
  | { kind: 'moderated'; socket: string; seatId: string; action: 'muted_microphone' | 'muted_camera' | 'publishing_stopped' }
  | { kind: 'camera'; socket: string; seatId: string; allowed: boolean }
  | { kind: 'none' }

export type Event =
  | {
      type: 'create_seat'
      session: SessionShape
      role: Role
      staffId?: string
      /** Staff seats: the name shown in sessions. */
      staffName?: string
      codeWordRequired?: boolean
      /** Chosen by the shell (randomness stays out of the core). */
      seatId: string
      secretHash: string
      identity: string
    }
  | { type: 'end'; session: SessionShape; reason: EndReason }
  /** A socket asks to open; secretHash is the hash of the secret it offered. */
  | { type: 'connect'; socket: string; seatId?: string; secretHash?: string }
  /** A text frame; nonce is fresh randomness from the shell (message ids). */
  | { type: 'frame'; socket: string; raw: string; nonce: string }
  /** lastSeen: a socket found silent is gone since it last showed life, not since now. */
  | { type: 'socket_closed'; socket: string; lastSeen?: number }
  /**
   * The shell rebuilt the room from storage (after hibernation, an eviction or a restart). Sockets
   * the runtime cut on the way (a restart closes them with no close event) are simply not there.
   */
  | { type: 'rebuilt' }
  | { type: 'alarm' }
  /** The shell's short timer for a coalesced roster. */
  | { type: 'tick' }
  | { type: 'livekit_answer'; call: LiveKitCall; then: Pending; ok: boolean }
  | { type: 'tasks_done'; done: LiveKitTask[]; failed: LiveKitTask[] }
  | { type: 'd1_closed'; ok: boolean }
  | { type: 'webhook'; event: 'participant_joined' | 'participant_left' | 'participant_connection_aborted'; room: string; identity: string }

export type Effect =
  | { type: 'send'; to: string[]; frame: ServerMessage }
  | { type: 'close'; socket: string; code: number; reason: string }
  /** Keep this socket (hibernatable, tagged with its seat); a socket not accepted is refused. */
  | { type: 'accept'; socket: string; seatId: string; role: Role }
  | { type: 'reply'; value: SeatResult }
  | { type: 'put_meta'; meta: RoomMeta }
  | { type: 'put_seat'; seat: Seat }
  | { type: 'delete_seat'; seatId: string }
  /** Everything in storage goes (the close); put_meta follows. */
  | { type: 'wipe' }
  | { type: 'alarm'; at: number | null }
  | { type: 'timer'; at: number }
  | { type: 'livekit'; call: LiveKitCall; then: Pending }
  | { type: 'livekit_tasks'; tasks: LiveKitTask[] }
  /** Mint a token for this seat and room from the grant, and send the media frame. */
  | {
      type: 'media_token'
      socket: string
      seatId: string
      seat: { identity: string; pseudonym: string; role: Role; mode: Mode }
      room: string
      grant: MediaGrant
    }
  | { type: 'record_close' }

/** The seat token is `${seatId}.${secret}`; the shell adds the secret it made. */
export type SeatResult = { ok: true; seatId: string } | { ok: false }

export type Alert = { seatId: string; kind: AlertKind; at: number }
