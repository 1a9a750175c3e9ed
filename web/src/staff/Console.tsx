// The signed-in console: today's and upcoming sessions first, each with its live state (polled while
// the page is open), then a new session; the organization's settings one step away, for admins.
import { createSignal, For, onCleanup, Show } from 'solid-js'
import { createLoad } from '../lib/load'
import { createStore, reconcile } from 'solid-js/store'
import type { Me, SessionSummary } from '../../../worker/protocol/http'
import { useApp } from '../app/store'
import { api } from '../lib/api'
import { CreateSession } from './CreateSession'
import { SessionItem } from './SessionItem'
import { StaffInvite } from './StaffInvite'
import { OrgSettings } from './OrgSettings'
import { SessionName } from './SessionName'
import './console.css'

export type HostSeat = {
  sessionId: string
  seat: string
  key: string
  pseudonym: string
  /** The session's own agreement ('' for the organization's), for naming a broken rule. */
  agreement?: string
  /** The session's staff title and closing time, shown in the room's staff bar. */
  title?: string
  closesAt?: number
}

/** How often the console asks for each session's live state while it is open. */
const LIVE_POLL_MS = 5_000

const startOfToday = () => {
  const d = new Date()
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}

export function Console(props: {
  me: Me
  onOpenRoom: (seat: HostSeat) => void
  onMe: (me: Me) => void
}) {
  const app = useApp()
  const [view, setView] = createSignal<'sessions' | 'org'>('sessions')
  const [showPast, setShowPast] = createSignal(false)
  // Reconciled by id, so a refresh updates each session in place (its forms and new links stay).
  const [list, setList] = createStore<SessionSummary[]>([])
  const sessions = createLoad(() =>
    api<{ sessions: SessionSummary[] }>('/api/sessions').then((r) => {
      setList(reconcile(r.sessions, { key: 'id' }))
      return true
    }),
  )
  const poll = setInterval(() => {
    if (document.visibilityState === 'visible' && view() === 'sessions') void sessions.refetch()
  }, LIVE_POLL_MS)
  onCleanup(() => clearInterval(poll))
  const ended = (s: SessionSummary) => s.status === 'closed' || s.closesAt <= Date.now()
  /** Today's and later, soonest first; an ended session of today stays with them. */
  const upcoming = () =>
    list
      .filter((s) => s.closesAt >= startOfToday() && !(ended(s) && s.opensAt < startOfToday()))
      .sort((a, b) => a.opensAt - b.opensAt)
  const past = () => list.filter((s) => !upcoming().includes(s))

  const item = (s: SessionSummary) => (
    <SessionItem
      session={s}
      sessionName={props.me.sessionName}
      onOpenRoom={props.onOpenRoom}
      onChanged={() => void sessions.refetch()}
    />
  )

  return (
    <main class="page console">
      <h1>{app.t('staffTitle')}</h1>
      <Show when={props.me.isAdmin}>
        <nav class="console-nav" aria-label={app.t('consoleNav')}>
          <button
            type="button"
            data-testid="nav-sessions"
            aria-current={view() === 'sessions' ? 'page' : undefined}
            onClick={() => setView('sessions')}
          >
            {app.t('navSessions')}
          </button>
          <button
            type="button"
            data-testid="nav-org"
            aria-current={view() === 'org' ? 'page' : undefined}
            onClick={() => setView('org')}
          >
            {app.t('navOrg')}
          </button>
        </nav>
      </Show>
      <Show
        when={view() === 'sessions'}
        fallback={
          <>
            <StaffInvite />
            <OrgSettings />
          </>
        }
      >
        <section class="panel" aria-labelledby="sessions-h" data-testid="sessions-panel">
          <h2 id="sessions-h">{app.t('upcoming')}</h2>
          <Show when={sessions.error}>
            <p role="alert" class="notice error">
              {app.errorText(sessions.error)}
            </p>
          </Show>
          <Show when={sessions() && upcoming().length === 0}>
            <p class="muted" data-testid="no-upcoming">
              {app.t('noUpcoming')}
            </p>
          </Show>
          <ul class="sessions">
            <For each={upcoming()}>{item}</For>
          </ul>
          <Show when={past().length}>
            <button
              type="button"
              class="link-like"
              data-testid="show-past"
              aria-expanded={showPast()}
              onClick={() => setShowPast((p) => !p)}
            >
              {app.t('pastSessions', { n: past().length })}
            </button>
            <Show when={showPast()}>
              <ul class="sessions past">
                <For each={past()}>{item}</For>
              </ul>
            </Show>
          </Show>
        </section>
        <CreateSession onCreated={() => void sessions.refetch()} />
        <SessionName me={props.me} onSaved={props.onMe} />
      </Show>
    </main>
  )
}
