// Create a session; its secret key is generated here and kept only on this device (IndexedDB).
import { createSignal, For, Show } from 'solid-js'
import { SESSION_KINDS, type SessionKind } from '../../../worker/protocol/roles'
import { LIMITS } from '../../../worker/protocol/limits'
import type { SessionSummary } from '../../../worker/protocol/http'
import { missingLanguage } from '../../../worker/protocol/bilingual'
import { createStore } from 'solid-js/store'
import { useApp } from '../app/store'
import type { Key } from '../i18n'
import { post } from './api'
import { newSessionKey, saveKey } from './keys'

/** A Date as the value of a datetime-local input, in local time. */
const localInput = (d: Date) => {
  const pad = (n: number) => String(n).padStart(2, '0')
  const day = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  return `${day}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

type TextField = 'agreementEn' | 'agreementFr' | 'noticeEn' | 'noticeFr'
/** The session's own texts, each language its own field (label, test id, hint shared by a pair). */
const TEXT_FIELDS: [TextField, Key, string, string][] = [
  ['agreementEn', 'orgAgreementEn', 'session-agreement-en', 'agreement-hint'],
  ['agreementFr', 'orgAgreementFr', 'session-agreement-fr', 'agreement-hint'],
  ['noticeEn', 'orgNoticeEn', 'session-notice-en', 'notice-hint'],
  ['noticeFr', 'orgNoticeFr', 'session-notice-fr', 'notice-hint'],
]

export function CreateSession(props: { onCreated: (s: SessionSummary) => void }) {
  const app = useApp()
  const now = new Date()
  const [kind, setKind] = createSignal<SessionKind>('group')
  const [title, setTitle] = createSignal('')
  // Both empty: the organization's agreement and notice, each shown in the reader's language.
  // Written here: in both languages, so nobody reads rules in a language she did not choose.
  const [texts, setTexts] = createStore({ agreementEn: '', agreementFr: '', noticeEn: '', noticeFr: '' })
  const [lobby, setLobby] = createSignal(true)
  const [minutes, setMinutes] = createSignal('30')
  const [opens, setOpens] = createSignal(localInput(now))
  const [closes, setCloses] = createSignal(localInput(new Date(now.getTime() + 2 * 3600_000)))
  const [error, setError] = createSignal('')
  /** Which language of which text is missing: said in the console's current language. */
  const [missing, setMissing] = createSignal<Key[]>([])
  const [busy, setBusy] = createSignal(false)

  const submit = async (e: Event) => {
    e.preventDefault()
    setError('')
    const agreement = { en: texts.agreementEn.trim(), fr: texts.agreementFr.trim() }
    // Blank (only spaces) means no notice for this session; empty, the organization's.
    const notice = { en: texts.noticeEn, fr: texts.noticeFr }
    const missing = (['agreement', 'notice'] as const).flatMap((field) => {
      const lang = missingLanguage(field === 'agreement' ? agreement : notice)
      return lang ? ([`missing_${field}_${lang}`] as const) : []
    })
    setMissing(missing)
    if (missing.length) return
    setBusy(true)
    try {
      const created = await post<SessionSummary>('/api/sessions', {
        kind: kind(),
        title: title(),
        agreement,
        notice,
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
        <For each={TEXT_FIELDS}>
          {([field, label, testid, hint]) => (
            <>
              <label for={testid}>{app.t(label)}</label>
              <textarea
                id={testid}
                data-testid={testid}
                rows={field.startsWith('agreement') ? 5 : 3}
                maxLength={LIMITS.agreementChars}
                aria-describedby={hint}
                value={texts[field]}
                onInput={(e) => setTexts(field, e.currentTarget.value)}
              />
              <Show when={field.endsWith('Fr')}>
                <p id={hint} class="muted">
                  {app.t(field.startsWith('agreement') ? 'agreementHint' : 'noticeHint')}
                </p>
              </Show>
            </>
          )}
        </For>
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
        <Show when={error() || missing().length}>
          <p role="alert" class="notice error">
            {error() || missing().map((key) => app.t(key)).join(' ')}
          </p>
        </Show>
      </form>
    </section>
  )
}
