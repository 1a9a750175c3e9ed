// The room's last screen for this person: turned away at the door, or the session over (ended,
// removed), with why it ended in a youth session and when a short chat link's advocate is back.
import { Show } from 'solid-js'
import type { RoomConnection } from './connection'
import { OverScreen, TurnedAwayScreen } from './OverScreen'
import { lazyView } from '../lib/lazy-view'

// Youth sessions and short chat links only (never downloaded elsewhere).
const YouthEnded = lazyView(() => import('./Youth').then((m) => ({ default: m.YouthEnded })))
const AvailableAgain = lazyView(() =>
  import('./ChatSession').then((m) => ({ default: m.AvailableAgain })),
)

export function RoomOver(props: {
  room: RoomConnection
  guest: boolean
  staff?: boolean
  availableAgain?: string
  onBack: () => void
}) {
  const state = props.room.state
  return (
    <Show when={state.status !== 'turned_away'} fallback={<TurnedAwayScreen />}>
      <OverScreen
        removed={state.status === 'removed'}
        chat={props.guest}
        staff={props.staff}
        onBack={() => props.onBack()}
      >
        <Show when={state.endReason === 'unsupervised'}>
          <YouthEnded />
        </Show>
        <Show when={props.guest && state.status === 'ended' && props.availableAgain?.trim()}>
          {(text) => <AvailableAgain text={text()} />}
        </Show>
      </OverScreen>
    </Show>
  )
}
