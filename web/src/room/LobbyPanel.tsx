// Facilitators: who waits in the lobby, with the code word they typed, to admit or turn away.
import { createSignal, For, on, createEffect, Show, type JSX } from 'solid-js'
import type { ClientMessage } from '../../../worker/protocol/messages'
import { useApp } from '../app/store'
import type { Waiting } from './connection'
import { useStaffRoomText } from './staff-text'

export function LobbyPanel(props: {
  waiting: Waiting[]
  send: (msg: ClientMessage) => boolean
  /** Under the heading: in a youth session, the adults present. */
  children?: JSX.Element
  /** Why this person cannot be admitted yet (a youth with fewer than two adults), or null. */
  admitBlocked?: (w: Waiting) => string | null
}) {
  const app = useApp()
  const t = useStaffRoomText()
  const [said, setSaid] = createSignal('')
  createEffect(
    on(
      () => props.waiting,
      (now, before) => {
        const known = new Set((before ?? []).map((w) => w.seatId))
        const added = now.find((w) => !known.has(w.seatId))
        if (added) setSaid(app.t('lobbyArrived', { name: added.pseudonym }))
      },
    ),
  )
  return (
    <>
      <div class="sr-only" role="status" aria-live="polite">
        {said()}
      </div>
      <Show when={props.waiting.length}>
        <section class="panel lobby" aria-labelledby="lobby-h" data-testid="lobby-panel">
          <h2 id="lobby-h">{app.t('lobbyTitle', { n: props.waiting.length })}</h2>
          {props.children}
          <ul>
            <For each={props.waiting}>
              {(w) => (
                <li data-testid="lobby-entry">
                  <span class="who">
                    <b class="name">{w.pseudonym}</b>
                    <Show when={w.role !== 'participant'}>
                      {' '}
                      <span class="role">{app.t(`role_${w.role}`)}</span>
                    </Show>
                    <Show when={w.role === 'cofacilitator'}>
                      {' '}
                      <span class="muted">{t('lobbyCoFacilitatorLink')}</span>
                    </Show>
                    <Show when={w.awayMs}>
                      {(ms) => (
                        <>
                          {' '}
                          <span class="muted" data-testid="lobby-back">
                            {ms() < 120_000
                              ? t('lobbyBackAfterSeconds', { n: Math.round(ms() / 1000) })
                              : t('lobbyBackAfter', { n: Math.round(ms() / 60_000) })}
                          </span>
                        </>
                      )}
                    </Show>
                    <Show when={w.codeWord}>
                      {(word) => (
                        <>
                          {' '}
                          <span class="code-word">
                            {app.t('codeWordIs')} <mark data-testid="lobby-code-word">{word()}</mark>
                          </span>
                        </>
                      )}
                    </Show>
                  </span>
                  <span class="mod">
                    <Show when={props.admitBlocked?.(w)}>
                      {(why) => (
                        <span class="admit-blocked" id={`admit-why-${w.seatId}`} data-testid="admit-blocked">
                          {why()}
                        </span>
                      )}
                    </Show>
                    <button
                      type="button"
                      class="small primary"
                      data-testid="admit"
                      aria-label={app.t('admitLabel', { name: w.pseudonym })}
                      disabled={Boolean(props.admitBlocked?.(w))}
                      aria-describedby={props.admitBlocked?.(w) ? `admit-why-${w.seatId}` : undefined}
                      onClick={() => props.send({ type: 'admit', seatId: w.seatId })}
                    >
                      {app.t('admit')}
                    </button>
                    <button
                      type="button"
                      class="small"
                      data-testid="turn-away"
                      aria-label={app.t('turnAwayLabel', { name: w.pseudonym })}
                      onClick={() => props.send({ type: 'turn_away', seatId: w.seatId })}
                    >
                      {app.t('turnAway')}
                    </button>
                  </span>
                </li>
              )}
            </For>
          </ul>
        </section>
      </Show>
    </>
  )
}
