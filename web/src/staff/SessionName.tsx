// The staff member's two names: the one colleagues see, and the one survivors see in sessions
// (a first name or a role name), chosen here and used as the staff seat's name in every room.
import { createSignal, Show } from 'solid-js'
import { LIMITS } from '../../../worker/protocol/limits'
import type { Me } from '../../../worker/protocol/http'
import { useApp } from '../app/store'
import { put } from './api'

export function SessionName(props: { me: Me; onSaved: (me: Me) => void }) {
  const app = useApp()
  const [name, setName] = createSignal(props.me.sessionName)
  const [saved, setSaved] = createSignal('')
  const [error, setError] = createSignal('')
  const save = async (e: Event) => {
    e.preventDefault()
    setError('')
    setSaved('')
    try {
      const me = await put<Me>('/api/staff/me', { sessionName: name() })
      setSaved(me.sessionName)
      props.onSaved(me)
    } catch (err) {
      setError(app.errorText(err))
    }
  }
  return (
    <section class="panel" aria-labelledby="names-h" data-testid="session-name-panel" id="your-names">
      <h2 id="names-h">{app.t('yourNames')}</h2>
      <p class="muted">{app.t('consoleNameIs', { name: props.me.displayName })}</p>
      <form class="form" onSubmit={save}>
        <label for="session-name">{app.t('sessionNameField')}</label>
        <p class="muted" id="session-name-hint">
          {app.t('sessionNameHint')}
        </p>
        <div class="copy">
          <input
            id="session-name"
            data-testid="session-name"
            required
            maxLength={LIMITS.pseudonymChars}
            aria-describedby="session-name-hint"
            value={name()}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <button type="submit" data-testid="session-name-save">
            {app.t('sessionNameSave')}
          </button>
        </div>
      </form>
      <p role="status" class="muted" data-testid="session-name-saved">
        {saved() ? app.t('sessionNameSaved', { name: saved() }) : ''}
      </p>
      <Show when={error()}>
        <p role="alert" class="notice error">
          {error()}
        </p>
      </Show>
    </section>
  )
}
