// Full-screen end states: the session has ended, this person was removed, or turned away.
import { Show, type JSX } from 'solid-js'
import { useApp } from '../app/store'
import { TopBar } from '../app/TopBar'
import { HelpContacts } from '../app/HelpContacts'
import { useNoticeText } from './notice-text'

export function OverScreen(props: {
  removed: boolean
  /** A short chat link's guest: a conversation ended, not a session. */
  chat?: boolean
  staff?: boolean
  onBack?: () => void
  /** Why it ended, when there is more to say. */
  children?: JSX.Element
}) {
  const app = useApp()
  const t = useNoticeText()
  return (
    <>
      <TopBar exit />
      <main
        class="page narrow over"
        data-testid={props.removed ? 'removed-screen' : 'ended-screen'}
      >
        <div role="alert">
          <h1>
            {props.removed
              ? t('removedScreen')
              : props.chat
                ? app.t('chatEnded')
                : t('endedScreen')}
          </h1>
          {props.children}
          <p>{t(props.removed ? 'removedNote' : 'endedNote')}</p>
        </div>
        <Show when={!props.staff}>
          <HelpContacts />
        </Show>
        <Show when={props.staff}>
          <button type="button" onClick={() => props.onBack?.()}>
            {app.t('backToConsole')}
          </button>
        </Show>
      </main>
    </>
  )
}

/** Turned away at the door by a facilitator: told gently, with other ways to get help. */
export function TurnedAwayScreen() {
  const app = useApp()
  const t = useNoticeText()
  return (
    <>
      <TopBar exit />
      <main class="page narrow over" data-testid="turned-away-screen">
        <div role="alert">
          <h1>{t('turnedAwayTitle')}</h1>
          <p>{t('turnedAwayNote')}</p>
        </div>
        <Show when={app.config()}>
          <HelpContacts />
        </Show>
      </main>
    </>
  )
}
