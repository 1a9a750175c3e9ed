// The lobby's screen for a survivor: waiting calmly to be let in (being turned away is an end
// screen: room/OverScreen). A chunk of its own with its strings (i18n/waiting.ts), loaded only
// where there is a waiting room.
import type { JSX } from 'solid-js'
import { useApp } from '../app/store'
import { waitingDict } from '../i18n/waiting'

/** Shown under the room's top bar (quick exit, neutral tab) until a facilitator admits her. */
export default function WaitingRoom(props: {
  reconnecting: boolean
  /** Her seat came back after being away: she waits to be let in again. */
  back?: boolean
  /** The neutral tab title toggle, as in the room. */
  tools?: JSX.Element
  children?: JSX.Element
}) {
  const app = useApp()
  const text = () => waitingDict[app.state.lang]
  return (
    <main class="page narrow over" data-testid="waiting-screen">
      {/* Focus lands here after joining: the heading says where she is. */}
      <h1 tabindex="-1" ref={(el) => requestAnimationFrame(() => el.focus())}>
        {props.back ? text().waitingBackTitle : text().waitingTitle}
      </h1>
      <p role="status" data-testid="waiting-note">
        {props.reconnecting
          ? app.t('reconnecting')
          : props.back
            ? text().waitingBackNote
            : text().waitingNote}
      </p>
      {props.children}
      <p class="muted">{text().waitingExit}</p>
      {props.tools}
    </main>
  )
}
