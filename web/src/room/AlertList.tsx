// Facilitators: private alerts from participants, listed discreetly and announced politely.
import { createEffect, createSignal, For, on, Show } from 'solid-js'
import { useApp } from '../app/store'
import type { AlertItem } from './connection'

export function AlertList(props: { alerts: AlertItem[]; onDismiss: (alert: AlertItem) => void }) {
  const app = useApp()
  const [said, setSaid] = createSignal('')
  const sentence = (a: AlertItem) => app.t(`alertFrom_${a.kind}`, { name: a.pseudonym })
  const time = (at: number) =>
    new Date(at).toLocaleTimeString(app.state.lang, { hour: '2-digit', minute: '2-digit' })
  createEffect(
    on(
      () => props.alerts.length,
      (n, before) => {
        const last = props.alerts[n - 1]
        if (last && n > (before ?? 0)) setSaid(sentence(last))
      },
    ),
  )
  return (
    <>
      <div class="sr-only" role="status" aria-live="polite">
        {said()}
      </div>
      <Show when={props.alerts.length}>
        <section class="panel alerts" aria-labelledby="alerts-h">
          <h2 id="alerts-h">{app.t('alertsTitle')}</h2>
          <ul data-testid="alert-list">
            <For each={props.alerts}>
              {(a) => (
                <li data-testid="alert-item" data-kind={a.kind}>
                  <span>
                    <time>{time(a.at)}</time> {sentence(a)}
                  </span>
                  <button
                    type="button"
                    class="small"
                    aria-label={app.t('dismissLabel', { text: sentence(a) })}
                    onClick={() => props.onDismiss(a)}
                  >
                    {app.t('dismiss')}
                  </button>
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>
    </>
  )
}
