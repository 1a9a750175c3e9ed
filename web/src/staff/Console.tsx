// The signed-in console: create a session, list sessions, invite staff (admins).
import { createResource, For, Show } from 'solid-js'
import type { Me, SessionSummary } from '../../../worker/protocol/http'
import { useApp } from '../app/store'
import { api } from '../lib/api'
import { CreateSession } from './CreateSession'
import { SessionItem } from './SessionItem'
import { StaffInvite } from './StaffInvite'
import { OrgSettings } from './OrgSettings'

export type HostSeat = {
  sessionId: string
  seat: string
  key: string
  pseudonym: string
  /** The session's own agreement ('' for the organization's), for naming a broken rule. */
  agreement?: string
}

export function Console(props: { me: Me; onOpenRoom: (seat: HostSeat) => void }) {
  const app = useApp()
  const [sessions, { refetch }] = createResource(() =>
    api<{ sessions: SessionSummary[] }>('/api/sessions').then((r) => r.sessions),
  )
  return (
    <main class="page">
      <h1>{app.t('staffTitle')}</h1>
      <Show when={props.me.isAdmin}>
        <StaffInvite />
        <OrgSettings />
      </Show>
      <CreateSession onCreated={() => void refetch()} />
      <section class="panel" aria-labelledby="sessions-h">
        <h2 id="sessions-h">{app.t('sessions')}</h2>
        <Show when={sessions.error}>
          <p role="alert" class="notice error">
            {app.errorText(sessions.error)}
          </p>
        </Show>
        <Show when={sessions()?.length === 0}>
          <p class="muted">{app.t('noSessions')}</p>
        </Show>
        <ul class="sessions">
          <For each={sessions.latest ?? []}>
            {(s) => (
              <SessionItem
                session={s}
                hostName={props.me.displayName}
                onOpenRoom={props.onOpenRoom}
              />
            )}
          </For>
        </ul>
      </section>
    </main>
  )
}
