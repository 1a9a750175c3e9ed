// What the session room keeps in its own storage: the session's shape and the seats (never messages).
import type { Mode, Role, SessionKind } from '../protocol'
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
  /** The LiveKit room has been created (before the first media token). */
  roomReady?: boolean
  /** Whose video everyone sees large; null: the interpreter, pinned by default. */
  spotlight?: string | null
  /** LiveKit calls still owed (room deletion, removals), retried by alarm. */
  livekitTasks?: LiveKitTask[]
}

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
  hand: boolean
  /** Set for staff seats, so that opening the room again replaces the earlier seat. */
  staffId?: string
  /** Staff seats: the name shown in sessions, which their join takes whatever the page sends. */
  staffName?: string
}

/** Kept on each socket with serializeAttachment so it survives hibernation. */
export type SocketAttachment = { seatId: string; role: Role }

export const META_KEY = 'meta'
export const seatKey = (seatId: string) => `seat:${seatId}`
export const SEAT_PREFIX = 'seat:'
