// The room's state as its screens read it (./room-state's shape), kept in signals (lib/live.ts):
// each roster member and chat message a stable object of its own, updated in place by seat or by
// id, as solid-js/store's reconcile did, so that store stays out of the text-only path.
import type { Member } from '../../../worker/protocol/messages'
import { live } from '../lib/live'
import { initialRoomState, type ChatItem, type RoomState } from './room-state'

export type SetRoom = (patch: Partial<RoomState>) => void

/** Each live item's writer, by the item itself. */
const writers = new WeakMap<object, (patch: object) => void>()

function item<T extends object>(init: T): T {
  const [obj, write] = live(init)
  writers.set(obj, write as (patch: object) => void)
  return obj
}

export function createRoomState() {
  const [state, setState] = live<RoomState>(initialRoomState())
  return {
    state,
    setState: setState as SetRoom,
    /** A roster frame: the same object for a seat already here, its fields updated. */
    setMembers(members: Member[]) {
      const had = new Map(state.members.map((m) => [m.seatId, m]))
      setState({
        members: members.map((m) => {
          const same = had.get(m.seatId)
          if (!same) return item({ ...m })
          writers.get(same)?.(m)
          return same
        }),
      })
    },
    addMessage: (m: ChatItem) => setState({ messages: [...state.messages, item(m)] }),
    /** A message's text once opened (by id: one deleted meanwhile shifts the others). */
    setMessageText(id: string, text: string | null) {
      const m = state.messages.find((x) => x.id === id)
      if (m) writers.get(m)?.({ text })
    },
  }
}

export type RoomStore = ReturnType<typeof createRoomState>
