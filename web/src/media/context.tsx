// What the stage's components share (the media, its call, the people, the facilitator's tools),
// through one context instead of props passed down every level.
import { createContext, useContext } from 'solid-js'
import type { ClientMessage, Member } from '../../../worker/protocol/messages'
import type { RoomConnection } from '../room/connection'
import type { Media } from '../room/media'

export type MediaPanelProps = {
  media: Media
  room: RoomConnection
  /** Facilitators and co-facilitators: moderation on the tiles too. */
  moderator: boolean
}

export type Stage = {
  media: Media
  members: Member[]
  spotlight: string | null
  /** This seat (for "(you)" and the facilitator's buttons). */
  selfId: string
  moderator: boolean
  onRemove: (seatId: string) => void
  onModerate: (msg: ClientMessage) => void
}

/** The room's state as the stage reads it (getters: it stays reactive). */
export const stageOf = (props: MediaPanelProps): Stage => ({
  get media() {
    return props.media
  },
  get members() {
    return props.room.state.members
  },
  get spotlight() {
    return props.room.state.spotlight
  },
  get selfId() {
    return props.room.state.selfId
  },
  get moderator() {
    return props.moderator
  },
  onRemove: (seatId) => props.room.remove(seatId),
  onModerate: (msg) => props.room.send(msg),
})

export const StageContext = createContext<Stage>()

export function useStage(): Stage {
  const s = useContext(StageContext)
  if (!s) throw new Error('useStage outside the media panel')
  return s
}
