// Admins only: a one-time link that lets a new staff member register a passkey.
import { createSignal, Show } from 'solid-js'
import { useApp } from '../app/store'
import { post } from './api'
import { CopyField } from './CopyField'

export function StaffInvite() {
  const app = useApp()
  const [link, setLink] = createSignal('')
  const [error, setError] = createSignal('')
  const invite = async () => {
    setError('')
    try {
      const r = await post<{ token: string }>('/api/staff/invites', { isAdmin: false })
      setLink(`${location.origin}/staff/join#${r.token}`)
    } catch (err) {
      setError(app.errorText(err))
    }
  }
  return (
    <section class="panel">
      <button type="button" data-testid="invite-staff" onClick={invite}>
        {app.t('inviteStaff')}
      </button>
      <Show when={link()}>
        <p>{app.t('staffInviteNote')}</p>
        <CopyField value={link()} label={app.t('link')} testid="staff-invite-link" />
      </Show>
      <Show when={error()}>
        <p role="alert" class="notice error">
          {error()}
        </p>
      </Show>
    </section>
  )
}
