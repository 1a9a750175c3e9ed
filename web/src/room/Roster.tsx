// Who is here: pseudonym and role, "(you)"; for facilitators, Remove and the media moderation
// buttons (mute, camera off, stop publishing, spotlight).
import { For, Show } from 'solid-js'
import { isModerator } from '../../../worker/protocol/common'
import type { ClientMessage, Member } from '../../../worker/protocol/messages'
import { useApp } from '../app/store'
import type { Key } from '../i18n'

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
}) {
  const app = useApp()
  return (
    <section class="panel roster" aria-labelledby="roster-h">
      <h2 id="roster-h">{app.t('people')}</h2>
      <ul data-testid="roster">
        <For each={props.members}>
          {(m) => {
            const target = () =>
              props.moderator && !isModerator(m.role) && m.seatId !== props.selfId
            const button = (testid: string, label: Key, text: Key, msg: ClientMessage) => (
              <button
                type="button"
                class="small"
                data-testid={testid}
                aria-label={app.t(label, { name: m.pseudonym })}
                onClick={() => props.onModerate(msg)}
              >
                {app.t(text)}
              </button>
            )
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
                  <Show when={props.moderator && props.media && onMedia(m)}>
                    <button
                      type="button"
                      class="small"
                      data-testid="spotlight-member"
                      aria-label={app.t('spotlightLabel', { name: m.pseudonym })}
                      aria-pressed={props.spotlight === m.seatId}
                      onClick={() =>
                        props.onModerate({
                          type: 'spotlight',
                          seatId: props.spotlight === m.seatId ? null : m.seatId,
                        })
                      }
                    >
                      {app.t('spotlight')}
                    </button>
                  </Show>
                  <Show when={target() && props.media && onMedia(m)}>
                    {button('mute-mic', 'muteMicLabel', 'muteMic', {
                      type: 'mute',
                      seatId: m.seatId,
                      source: 'microphone',
                    })}
                    {button('camera-off', 'cameraOffLabel', 'cameraOff', {
                      type: 'mute',
                      seatId: m.seatId,
                      source: 'camera',
                    })}
                    {button('stop-publishing', 'stopPublishingLabel', 'stopPublishing', {
                      type: 'stop_publishing',
                      seatId: m.seatId,
                    })}
                  </Show>
                  <Show when={target()}>
                    <button
                      type="button"
                      class="small"
                      data-testid="remove-member"
                      aria-label={app.t('removeLabel', { name: m.pseudonym })}
                      onClick={() => props.onRemove(m.seatId)}
                    >
                      {app.t('remove')}
                    </button>
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
