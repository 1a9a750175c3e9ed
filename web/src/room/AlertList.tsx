// Facilitators: private alerts from participants — who and when — kept until marked handled, and
// in group and chat sessions one private reply to that person, encrypted like the chat. Youth
// sessions have no private messages in either direction, and the panel says so.
import { createEffect, createSignal, For, on, Show } from 'solid-js'
import { useApp } from '../app/store'
import type { AlertItem } from './connection'
import { useStaffRoomText } from './staff-text'

export function AlertList(props: {
  alerts: AlertItem[]
  youth: boolean
  onDismiss: (alert: AlertItem) => void
  onReply: (alert: AlertItem, text: string) => Promise<boolean>
}) {
  const app = useApp()
  const t = useStaffRoomText()
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
          <Show when={props.youth}>
            <p class="muted" data-testid="alert-no-reply">
              {t('alertNoReplyYouth')}
            </p>
          </Show>
          <ul data-testid="alert-list">
            <For each={props.alerts}>
              {(a) => (
                <AlertRow
                  alert={a}
                  sentence={sentence(a)}
                  time={time(a.at)}
                  leftAt={a.leftAt !== undefined ? time(a.leftAt) : undefined}
                  youth={props.youth}
                  onDismiss={() => props.onDismiss(a)}
                  onReply={(text) => props.onReply(a, text)}
                />
              )}
            </For>
          </ul>
        </section>
      </Show>
    </>
  )
}

function AlertRow(props: {
  alert: AlertItem
  sentence: string
  time: string
  /** When its sender left the session, if she did before a facilitator saw it. */
  leftAt?: string | undefined
  youth: boolean
  onDismiss: () => void
  onReply: (text: string) => Promise<boolean>
}) {
  const t = useStaffRoomText()
  const [text, setText] = createSignal(t('alertReplyDefault'))
  const [sent, setSent] = createSignal(false)
  const fieldId = `reply-${props.alert.seatId}-${props.alert.at}`
  const reply = async (e: Event) => {
    e.preventDefault()
    if (text().trim() && (await props.onReply(text().trim()))) setSent(true)
  }
  return (
    <li data-testid="alert-item" data-kind={props.alert.kind}>
      <p>
        <time data-testid="alert-time">{props.time}</time> <b>{props.sentence}</b>
        <Show when={props.leftAt}>
          {(at) => (
            <>
              {' '}
              <span data-testid="alert-left">{t('alertLeftAt', { time: at() })}</span>
            </>
          )}
        </Show>
      </p>
      {/* Someone who has left cannot be answered privately: the alert stays, the reply does not. */}
      <Show when={!props.youth && !props.leftAt}>
        <Show
          when={!sent()}
          fallback={
            <p role="status" class="muted" data-testid="alert-reply-sent">
              {t('alertReplySent', { name: props.alert.pseudonym })}
            </p>
          }
        >
          <form class="alert-reply" onSubmit={reply}>
            <label for={fieldId}>{t('alertReplyField', { name: props.alert.pseudonym })}</label>
            <div class="copy">
              <input
                id={fieldId}
                data-testid="alert-reply-text"
                maxLength={500}
                value={text()}
                onInput={(e) => setText(e.currentTarget.value)}
              />
              <button type="submit" class="small" data-testid="alert-reply-send">
                {t('alertReplySend')}
              </button>
            </div>
          </form>
        </Show>
      </Show>
      <button
        type="button"
        class="small"
        data-testid="alert-handled"
        aria-label={t('alertHandledLabel', { text: props.sentence })}
        onClick={() => props.onDismiss()}
      >
        {t('alertHandled')}
      </button>
    </li>
  )
}
