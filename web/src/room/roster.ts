// The people in the room as the connection keeps them (./connection): each roster frame reconciled
// by seat, who joined or left told to the announcer, the away countdown ended by a return.
import type { Member } from '../../../worker/protocol/messages'
import type { RoomStore } from './live-state'
import type { RoomState } from './room-state'

export function applyRoster(room: RoomStore, members: Member[], facilitatorPresent: boolean) {
  const { state, setState } = room
  const before = new Map(state.members.map((m) => [m.seatId, m.pseudonym]))
  // Someone was let in: a refusal for want of two adults is no longer true.
  if (state.error?.code === 'unsupervised' && members.some((m) => !before.has(m.seatId))) {
    setState({ error: null })
  }
  const now = new Set(members.map((m) => m.seatId))
  let event: RoomState['event'] = null
  if (state.selfId) {
    const added = members.find((m) => !before.has(m.seatId) && m.seatId !== state.selfId)
    const gone = [...before].find(([id]) => !now.has(id))
    if (added) event = { kind: 'joined', name: added.pseudonym }
    else if (gone) event = { kind: 'left', name: gone[1] }
  }
  // Reconciled by seat: a row on screen (a Remove being confirmed, a focused button) stays the
  // same row when someone else's hand, mode or connection changes.
  room.setMembers(members)
  setState({
    facilitatorPresent,
    // Back in time: the countdown, and its announcement, are no longer true.
    ...(facilitatorPresent
      ? { awayUntil: null, ...(state.event?.kind === 'away' ? { event: null } : {}) }
      : {}),
    ...(event ? { event } : {}),
  })
}

/** The pseudonym of a seat in the room, if it is there. */
export const nameOf = (state: RoomState, seatId: string) =>
  state.members.find((m) => m.seatId === seatId)?.pseudonym
