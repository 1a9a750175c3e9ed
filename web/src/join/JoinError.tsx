// Why a link cannot open: not yet (and when it will), or no more — always with other ways to get
// help, never a dead end. A tab with nothing in it (no link, no seat: spent, removed, ended, or
// after quick exit) gets one neutral page that neither asks for the link again nor says why. A
// chunk of its own with its strings (i18n/join-error.ts): a link that opens never loads it.
import { Show } from 'solid-js'
import { useApp } from '../app/store'
import { TopBar } from '../app/TopBar'
import { HelpContacts } from '../app/HelpContacts'
import { joinErrorDict } from '../i18n/join-error'
import type { ApiError } from '../lib/api'
import { NOTHING_HERE } from './seat-storage'

export default function JoinError(props: { error: ApiError | undefined; onRetry: () => void }) {
  const app = useApp()
  const text = () => joinErrorDict[app.state.lang]
  const opensAt = () =>
    props.error?.code === 'not_open_yet' ? Number(props.error.data.opensAt) || null : null
  const when = (at: number) =>
    new Date(at).toLocaleString(app.state.lang, { dateStyle: 'full', timeStyle: 'short' })
  /** The link's own errors are said here; any other (network, ended) as everywhere else. */
  const why = () =>
    (text() as Record<string, string | undefined>)[`err_${props.error?.code}`] ??
    app.errorText(props.error)
  return (
    <>
      <TopBar exit />
      <main class="page narrow" data-testid="join-error">
        <Show
          when={opensAt()}
          fallback={
            <Show
              when={props.error?.code === NOTHING_HERE}
              fallback={<h1 role="alert">{why()}</h1>}
            >
              <h1 data-testid="nothing-here">{text().nothingTitle}</h1>
              <p>{text().nothingNote}</p>
            </Show>
          }
        >
          {(at) => (
            <>
              <h1 role="alert">{text().notOpenYet}</h1>
              <p data-testid="opens-at">
                {text().opensAtLine}{' '}
                <time dateTime={new Date(at()).toISOString()}>
                  <b>{when(at())}</b>
                </time>
              </p>
              <p class="muted">{text().notOpenYetNote}</p>
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
