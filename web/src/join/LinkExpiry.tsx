// A short chat link says plainly when it closes: "closes at 15:42 (in 30 minutes)".
import { createSignal, onCleanup } from 'solid-js'
import { useApp } from '../app/store'

export function LinkExpiry(props: { closesAt: number }) {
  const app = useApp()
  const [now, setNow] = createSignal(Date.now())
  const timer = setInterval(() => setNow(Date.now()), 30_000)
  onCleanup(() => clearInterval(timer))
  const time = () =>
    new Date(props.closesAt).toLocaleTimeString(app.state.lang, {
      hour: '2-digit',
      minute: '2-digit',
    })
  const minutes = () => Math.max(1, Math.round((props.closesAt - now()) / 60_000))
  return (
    <p class="notice" data-testid="link-expiry">
      {app.t('linkExpiry', { time: time(), n: minutes() })}
    </p>
  )
}
