// The chat log (a polite live region) and the message box. Enter sends, Shift+Enter breaks a line.
import { createEffect, createSignal, For, Show, type JSX } from 'solid-js'
import { LIMITS } from '../../../worker/protocol/limits'
import { useApp } from '../app/store'
import type { ChatItem } from './connection'
import { lazyView } from '../lib/lazy-view'

const DeleteMessage = lazyView(() => import('./DeleteMessage'))

export function ChatPanel(props: {
  messages: ChatItem[]
  ready: boolean
  onSend: (text: string) => Promise<boolean>
  /** The message box is off (chat turned off, or the opening notice not yet acknowledged). */
  disabled?: boolean
  /** Shown above the message box: the opening notice, chat off, a removed message. */
  notices?: JSX.Element
  /** Facilitators delete a message, naming the rule of the agreement it broke. */
  moderator?: boolean
  rules?: string[]
  onDelete?: (id: string, rule: number | null) => void
  /** Observers read the chat and write nothing: no message box at all. */
  readOnly?: boolean
  /** The page was reloaded: say that earlier messages are not kept, rather than show an empty log. */
  resumed?: boolean
}) {
  const app = useApp()
  const [draft, setDraft] = createSignal('')
  let log: HTMLDivElement | undefined

  createEffect(() => {
    if (props.messages.length && log) log.scrollTop = log.scrollHeight
  })

  const submit = async (e?: Event) => {
    e?.preventDefault()
    const text = draft().trim()
    if (!text || !props.ready || props.disabled) return
    if (await props.onSend(text)) setDraft('')
  }

  const time = (at: number) =>
    new Date(at).toLocaleTimeString(app.state.lang, { hour: '2-digit', minute: '2-digit' })

  return (
    <section class="panel chat" aria-labelledby="chat-h">
      <h2 id="chat-h">{app.t('chat')}</h2>
      {/* Focusable so a keyboard can scroll it once it overflows. */}
      <div
        class="log"
        role="log"
        aria-live="polite"
        aria-label={app.t('chatLogLabel')}
        tabindex="0"
        data-testid="chat-log"
        ref={log}
      >
        <Show
          when={props.resumed}
          fallback={
            <Show when={props.messages.length === 0}>
              <p class="muted">{app.t('noMessages')}</p>
            </Show>
          }
        >
          <p class="muted history-note" data-testid="history-note">
            {app.t('historyNote')}
          </p>
        </Show>
        <For each={props.messages}>
          {(m) => (
            <p class="msg" classList={{ mine: m.mine }} data-testid="chat-message">
              <span class="meta">
                <b>{m.name || app.t('someone')}</b> <time>{time(m.at)}</time>
              </span>{' '}
              <Show when={m.text !== undefined}>
                <Show
                  when={m.text !== null}
                  fallback={<i class="muted">{app.t('undecryptable')}</i>}
                >
                  <span class="text">{m.text}</span>
                </Show>
              </Show>
              <Show when={props.moderator && !m.mine}>
                {' '}
                <DeleteMessage
                  id={m.id}
                  name={m.name || app.t('someone')}
                  rules={props.rules ?? []}
                  onDelete={(id, rule) => props.onDelete?.(id, rule)}
                />
              </Show>
            </p>
          )}
        </For>
      </div>
      {props.notices}
      <Show when={!props.readOnly}>
        <form class="send" onSubmit={submit}>
          <label for="chat-input">{app.t('message')}</label>
          <textarea
            id="chat-input"
            data-testid="chat-input"
            rows="2"
            maxLength={LIMITS.chatTextChars}
            value={draft()}
            disabled={props.disabled}
            onInput={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) void submit(e)
            }}
          />
          <button type="submit" data-testid="chat-send" disabled={!props.ready || props.disabled}>
            {app.t('send')}
          </button>
        </form>
      </Show>
    </section>
  )
}
