// Loaded only for facilitators: the lobby (Admit disabled for youth, with the reason, while fewer
// than two adults are present), hands raised in order, private alerts with one private reply,
// and turning the chat off or on.
import { Show } from 'solid-js'
import type { RoomConnection, Waiting } from './connection'
import { useApp } from '../app/store'
import { LobbyPanel } from './LobbyPanel'
import { AlertList } from './AlertList'
import { HandsList } from './HandsList'
import { isAdult } from './adults'
import { useStaffRoomText } from './staff-text'
import './facilitator.css'
import { lazyView } from '../lib/lazy-view'

const AdultsLine = lazyView(() =>
  import('./YouthFacilitator').then((m) => ({ default: m.AdultsLine })),
)

export default function FacilitatorTools(props: { room: RoomConnection }) {
  const app = useApp()
  const t = useStaffRoomText()
  const state = () => props.room.state
  const youth = () => state().kind === 'youth'
  const adults = () => state().members.filter((m) => m.online && isAdult(m)).length
  const admitBlocked = (w: Waiting) =>
    youth() && w.role === 'participant' && adults() < 2
      ? t('admitNeedsAdults', { n: adults() })
      : null
  return (
    <>
      <LobbyPanel waiting={state().lobby} send={props.room.send} admitBlocked={admitBlocked}>
        <Show when={youth()}>
          <AdultsLine members={state().members} />
        </Show>
      </LobbyPanel>
      <AlertList
        alerts={state().alerts}
        youth={youth()}
        onDismiss={props.room.dismissAlert}
        onReply={(alert, text) => props.room.sendPrivateReply(alert.seatId, text)}
      />
      <HandsList members={state().members} />
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
