// What the session room keeps in its own storage: the session's shape and the seats (never messages).
import type { Mode, Role, SessionKind } from '../protocol'

export type RoomMeta = {
  sessionId: string
  kind: SessionKind
  closesAt: number
  status: 'open' | 'closed'
  /** When the last facilitator's connection dropped: the session closes at this time unless one returns. */
  graceDeadline?: number
  /** D1 still has to learn the session closed (retried by alarm). */
  pendingD1Close?: boolean
}

export type Seat = {
  seatId: string
  secretHash: string
  role: Role
  /** Chosen by the person on joining; lives only here, only while the session lasts. */
  pseudonym: string | null
  mode: Mode
}

/** Kept on each socket with serializeAttachment so it survives hibernation. */
export type SocketAttachment = { seatId: string; role: Role }

export const META_KEY = 'meta'
export const seatKey = (seatId: string) => `seat:${seatId}`
export const SEAT_PREFIX = 'seat:'
