// Loaded only for facilitators: the lobby, private alerts, and turning the chat off or on.
import type { RoomConnection } from './connection'
import { useApp } from '../app/store'
import { LobbyPanel } from './LobbyPanel'
import { AlertList } from './AlertList'

export default function FacilitatorTools(props: { room: RoomConnection }) {
  const app = useApp()
  const state = () => props.room.state
  return (
    <>
      <LobbyPanel waiting={state().lobby} send={props.room.send} />
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
