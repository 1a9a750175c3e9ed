// Who is here: pseudonym and role, "(you)", and a Remove button for facilitators.
import { For, Show } from 'solid-js'
import { isModerator } from '../../../worker/protocol/common'
import type { Member } from '../../../worker/protocol/messages'
import { useApp } from '../app/store'

export function Roster(props: {
  members: Member[]
  selfId: string
  moderator: boolean
  onRemove: (seatId: string) => void
}) {
  const app = useApp()
  return (
    <section class="panel roster" aria-labelledby="roster-h">
      <h2 id="roster-h">{app.t('people')}</h2>
      <ul data-testid="roster">
        <For each={props.members}>
          {(m) => (
            <li data-testid="roster-member" data-role={m.role} classList={{ away: !m.online }}>
              <span class="who">
                <span class="name">{m.pseudonym}</span>{' '}
                <span class="role">{app.t(`role_${m.role}`)}</span>
                <Show when={m.seatId === props.selfId}> {app.t('you')}</Show>
                <Show when={!m.online}> {app.t('offline')}</Show>
              </span>
              <Show when={props.moderator && !isModerator(m.role) && m.seatId !== props.selfId}>
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
            </li>
          )}
        </For>
      </ul>
    </section>
  )
}
