// A session's links, grouped by role, each labelled and shown with its state (unused, used,
// revoked, expired) and, while unused, a Revoke button. Never who used a link: nothing says.
import { createEffect, createSignal, For, on, onCleanup, Show } from 'solid-js'
import { createLoad } from '../lib/load'
import { INVITE_ROLES } from '../../../worker/protocol/roles'
import type { InviteSummary } from '../../../worker/protocol/http'
import { useApp } from '../app/store'
import { api } from '../lib/api'
import { post } from './api'
import { capital } from './copy'

const LINKS_POLL_MS = 5_000

export function LinkList(props: {
  sessionId: string
  /** Changes whenever the list may have changed (a link made, someone joined). */
  version: string
  /** The session has ended: its links will not change any more. */
  ended: boolean
}) {
  const app = useApp()
  const [error, setError] = createSignal('')
  const links = createLoad(() =>
    api<{ invites: InviteSummary[] }>(`/api/sessions/${props.sessionId}/invites`).then(
      (r) => r.invites,
    ),
  )
  createEffect(
    on(
      () => props.version,
      () => void links.refetch(),
      { defer: true },
    ),
  )
  // A link is spent when its page opens, before anyone joins: asked again while the console is seen.
  const poll = setInterval(() => {
    if (document.visibilityState === 'visible' && !props.ended) void links.refetch()
  }, LINKS_POLL_MS)
  onCleanup(() => clearInterval(poll))
  const label = (l: InviteSummary) =>
    capital(app.t('linkLabel', { role: app.t(`role_${l.role}`), n: l.number }))
  const revoke = async (l: InviteSummary) => {
    setError('')
    try {
      await post(`/api/sessions/${props.sessionId}/invites/${l.id}/revoke`)
    } catch (err) {
      setError(app.errorText(err))
    }
    await links.refetch()
  }
  const groups = () =>
    INVITE_ROLES.map((role) => ({
      role,
      items: (links() ?? []).filter((l) => l.role === role),
    })).filter((g) => g.items.length)

  return (
    <div class="link-list" data-testid="link-list">
      <h4>{app.t('linksTitle')}</h4>
      <p class="muted">{app.t('linksPrivacy')}</p>
      <Show when={links()?.length === 0}>
        <p class="muted">{app.t('linksNone')}</p>
      </Show>
      <For each={groups()}>
        {(g) => (
          <div class="link-group" data-testid="link-group" data-role={g.role}>
            <h5>{app.t(`roleGroup_${g.role}`)}</h5>
            <ul>
              <For each={g.items}>
                {(l) => (
                  <li data-testid="link-row" data-state={l.state}>
                    <span class="link-label">{label(l)}</span>
                    <span class={`link-state state-${l.state}`} data-testid="link-state">
                      {app.t(`linkState_${l.state}`)}
                    </span>
                    <Show when={l.requiresCodeWord}>
                      <span class="muted">· {app.t('linkCodeWord')}</span>
                    </Show>
                    <Show when={l.state === 'unused'}>
                      <button
                        type="button"
                        class="small"
                        data-testid="link-revoke"
                        aria-label={app.t('revokeLabel', { label: label(l) })}
                        onClick={() => revoke(l)}
                      >
                        {app.t('revoke')}
                      </button>
                    </Show>
                  </li>
                )}
              </For>
            </ul>
          </div>
        )}
      </For>
      <Show when={error() || links.error}>
        <p role="alert" class="notice error">
          {error() || app.errorText(links.error)}
        </p>
      </Show>
    </div>
  )
}
