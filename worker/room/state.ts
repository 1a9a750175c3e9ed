// What the session room keeps in its own storage: the session's shape and the seats (never messages).
import type { AlertKind, Mode, Role, SealedText, SessionKind } from '../protocol'
import type { LiveKitTask } from './livekit-tasks'

export type RoomMeta = {
  sessionId: string
  kind: SessionKind
  closesAt: number
  status: 'open' | 'closed'
  /** When the last facilitator's connection dropped: the session closes at this time unless one returns. */
  graceDeadline?: number
  /** D1 still has to learn the session closed (retried by alarm). */
  pendingD1Close?: boolean
  maxParticipants: number
  /** People from links wait in a lobby until a facilitator admits them. */
  lobby: boolean
  graceSeconds: number
  chatEnabled: boolean
  /** Youth sessions: supervision fell below two adults; the session closes then unless restored. */
  supervisionDeadline?: number
  /**
   * Which media room the session uses now: LiveKit room `${sessionId}.${mediaGeneration}`. A
   * removal moves the session to the next one, since a LiveKit token is valid for one room only.
   */
  mediaGeneration?: number
  /** Private alerts sent while no facilitator was connected, for the first one who connects. */
  pendingAlerts?: PendingAlert[]
  /** Whose video everyone sees large; null: the interpreter, pinned by default. */
  spotlight?: string | null
  /** LiveKit calls still owed (room deletion, removals), retried by alarm. */
  livekitTasks?: LiveKitTask[]
}

/**
 * An accepted alert no facilitator has seen yet. It outlives its sender's seat (she may quick-exit
 * right after sending it): her pseudonym and when she left travel with it, until the session ends.
 */
export type PendingAlert = { seatId: string; kind: AlertKind; at: number; pseudonym: string; leftAt?: number }

export type Seat = {
  seatId: string
  secretHash: string
  role: Role
  /** Chosen by the person on joining; lives only here, only while the session lasts. */
  pseudonym: string | null
  mode: Mode
  /** A fresh random LiveKit identity for this seat only. */
  identity: string
  cameraAllowed: boolean
  publishingStopped: boolean
  /** False while waiting in the lobby. */
  admitted: boolean
  /** The link asked for a code word. */
  codeWordRequired: boolean
  /** The code word she typed, sealed in her browser with the session key (the server cannot read it). */
  codeWord?: SealedText
  hand: boolean
  /** Set for staff seats, so that opening the room again replaces the earlier seat. */
  staffId?: string
  /** Staff seats: the name shown in sessions, which their join takes whatever the page sends. */
  staffName?: string
  /** The media generation of the last token this seat was given: it holds a key to that room. */
  tokenGeneration?: number
  /** Set at its first connection: a rebuilt room knows which seats a restart may have cut off. */
  connectedOnce?: true
  /** Link seats: when its last socket closed. A return long after waits for a facilitator. */
  awaySince?: number
  /** Back after being away this long: waiting to be let in again (shown to facilitators). */
  awayMs?: number
}

/** Kept on each socket with serializeAttachment so it survives hibernation. */
export type SocketAttachment = { seatId: string; role: Role; socketId: string; openedAt?: number }

/** The LiveKit room a session's media uses now (see RoomMeta.mediaGeneration). */
export const mediaRoomName = (meta: Pick<RoomMeta, 'sessionId' | 'mediaGeneration'>) =>
  `${meta.sessionId}.${meta.mediaGeneration ?? 0}`

/** The session and generation of a LiveKit room name Havre made; null for any other name. */
export function parseMediaRoomName(name: string): { sessionId: string; generation: number } | null {
  const match = /^([A-Za-z0-9_-]{16,64})\.(\d{1,6})$/.exec(name)
  return match ? { sessionId: match[1]!, generation: Number(match[2]) } : null
}

export const META_KEY = 'meta'
export const seatKey = (seatId: string) => `seat:${seatId}`
export const SEAT_PREFIX = 'seat:'
