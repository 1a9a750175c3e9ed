// Lobby screens for a survivor: waiting calmly to be let in, or told gently she was not.
import { Show, type JSX } from 'solid-js'
import { useApp } from '../app/store'
import { TopBar } from '../app/TopBar'
import { HelpContacts } from '../app/HelpContacts'

/** Shown under the room's top bar (quick exit, neutral tab) until a facilitator admits her. */
export function WaitingRoom(props: {
  reconnecting: boolean
  /** Her seat came back after being away: she waits to be let in again. */
  back?: boolean
  /** The neutral tab title toggle, as in the room. */
  tools?: JSX.Element
  children?: JSX.Element
}) {
  const app = useApp()
  return (
    <main class="page narrow over" data-testid="waiting-screen">
      {/* Focus lands here after joining: the heading says where she is. */}
      <h1 tabindex="-1" ref={(el) => requestAnimationFrame(() => el.focus())}>
        {app.t(props.back ? 'waitingBackTitle' : 'waitingTitle')}
      </h1>
      <p role="status" data-testid="waiting-note">
        {app.t(props.reconnecting ? 'reconnecting' : props.back ? 'waitingBackNote' : 'waitingNote')}
      </p>
      {props.children}
      <p class="muted">{app.t('waitingExit')}</p>
      {props.tools}
    </main>
  )
}

export function TurnedAwayScreen() {
  const app = useApp()
  return (
    <>
      <TopBar exit />
      <main class="page narrow over" data-testid="turned-away-screen">
        <div role="alert">
          <h1>{app.t('turnedAwayTitle')}</h1>
          <p>{app.t('turnedAwayNote')}</p>
        </div>
        <Show when={app.config()}>
          <HelpContacts />
        </Show>
      </main>
    </>
  )
}
