// Passkeys are bound to a domain name: on a loopback IP address (127.0.0.1, [::1]) they cannot
// work, so the staff pages say which address to open instead of failing with a generic error.
import { Show } from 'solid-js'
import { useApp } from '../app/store'

/** The address passkeys work on, when this page was opened on a loopback IP instead; else null. */
export function passkeyAddress(loc: { hostname: string; port: string; protocol: string; pathname: string }) {
  const ip = /^127(\.\d{1,3}){3}$/.test(loc.hostname) || loc.hostname === '[::1]'
  if (!ip) return null
  return `${loc.protocol}//localhost${loc.port ? `:${loc.port}` : ''}${loc.pathname}`
}

export function PasskeyAddress() {
  const app = useApp()
  const url = passkeyAddress(location)
  return (
    <Show when={url}>
      {(u) => (
        <p class="notice warn passkey-address" role="alert" data-testid="passkey-address">
          {app.t('passkeyAddress')} <a href={u()}>{u()}</a>
        </p>
      )}
    </Show>
  )
}
