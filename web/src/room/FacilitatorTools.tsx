// Loaded only for facilitators: the lobby, private alerts, and turning the chat off or on.
import { lazy, Show, Suspense } from 'solid-js'
import type { RoomConnection } from './connection'
import { useApp } from '../app/store'
import { LobbyPanel } from './LobbyPanel'
import { AlertList } from './AlertList'

const AdultsLine = lazy(() =>
  import('./YouthFacilitator').then((m) => ({ default: m.AdultsLine })),
)

export default function FacilitatorTools(props: { room: RoomConnection }) {
  const app = useApp()
  const state = () => props.room.state
  return (
    <>
      <LobbyPanel waiting={state().lobby} send={props.room.send}>
        <Show when={state().kind === 'youth'}>
          <Suspense>
            <AdultsLine members={state().members} />
          </Suspense>
        </Show>
      </LobbyPanel>
      <AlertList alerts={state().alerts} onDismiss={props.room.dismissAlert} />
      <div class="actions">
        <button
          type="button"
          data-testid="chat-toggle"
          onClick={() => props.room.send({ type: 'set_chat', enabled: !state().chatEnabled })}
        >
          {app.t(state().chatEnabled ? 'chatTurnOff' : 'chatTurnOn')}
        </button>
      </div>
    </>
  )
}
