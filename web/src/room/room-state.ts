// What the room's connection knows and shows (./connection): the state every room screen reads,
// its parts' types, and the options a room is opened with. Types and the first state only.
import type { EndReason, Member, ServerMessage } from '../../../worker/protocol/messages'
import type { Role, SessionKind } from '../../../worker/protocol/roles'

export type ChatItem = {
  id: string
  name: string
  /** undefined while decrypting, null when it could not be decrypted. */
  text: string | null | undefined
  at: number
  mine: boolean
}

export type Status =
  | 'connecting'
  | 'open'
  | 'reconnecting'
  | 'ended'
  | 'removed'
  | 'turned_away'
  | 'failed'

/** The statuses after which this page never reconnects. */
export const TERMINAL: Status[] = ['ended', 'removed', 'turned_away', 'failed']

export type LobbyEntry = Extract<ServerMessage, { type: 'lobby' }>['waiting'][number]
/** Someone waiting in the lobby, as facilitators see them (with the code word they typed, opened here). */
export type Waiting = Omit<LobbyEntry, 'codeWord'> & { codeWord: string | null }
/** A private alert, seen by facilitators only. */
export type AlertItem = Omit<Extract<ServerMessage, { type: 'alert' }>, 'type'>
/** Error code and server sentence of an error frame, or of a failed connection. */
export type RoomError = { code: string; message: string }

export type RoomState = {
  status: Status
  selfId: string
  members: Member[]
  facilitatorPresent: boolean
  awayUntil: number | null
  messages: ChatItem[]
  /** Error code and server sentence of the last error frame, or of a failed connection. */
  error: RoomError | null
  /** Joined/left events, for the polite announcer. */
  event: { kind: 'joined' | 'left' | 'away'; name: string } | null
  /** Whether the server has LiveKit configured (from the welcome). */
  media: boolean
  /** The seat shown large for everyone; null means the interpreter (the default pin). */
  spotlight: string | null
  /** False while this person waits in the lobby; null until the welcome says. */
  admitted: boolean | null
  /** Waiting again after being away too long (a closed tab reopened, a phone asleep). */
  back: boolean
  chatEnabled: boolean
  /** Facilitators: who waits in the lobby. */
  lobby: Waiting[]
  /** Facilitators: private alerts, oldest first. */
  alerts: AlertItem[]
  /** To the author of a deleted message: the rule it broke (null when none was named). */
  removedMessage: { rule: number | null } | null
  /** After a private alert: a facilitator has it, or will the moment one arrives. */
  alertDelivery: 'delivered' | 'pending' | null
  /** The session's kind (from the welcome). */
  kind: SessionKind | null
  /** Youth sessions: while fewer than two adults are present, when the session closes. */
  unsupervisedUntil: number | null
  /** Why the session ended, when the server said. */
  endReason: EndReason | null
  /** This page came back to a seat that had already joined (a reload): earlier chat is gone. */
  resumed: boolean
  /** A facilitator's private answer to this person's alert (decrypted here; never stored). */
  privateReply: { from: string; text: string | null; at: number } | null
}

/** Before the first welcome: connecting, nobody known yet. */
export const initialRoomState = (): RoomState => ({
  status: 'connecting',
  selfId: '',
  members: [],
  facilitatorPresent: true,
  awayUntil: null,
  messages: [],
  error: null,
  event: null,
  media: false,
  spotlight: null,
  admitted: null,
  back: false,
  chatEnabled: true,
  lobby: [],
  alerts: [],
  removedMessage: null,
  alertDelivery: null,
  kind: null,
  unsupervisedUntil: null,
  endReason: null,
  resumed: false,
  privateReply: null,
})

/** Frames for the media side of the room: tokens, moderation notices and media errors. */
export type MediaFrame =
  | Extract<ServerMessage, { type: 'media' | 'moderated' }>
  | { type: 'error'; code: 'media_unavailable' | 'media_failed'; message: string }

export type RoomOptions = {
  sessionId: string
  seat: string
  key: string
  pseudonym: string
  role: Role
  /** The code word agreed with her advocate, when the link asks for one. */
  codeWord?: string
  /** Called once when the room is over for this person (ended, removed or turned away). */
  onOver?: () => void
  /** After each welcome (and the join it may need): the room takes other frames from now on. */
  onWelcome?: (members: Member[]) => void
  onMedia?: (frame: MediaFrame) => void
  /** Youth sessions: this seat's camera permission changed, or supervision did. */
  onYouth?: (frame: Extract<ServerMessage, { type: 'camera_permission' | 'supervision' }>) => void
}
