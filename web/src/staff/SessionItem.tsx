// One session in the console: make one-time links (with the key in the fragment), open the room.
import { createSignal, For, lazy, Show, Suspense } from 'solid-js'
import { INVITE_ROLES, type InviteRole } from '../../../worker/protocol/common'
import { LIMITS } from '../../../worker/protocol/limits'
import type { SessionSummary } from '../../../worker/protocol/http'
import { useApp } from '../app/store'
import { ApiError } from '../lib/api'
import { post } from './api'
import { loadKey } from './keys'
import { CopyField } from './CopyField'
import { LINK_MESSAGE } from '../i18n/link-message'
import type { HostSeat } from './Console'

// Youth sessions: the child-protection checklist and the handout (loaded only for them).
const YouthChecklist = lazy(() => import('./YouthChecklist'))

async function keyFor(sessionId: string): Promise<string> {
  const key = await loadKey(sessionId).catch(() => undefined)
  if (!key) throw new ApiError('no_key', '')
  return key
}

export function SessionItem(props: {
  session: SessionSummary
  hostName: string
  onOpenRoom: (seat: HostSeat) => void
}) {
  const app = useApp()
  const [role, setRole] = createSignal<InviteRole>('participant')
  const [count, setCount] = createSignal('1')
  const [codeWord, setCodeWord] = createSignal(false)
  const [links, setLinks] = createSignal<string[]>([])
  const [error, setError] = createSignal('')
  const id = () => props.session.id
  const when = (ms: number) =>
    new Date(ms).toLocaleString(app.state.lang, { dateStyle: 'medium', timeStyle: 'short' })

  const guard = async (run: () => Promise<void>) => {
    setError('')
    try {
      await run()
    } catch (err) {
      setError(app.errorText(err))
    }
  }

  const createLinks = () =>
    guard(async () => {
      const key = await keyFor(id())
      const r = await post<{ tokens: string[] }>(`/api/sessions/${id()}/invites`, {
        role: role(),
        requiresCodeWord: codeWord(),
        count: Math.max(1, Math.min(LIMITS.linksPerRequest, Math.floor(Number(count())) || 1)),
      })
      setLinks(r.tokens.map((t) => `${location.origin}/j#${t}.${key}`))
    })

  const openRoom = () =>
    guard(async () => {
      const key = await keyFor(id())
      const r = await post<{ seat: string }>(`/api/sessions/${id()}/host`)
      props.onOpenRoom({
        sessionId: id(),
        seat: r.seat,
        key,
        pseudonym: props.hostName.trim().slice(0, LIMITS.pseudonymChars),
        agreement: props.session.agreement,
      })
    })

  const closed = () => props.session.status === 'closed' || props.session.closesAt <= Date.now()

  return (
    <li class="panel session" data-testid="session-item" data-session-id={id()}>
      <h3>{props.session.title}</h3>
      <p class="muted">
        {app.t(`kind_${props.session.kind}`)} · {when(props.session.opensAt)} –{' '}
        {when(props.session.closesAt)} · {app.t(closed() ? 'status_closed' : 'status_scheduled')}
      </p>
      <Show when={!closed()}>
        <div class="row">
          <div>
            <label for={`role-${id()}`}>{app.t('role')}</label>
            <select
              id={`role-${id()}`}
              data-testid="invite-role"
              value={role()}
              onChange={(e) => setRole(e.currentTarget.value as InviteRole)}
            >
              <For each={INVITE_ROLES}>
                {(r) => <option value={r}>{app.t(`role_${r}`)}</option>}
              </For>
            </select>
          </div>
          <div>
            <label for={`count-${id()}`}>{app.t('count')}</label>
            <input
              id={`count-${id()}`}
              data-testid="invite-count"
              type="number"
              min="1"
              max={LIMITS.linksPerRequest}
              value={count()}
              onInput={(e) => setCount(e.currentTarget.value)}
            />
          </div>
        </div>
        <div class="check">
          <input
            id={`code-word-${id()}`}
            type="checkbox"
            data-testid="invite-code-word"
            checked={codeWord()}
            onChange={(e) => setCodeWord(e.currentTarget.checked)}
          />
          <label for={`code-word-${id()}`}>{app.t('inviteCodeWord')}</label>
        </div>
        <div class="actions">
          <button type="button" data-testid="invite-create" onClick={createLinks}>
            {app.t('createLinks')}
          </button>
          <button type="button" class="primary" data-testid="open-room" onClick={openRoom}>
            {app.t('openRoom')}
          </button>
        </div>
        <Show when={links().length}>
          <p class="muted">{app.t('linksNote')}</p>
          <For each={links()}>
            {(link, i) => (
              <CopyField value={link} label={`${app.t('link')} ${i() + 1}`} testid="invite-link" />
            )}
          </For>
          <p class="muted">{app.t('linkMessage')}</p>
          <CopyField value={LINK_MESSAGE} label={app.t('linkMessage')} testid="link-message" />
        </Show>
      </Show>
      <Show when={error()}>
        <p role="alert" class="notice error">
          {error()}
        </p>
      </Show>
      <Show when={props.session.kind === 'youth'}>
        <Suspense>
          <YouthChecklist />
        </Suspense>
      </Show>
    </li>
  )
}
