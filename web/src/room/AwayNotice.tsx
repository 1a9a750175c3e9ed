// Countdown shown while the last facilitator's connection is down (the session closes at zero).
import { createSignal, onCleanup } from 'solid-js'
import { useApp } from '../app/store'

export function AwayNotice(props: { until: number }) {
  const app = useApp()
  const [now, setNow] = createSignal(Date.now())
  const timer = setInterval(() => setNow(Date.now()), 1000)
  onCleanup(() => clearInterval(timer))
  const seconds = () => Math.max(0, Math.ceil((props.until - now()) / 1000))
  return (
    <p class="notice warn" data-testid="facilitator-away">
      {app.t('facilitatorAway', { n: seconds() })}
    </p>
  )
}
