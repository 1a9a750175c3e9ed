// Why a link cannot open: not yet (and when it will), or no more — always with other ways to get
// help, never a dead end. A tab with nothing in it (no link, no seat: spent, removed, ended, or
// after quick exit) gets one neutral page that neither asks for the link again nor says why.
import { Show } from 'solid-js'
import { useApp } from '../app/store'
import { TopBar } from '../app/TopBar'
import { HelpContacts } from '../app/HelpContacts'
import type { ApiError } from '../lib/api'

/** The code for a /j tab that holds no link and no seat. */
export const NOTHING_HERE = 'nothing_here'

export function JoinError(props: { error: ApiError | undefined; onRetry: () => void }) {
  const app = useApp()
  const opensAt = () =>
    props.error?.code === 'not_open_yet' ? Number(props.error.data.opensAt) || null : null
  const when = (at: number) =>
    new Date(at).toLocaleString(app.state.lang, { dateStyle: 'full', timeStyle: 'short' })
  return (
    <>
      <TopBar exit />
      <main class="page narrow" data-testid="join-error">
        <Show
          when={opensAt()}
          fallback={
            <Show
              when={props.error?.code === NOTHING_HERE}
              fallback={<h1 role="alert">{app.errorText(props.error)}</h1>}
            >
              <h1 data-testid="nothing-here">{app.t('nothingTitle')}</h1>
              <p>{app.t('nothingNote')}</p>
            </Show>
          }
        >
          {(at) => (
            <>
              <h1 role="alert">{app.t('notOpenYet')}</h1>
              <p data-testid="opens-at">
                {app.t('opensAtLine')}{' '}
                <time dateTime={new Date(at()).toISOString()}>
                  <b>{when(at())}</b>
                </time>
              </p>
              <p class="muted">{app.t('notOpenYetNote')}</p>
              <button type="button" onClick={() => props.onRetry()}>
                {app.t('tryAgain')}
              </button>
            </>
          )}
        </Show>
        <Show when={!opensAt()}>
          <HelpContacts />
        </Show>
      </main>
    </>
  )
}
