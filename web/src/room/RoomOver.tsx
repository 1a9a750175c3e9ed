// The room's last screen for this person: turned away at the door, or the session over (ended,
// removed), with why it ended in a youth session and when a short chat link's advocate is back.
import { lazy, Show, Suspense } from 'solid-js'
import type { RoomConnection } from './connection'
import { OverScreen, TurnedAwayScreen } from './OverScreen'

// Youth sessions and short chat links only (never downloaded elsewhere).
const YouthEnded = lazy(() => import('./Youth').then((m) => ({ default: m.YouthEnded })))
const AvailableAgain = lazy(() =>
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
          <Suspense>
            <YouthEnded />
          </Suspense>
        </Show>
        <Show when={props.guest && state.status === 'ended' && props.availableAgain?.trim()}>
          {(text) => (
            <Suspense>
              <AvailableAgain text={text()} />
            </Suspense>
          )}
        </Show>
      </OverScreen>
    </Show>
  )
}
