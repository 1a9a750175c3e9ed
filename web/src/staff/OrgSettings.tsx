// Admins only: the organization's defaults — agreement and opening notice in both languages,
// quick-exit destination, grace, group size, other ways to get help, retention.
import { createSignal, For, Show } from 'solid-js'
import { createLoad } from '../lib/load'
import { createStore, unwrap } from 'solid-js/store'
import { LIMITS } from '../../../worker/protocol/limits'
import type { OrgSettings as Settings } from '../../../worker/protocol/http'
import { useApp } from '../app/store'
import type { Key } from '../i18n'
import { api } from '../lib/api'
import { put } from './api'

type TextField =
  'agreementEn' | 'agreementFr' | 'noticeEn' | 'noticeFr' | 'availableAgainEn' | 'availableAgainFr'
type NumberField = 'graceSeconds' | 'maxGroupSize' | 'retentionDays'

const TEXTS: [TextField, Key, string][] = [
  ['agreementEn', 'orgAgreementEn', 'org-agreement-en'],
  ['agreementFr', 'orgAgreementFr', 'org-agreement-fr'],
  ['noticeEn', 'orgNoticeEn', 'org-notice-en'],
  ['noticeFr', 'orgNoticeFr', 'org-notice-fr'],
  ['availableAgainEn', 'orgAvailableAgainEn', 'org-available-again-en'],
  ['availableAgainFr', 'orgAvailableAgainFr', 'org-available-again-fr'],
]
const NUMBERS: [NumberField, Key, string, number, number][] = [
  ['graceSeconds', 'orgGrace', 'org-grace', 5, 300],
  ['maxGroupSize', 'orgMaxGroup', 'org-max-group', 2, 100],
  ['retentionDays', 'orgRetention', 'org-retention', 1, 365],
]

export function OrgSettings() {
  const app = useApp()
  const [form, setForm] = createStore<Partial<Settings>>({})
  const loaded = createLoad(async () => {
    const s = await api<Settings>('/api/org/settings')
    setForm(s)
    return true
  })
  const [error, setError] = createSignal('')
  const [saved, setSaved] = createSignal(false)
  const [busy, setBusy] = createSignal(false)
  const contacts = () => form.helpContacts ?? []

  const save = async (e: Event) => {
    e.preventDefault()
    setError('')
    setSaved(false)
    setBusy(true)
    try {
      setForm(await put<Settings>('/api/org/settings', unwrap(form)))
      setSaved(true)
    } catch (err) {
      setError(app.errorText(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section class="panel" aria-labelledby="org-h" data-testid="org-settings">
      <h2 id="org-h">{app.t('orgTitle')}</h2>
      <Show when={loaded.error}>
        <p role="alert" class="notice error">
          {app.errorText(loaded.error)}
        </p>
      </Show>
      <Show when={loaded()}>
        <form class="form" onSubmit={save} novalidate>
          <For each={TEXTS}>
            {([field, label, testid]) => (
              <>
                <label for={testid}>{app.t(label)}</label>
                <textarea
                  id={testid}
                  data-testid={testid}
                  rows={field.startsWith('agreement') ? 6 : field.startsWith('notice') ? 3 : 2}
                  maxLength={LIMITS.agreementChars}
                  value={form[field] ?? ''}
                  onInput={(e) => setForm(field, e.currentTarget.value)}
                />
              </>
            )}
          </For>
          <label for="org-quick-exit">{app.t('orgQuickExit')}</label>
          <input
            id="org-quick-exit"
            data-testid="org-quick-exit"
            type="url"
            value={form.quickExitUrl ?? ''}
            onInput={(e) => setForm('quickExitUrl', e.currentTarget.value)}
          />
          <div class="row">
            <For each={NUMBERS}>
              {([field, label, testid, min, max]) => (
                <div>
                  <label for={testid}>{app.t(label)}</label>
                  <input
                    id={testid}
                    data-testid={testid}
                    type="number"
                    min={min}
                    max={max}
                    value={form[field] ?? ''}
                    onInput={(e) => setForm(field, e.currentTarget.valueAsNumber)}
                  />
                </div>
              )}
            </For>
          </div>
          <fieldset>
            <legend>{app.t('orgHelp')}</legend>
            <p class="muted">{app.t('orgHelpHint')}</p>
            <For each={contacts()}>
              {(c, i) => (
                <div class="row contact" data-testid="help-contact-row">
                  <div>
                    <label for={`help-label-${i()}`}>{app.t('helpLabel')}</label>
                    <input
                      id={`help-label-${i()}`}
                      data-testid="help-contact-label"
                      maxLength={80}
                      value={c.label}
                      onInput={(e) => setForm('helpContacts', i(), 'label', e.currentTarget.value)}
                    />
                  </div>
                  <div>
                    <label for={`help-value-${i()}`}>{app.t('helpValue')}</label>
                    <input
                      id={`help-value-${i()}`}
                      data-testid="help-contact-value"
                      maxLength={120}
                      value={c.value}
                      onInput={(e) => setForm('helpContacts', i(), 'value', e.currentTarget.value)}
                    />
                  </div>
                  <button
                    type="button"
                    class="small"
                    data-testid="help-contact-remove"
                    aria-label={app.t('helpRemoveLabel', { n: i() + 1 })}
                    onClick={() =>
                      setForm('helpContacts', (l = []) => l.filter((_, j) => j !== i()))
                    }
                  >
                    {app.t('remove')}
                  </button>
                </div>
              )}
            </For>
            <Show when={contacts().length < 8}>
              <button
                type="button"
                data-testid="help-contact-add"
                onClick={() =>
                  setForm('helpContacts', (l = []) => [...l, { label: '', value: '' }])
                }
              >
                {app.t('helpAdd')}
              </button>
            </Show>
          </fieldset>
          <button type="submit" class="primary" data-testid="org-save" disabled={busy()}>
            {app.t('orgSave')}
          </button>
          <p role="status" data-testid="org-saved">
            {saved() ? app.t('orgSaved') : ''}
          </p>
          <Show when={error()}>
            <p role="alert" class="notice error" data-testid="org-error">
              {error()}
            </p>
          </Show>
        </form>
      </Show>
    </section>
  )
}
