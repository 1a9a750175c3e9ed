// What the live room is given by the join page or a staff page: the seat, how she chose to take
// part, what the link said, and what to do when she leaves or the session is over.
import type { JSX } from 'solid-js'
import type { Mode, Role, SessionKind } from '../../../worker/protocol/roles'

export type RoomProps = {
  sessionId: string
  seat: string
  key: string
  pseudonym: string
  role: Role
  /** The session's kind as the link said (the welcome says it too). */
  kind?: SessionKind
  /** When the session closes (a short chat link shows the time left). */
  closesAt?: number
  /** Short chat links: when an advocate is available again, in the reader's language. */
  availableAgain?: string
  /** How the person chose to take part in the lobby (text-only when absent). */
  mode?: Mode
  /** Staff rooms get a way back to the console and no discreet-title toggle. */
  staff?: boolean
  /** Staff rooms: the session's title, time left, the console and a late link, at the top. */
  staffBar?: JSX.Element
  onLeave?: () => void
  onOver?: () => void
  /** The room does not know this seat any more (it was removed while this page was away). */
  onGone?: () => void
  onMode?: (mode: Mode) => void
  /** The group agreement in the reader's language ('' for staff: the session's or the org's). */
  agreement?: string
  /** The code word typed in the join form, sent with the join frame. */
  codeWord?: string
}
