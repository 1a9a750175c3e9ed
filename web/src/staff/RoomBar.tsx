// At the top of the facilitator's room: the session's staff title, the time left, the way back to
// the console (the room keeps running), and a link for someone late, made without leaving the room.
import { createSignal, onCleanup, Show } from 'solid-js'
import { useStaffRoomText } from '../room/staff-text'
import type { HostSeat } from './Console'
import { LinkMaker } from './LinkMaker'

export function RoomBar(props: { seat: HostSeat; onConsole: () => void }) {
  const t = useStaffRoomText()
  const [now, setNow] = createSignal(Date.now())
  const tick = setInterval(() => setNow(Date.now()), 15_000)
  onCleanup(() => clearInterval(tick))
  const timeLeft = () => {
    const closesAt = props.seat.closesAt
    if (!closesAt) return ''
    const minutes = Math.ceil((closesAt - now()) / 60_000)
    if (minutes <= 0) return t('timeUp')
    if (minutes < 60) return t('timeLeft', { n: minutes })
    return t('timeLeftHours', { h: Math.floor(minutes / 60), m: minutes % 60 })
  }
  return (
    <section class="panel staff-bar" aria-labelledby="staff-bar-h" data-testid="staff-bar">
      <h2 id="staff-bar-h" data-testid="room-session-title">
        {props.seat.title ?? t('staffBar')}
      </h2>
      <Show when={timeLeft()}>
        <span class="time-left" data-testid="time-left">
          {timeLeft()}
        </span>
      </Show>
      <span class="grow" />
      <button type="button" data-testid="to-console" onClick={() => props.onConsole()}>
        {t('toConsole')}
      </button>
      <details data-testid="late-link">
        <summary>{t('lateLinkTitle')}</summary>
        <LinkMaker sessionId={props.seat.sessionId} sessionKey={props.seat.key} />
      </details>
    </section>
  )
}
