// Create a session; its secret key is generated here and kept only on this device (IndexedDB).
import { createSignal, For, Show } from 'solid-js'
import { SESSION_KINDS, type SessionKind } from '../../../worker/protocol/common'
import { LIMITS } from '../../../worker/protocol/limits'
import type { SessionSummary } from '../../../worker/protocol/http'
import { useApp } from '../app/store'
import { post } from './api'
import { newSessionKey, saveKey } from './keys'

/** A Date as the value of a datetime-local input, in local time. */
const localInput = (d: Date) => {
  const pad = (n: number) => String(n).padStart(2, '0')
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  return `${day}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

export function CreateSession(props: { onCreated: (s: SessionSummary) => void }) {
  const app = useApp()
  const now = new Date()
  const [kind, setKind] = createSignal<SessionKind>('group')
  const [title, setTitle] = createSignal('')
  // Empty: the organization's agreement and notice, each shown in the reader's language.
  const [agreement, setAgreement] = createSignal('')
  const [notice, setNotice] = createSignal('')
  const [lobby, setLobby] = createSignal(true)
  const [minutes, setMinutes] = createSignal('30')
  const [opens, setOpens] = createSignal(localInput(now))
  const [closes, setCloses] = createSignal(localInput(new Date(now.getTime() + 2 * 3600_000)))
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)

  const submit = async (e: Event) => {
    e.preventDefault()
    setError('')
    setBusy(true)
    try {
      const created = await post<SessionSummary>('/api/sessions', {
        kind: kind(),
        title: title(),
        agreement: agreement().trim(),
        // Blank (only spaces) means no notice for this session; empty, the organization's.
        notice: notice(),
        lobby: lobby(),
        // A short chat link is valid for minutes from now; other sessions have a window.
        ...(kind() === 'chat'
          ? { durationMinutes: Math.round(Number(minutes())) }
          : { opensAt: new Date(opens()).getTime(), closesAt: new Date(closes()).getTime() }),
      })
      await saveKey(created.id, newSessionKey())
      setTitle('')
      props.onCreated(created)
    } catch (err) {
      setError(app.errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="panel" aria-labelledby="new-h">
      <h2 id="new-h">{app.t('newSession')}</h2>
      <form class="form" data-testid="create-session-form" onSubmit={submit}>
        <label for="session-kind">{app.t('kind')}</label>
        <select
          id="session-kind"
          data-testid="session-kind"
          value={kind()}
          onChange={(e) => setKind(e.currentTarget.value as SessionKind)}
        >
          <For each={SESSION_KINDS}>{(k) => <option value={k}>{app.t(`kind_${k}`)}</option>}</For>
        </select>
        <label for="session-title">{app.t('title')}</label>
        <input
          id="session-title"
          data-testid="session-title"
          required
          maxLength={LIMITS.titleChars}
          value={title()}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
        <label for="session-agreement">{app.t('agreement')}</label>
        <textarea
          id="session-agreement"
          data-testid="session-agreement"
          rows="6"
          maxLength={LIMITS.agreementChars}
          aria-describedby="agreement-hint"
          value={agreement()}
          onInput={(e) => setAgreement(e.currentTarget.value)}
        />
        <p id="agreement-hint" class="muted">
          {app.t('agreementHint')}
        </p>
        <label for="session-notice">{app.t('noticeField')}</label>
        <textarea
          id="session-notice"
          data-testid="session-notice"
          rows="3"
          maxLength={LIMITS.agreementChars}
          aria-describedby="notice-hint"
          value={notice()}
          onInput={(e) => setNotice(e.currentTarget.value)}
        />
        <p id="notice-hint" class="muted">
          {app.t('noticeHint')}
        </p>
        <div class="check">
          <input
            id="session-lobby"
            type="checkbox"
            data-testid="session-lobby"
            aria-describedby="lobby-hint"
            checked={lobby()}
            onChange={(e) => setLobby(e.currentTarget.checked)}
          />
          <label for="session-lobby">{app.t('lobbyField')}</label>
        </div>
        <p id="lobby-hint" class="muted">
          {app.t('lobbyHint')}
        </p>
        <Show when={kind() === 'chat'}>
          <label for="chat-duration">{app.t('chatDuration')}</label>
          <input
            id="chat-duration"
            data-testid="chat-duration"
            type="number"
            min="5"
            max="240"
            required
            value={minutes()}
            onInput={(e) => setMinutes(e.currentTarget.value)}
          />
        </Show>
        <Show when={kind() !== 'chat'}>
          <div class="row">
            <div>
              <label for="session-opens">{app.t('opensAt')}</label>
              <input
                id="session-opens"
                data-testid="session-opens"
                type="datetime-local"
                required
                value={opens()}
                onInput={(e) => setOpens(e.currentTarget.value)}
              />
            </div>
            <div>
              <label for="session-closes">{app.t('closesAt')}</label>
              <input
                id="session-closes"
                data-testid="session-closes"
                type="datetime-local"
                required
                value={closes()}
                onInput={(e) => setCloses(e.currentTarget.value)}
              />
            </div>
          </div>
        </Show>
        <button type="submit" class="primary" data-testid="session-create" disabled={busy()}>
          {app.t('createSession')}
        </button>
        <Show when={error()}>
          <p role="alert" class="notice error">
            {error()}
          </p>
        </Show>
      </form>
    </section>
  )
}
