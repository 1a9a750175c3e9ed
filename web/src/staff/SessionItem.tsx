// One session in the console: its live state (scheduled, open with who is present and waiting,
// ended), its links (made, listed by role with their state, revoked), and the way into its room.
import { createSignal, Show } from 'solid-js'
import { LIMITS } from '../../../worker/protocol/limits'
import type { SessionSummary } from '../../../worker/protocol/http'
import { useApp } from '../app/store'
import { post } from './api'
import type { HostSeat } from './Console'
import { keyFor, LinkMaker } from './LinkMaker'
import { LinkList } from './LinkList'
import { lazyView } from '../lib/lazy-view'

// Youth sessions: the child-protection checklist and the handout (loaded only for them).
const YouthChecklist = lazyView(() => import('./YouthChecklist'))

export type LiveState = 'scheduled' | 'open' | 'ended'

export const liveState = (s: SessionSummary): LiveState =>
  s.status === 'closed' || s.closesAt <= Date.now() ? 'ended' : s.live?.open ? 'open' : 'scheduled'

export function SessionItem(props: {
  session: SessionSummary
  /** The name survivors see for this staff member ('' until chosen). */
  sessionName: string
  onOpenRoom: (seat: HostSeat) => void
  onChanged: () => void
}) {
  const app = useApp()
  const [error, setError] = createSignal('')
  const [made, setMade] = createSignal(0)
  const id = () => props.session.id
  const state = () => liveState(props.session)
  const when = (ms: number) =>
    new Date(ms).toLocaleString(app.state.lang, { dateStyle: 'medium', timeStyle: 'short' })

  const openRoom = async () => {
    setError('')
    if (!props.sessionName.trim()) {
      setError(app.t('sessionNameNeeded'))
      document.getElementById('session-name')?.focus()
      return
    }
    try {
      const key = await keyFor(id())
      const r = await post<{ seat: string }>(`/api/sessions/${id()}/host`)
      props.onOpenRoom({
        sessionId: id(),
        seat: r.seat,
        key,
        pseudonym: props.sessionName.trim().slice(0, LIMITS.pseudonymChars),
        agreement: props.session.agreement,
        title: props.session.title,
        closesAt: props.session.closesAt,
      })
    } catch (err) {
      setError(app.errorText(err))
    }
  }

  return (
    <li
      class="panel session"
      data-testid="session-item"
      data-session-id={id()}
      data-state={state()}
    >
      <h3>{props.session.title}</h3>
      <p class="session-meta">
        <span class={`session-state state-${state()}`} data-testid="session-state">
          {app.t(`state_${state()}`)}
        </span>
        <Show when={state() === 'open' && props.session.live}>
          {(live) => (
            <span data-testid="session-counts">
              {' · '}
              {app.t('presentWaiting', { present: live().present, waiting: live().waiting })}
            </span>
          )}
        </Show>
        <span class="muted">
          {' · '}
          {app.t(`kind_${props.session.kind}`)} · {when(props.session.opensAt)} –{' '}
          {when(props.session.closesAt)}
        </span>
      </p>
      <Show when={state() !== 'ended'}>
        <LinkMaker
          sessionId={id()}
          onMade={() => {
            setMade((n) => n + 1)
            props.onChanged()
          }}
        >
          <button type="button" class="primary" data-testid="open-room" onClick={openRoom}>
            {app.t('openRoom')}
          </button>
        </LinkMaker>
      </Show>
      <Show when={error()}>
        <p role="alert" class="notice error" data-testid="session-error">
          {error()}
        </p>
      </Show>
      <LinkList
        sessionId={id()}
        ended={state() === 'ended'}
        version={`${made()}:${props.session.live?.present}:${props.session.live?.waiting}:${state()}`}
      />
      <Show when={props.session.kind === 'youth'}>
        <YouthChecklist />
      </Show>
    </li>
  )
}
