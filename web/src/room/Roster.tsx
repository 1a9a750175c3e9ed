// Who is here: pseudonym and role, "(you)"; for facilitators, Remove and the media moderation
// buttons (mute, camera off, stop publishing, spotlight) in ./MemberControls, loaded for them only.
import { For, Show, type JSX } from 'solid-js'
import type { ClientMessage, Member } from '../../../worker/protocol/messages'
import { useApp } from '../app/store'
import { lazyView } from '../lib/lazy-view'

// Facilitators only: loaded for them, never on a survivor's text-only path.
const MemberControls = lazyView(() => import('./MemberControls'))

/** Whether a member may be sending video or audio: interpreters always can. */
export const onMedia = (m: Member) =>
  m.role !== 'observer' && (m.mode !== 'text' || m.role === 'interpreter')

export function Roster(props: {
  members: Member[]
  selfId: string
  moderator: boolean
  /** LiveKit is configured: media moderation buttons are offered. */
  media: boolean
  spotlight: string | null
  onRemove: (seatId: string) => void
  onModerate: (msg: ClientMessage) => void
  /** More controls for one member (a youth's camera permission). */
  extra?: (m: Member) => JSX.Element
}) {
  const app = useApp()
  return (
    <section class="panel roster" aria-labelledby="roster-h">
      <h2 id="roster-h">{app.t('people')}</h2>
      <ul data-testid="roster">
        <For each={props.members}>
          {(m) => {
            return (
              <li data-testid="roster-member" data-role={m.role} classList={{ away: !m.online }}>
                <span class="who">
                  <span class="name">{m.pseudonym}</span>{' '}
                  <span class="role">{app.t(`role_${m.role}`)}</span>
                  <Show when={m.hand}>
                    {' '}
                    <span class="hand" data-testid="hand-raised">
                      <span aria-hidden="true">✋</span>
                      <span class="sr-only">{app.t('handRaised')}</span>
                    </span>
                  </Show>
                  <Show when={m.seatId === props.selfId}> {app.t('you')}</Show>
                  <Show when={!m.online}> {app.t('offline')}</Show>
                </span>
                <span class="mod">
                  {props.extra?.(m)}
                  <Show when={props.moderator}>
                    <MemberControls
                      member={m}
                      selfId={props.selfId}
                      media={props.media}
                      spotlight={props.spotlight}
                      onRemove={props.onRemove}
                      onModerate={props.onModerate}
                    />
                  </Show>
                </span>
              </li>
            )
          }}
        </For>
      </ul>
    </section>
  )
}
