// Making one-time links (the session key goes in the fragment): role, how many, code word; the new
// links are shown once, each labelled as the list labels it, with the text to send one copy away.
// Used in the console and, for someone late, in the room.
import { createSignal, createUniqueId, For, Show } from 'solid-js'
import { INVITE_ROLES, type InviteRole } from '../../../worker/protocol/roles'
import { LIMITS } from '../../../worker/protocol/limits'
import { useApp } from '../app/store'
import type { Lang } from '../i18n'
import { ApiError } from '../lib/api'
import { post } from './api'
import { loadKey } from './keys'
import { capital, copyText } from './copy'
import { linkMessage } from '../i18n/link-message'

export async function keyFor(sessionId: string): Promise<string> {
  const key = await loadKey(sessionId).catch(() => undefined)
  if (!key) throw new ApiError('no_key', '')
  return key
}

type NewLink = { url: string; label: string }

export function LinkMaker(props: {
  sessionId: string
  /** Known already (the room has it): no need to read it from this device's storage. */
  sessionKey?: string
  onMade?: () => void
  /** Extra buttons beside "Create links" (the console's "Open room"). */
  children?: unknown
}) {
  const app = useApp()
  const uid = createUniqueId()
  const [role, setRole] = createSignal<InviteRole>('participant')
  const [count, setCount] = createSignal('1')
  const [codeWord, setCodeWord] = createSignal(false)
  const [links, setLinks] = createSignal<NewLink[]>([])
  const [error, setError] = createSignal('')

  const create = async () => {
    setError('')
    try {
      const key = props.sessionKey ?? (await keyFor(props.sessionId))
      const r = await post<{ tokens: string[]; numbers: number[] }>(
        `/api/sessions/${props.sessionId}/invites`,
        {
          role: role(),
          requiresCodeWord: codeWord(),
          count: Math.max(1, Math.min(LIMITS.linksPerRequest, Math.floor(Number(count())) || 1)),
        },
      )
      const roleName = app.t(`role_${role()}`)
      setLinks(
        r.tokens.map((t, i) => ({
          url: `${location.origin}/j#${t}.${key}`,
          label: capital(app.t('linkLabel', { role: roleName, n: r.numbers[i] ?? i + 1 })),
        })),
      )
      props.onMade?.()
    } catch (err) {
      setError(app.errorText(err))
    }
  }

  return (
    <div class="link-maker">
      <div class="row">
        <div>
          <label for={`role-${uid}`}>{app.t('role')}</label>
          <select
            id={`role-${uid}`}
            data-testid="invite-role"
            value={role()}
            onChange={(e) => setRole(e.currentTarget.value as InviteRole)}
          >
            <For each={INVITE_ROLES}>{(r) => <option value={r}>{app.t(`role_${r}`)}</option>}</For>
          </select>
        </div>
        <div>
          <label for={`count-${uid}`}>{app.t('count')}</label>
          <input
            id={`count-${uid}`}
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
          id={`code-word-${uid}`}
          type="checkbox"
          data-testid="invite-code-word"
          checked={codeWord()}
          onChange={(e) => setCodeWord(e.currentTarget.checked)}
        />
        <label for={`code-word-${uid}`}>{app.t('inviteCodeWord')}</label>
      </div>
      <Show when={codeWord()}>
        <p class="muted" data-testid="invite-code-word-lobby">
          {app.t('inviteCodeWordLobby')}
        </p>
      </Show>
      <Show when={role() === 'cofacilitator'}>
        <p class="muted" data-testid="invite-cofacilitator-lobby">
          {app.t('inviteCoFacilitatorLobby')}
        </p>
      </Show>
      <div class="actions">
        <button type="button" data-testid="invite-create" onClick={create}>
          {app.t('createLinks')}
        </button>
        {props.children as never}
      </div>
      <Show when={error()}>
        <p role="alert" class="notice error">
          {error()}
        </p>
      </Show>
      <Show when={links().length}>
        <div class="new-links" data-testid="new-links">
          <p class="muted">
            {app.t('newLinksTitle')} {app.t('linksNote')}
          </p>
          <For each={links()}>{(link) => <NewLinkRow link={link} />}</For>
        </div>
      </Show>
    </div>
  )
}

function NewLinkRow(props: { link: NewLink }) {
  const app = useApp()
  const id = createUniqueId()
  const [copied, setCopied] = createSignal('')
  let input: HTMLInputElement | undefined
  const copy = async (what: 'link' | Lang) => {
    const text = what === 'link' ? props.link.url : `${linkMessage[what]} ${props.link.url}`
    await copyText(text, input)
    setCopied(what)
    setTimeout(() => setCopied(''), 2000)
  }
  const copyButton = (what: 'link' | Lang) => (
    <button
      type="button"
      class="small"
      data-testid={what === 'link' ? 'copy-link' : `copy-with-message-${what}`}
      aria-label={
        copied() === what
          ? app.t('copiedLabel', { label: props.link.label })
          : what === 'link'
            ? app.t('copyLabel', { label: props.link.label })
            : `${app.t(`copyWithMessage_${what}`)}: ${props.link.label}`
      }
      onClick={() => copy(what)}
    >
      {copied() === what
        ? app.t('copied')
        : what === 'link'
          ? app.t('copy')
          : app.t(`copyWithMessage_${what}`)}
    </button>
  )
  return (
    <div class="new-link" data-testid="new-link">
      <label for={id}>{props.link.label}</label>
      <div class="copy">
        <input
          id={id}
          ref={input}
          readOnly
          value={props.link.url}
          data-testid="invite-link"
          onFocus={(e) => e.currentTarget.select()}
        />
        {copyButton('link')}
      </div>
      <div class="actions copy-message">
        {copyButton('en')}
        {copyButton('fr')}
      </div>
      <p class="sr-only" role="status">
        {copied() ? app.t('copied') : ''}
      </p>
    </div>
  )
}
