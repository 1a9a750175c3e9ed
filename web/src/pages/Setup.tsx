// /setup and /staff/join: register a staff passkey from a one-time link (token in the fragment).
import { createSignal, Show } from 'solid-js'
import { useApp } from '../app/store'
import { TopBar } from '../app/TopBar'
import { fragment } from '../lib/early'
import { SECRET_RE } from '../lib/b64'
import { registerPasskey } from '../staff/passkey'
import { LIMITS } from '../../../worker/protocol/limits'
import { PasskeyAddress } from '../staff/PasskeyAddress'

export default function Setup() {
  const app = useApp()
  const token = fragment
  const [name, setName] = createSignal('')
  const [sessionName, setSessionName] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal('')

  const submit = async (e: Event) => {
    e.preventDefault()
    if (!name().trim() || !sessionName().trim()) return
    setBusy(true)
    setError('')
    try {
      await registerPasskey(token, name().trim(), sessionName().trim())
      location.assign('/staff')
    } catch (err) {
      setError(app.errorText(err))
      setBusy(false)
    }
  }

  return (
    <>
      <TopBar />
      <main class="page narrow">
        <h1>{app.t('setupTitle')}</h1>
        <PasskeyAddress />
        <Show
          when={SECRET_RE.test(token)}
          fallback={<p role="alert" class="notice error">{app.t('err_missing_token')}</p>}
        >
          <p>{app.t('setupIntro')}</p>
          <form class="panel form" onSubmit={submit}>
            <label for="display-name">{app.t('displayName')}</label>
            <input
              id="display-name"
              data-testid="display-name"
              required
              maxLength={80}
              autocomplete="name"
              value={name()}
              onInput={(e) => setName(e.currentTarget.value)}
            />
            <label for="session-name">{app.t('sessionNameField')}</label>
            <p class="muted" id="session-name-hint">
              {app.t('sessionNameHint')}
            </p>
            <input
              id="session-name"
              data-testid="session-name"
              required
              maxLength={LIMITS.pseudonymChars}
              aria-describedby="session-name-hint"
              value={sessionName()}
              onInput={(e) => setSessionName(e.currentTarget.value)}
            />
            <button type="submit" class="primary" data-testid="register-passkey" disabled={busy()}>
              {app.t('registerPasskey')}
            </button>
          </form>
          <Show when={error()}>
            <p role="alert" class="notice error">
              {error()}
            </p>
          </Show>
        </Show>
      </main>
    </>
  )
}
