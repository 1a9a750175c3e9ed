// A private signal to the facilitators ("I need to step away", "I don't feel safe"): nobody else
// sees it, and only she sees the quiet confirmation — the truth the room tells: a facilitator has
// it, or no facilitator is here yet and they will see it as soon as they arrive.
import { createSignal, Show } from 'solid-js'
import type { AlertKind, ClientMessage } from '../../../worker/protocol/messages'
import { useApp } from '../app/store'

export function AlertButton(props: {
  send: (msg: ClientMessage) => boolean
  delivery: 'delivered' | 'pending' | null
}) {
  const app = useApp()
  const [open, setOpen] = createSignal(false)
  const [sent, setSent] = createSignal(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  const alert = (kind: AlertKind) => {
    if (!props.send({ type: 'alert', kind })) return
    setOpen(false)
    setSent(true)
    clearTimeout(timer)
    timer = setTimeout(() => setSent(false), 8_000)
  }
  return (
    <div class="alert-control">
      <button
        type="button"
        data-testid="alert-button"
        aria-expanded={open()}
        aria-controls="alert-choices"
        onClick={() => setOpen((o) => !o)}
      >
        {app.t('alertButton')}
      </button>
      <Show when={open()}>
        <div id="alert-choices" class="choices" role="group" aria-label={app.t('alertButton')}>
          <button type="button" data-testid="alert-step-away" onClick={() => alert('step_away')}>
            {app.t('alert_step_away')}
          </button>
          <button type="button" data-testid="alert-not-safe" onClick={() => alert('not_safe')}>
            {app.t('alert_not_safe')}
          </button>
        </div>
      </Show>
      <p class="sent" role="status" data-testid="alert-sent">
        {props.delivery === 'pending' ? app.t('alertKept') : sent() && props.delivery ? app.t('alertSent') : ''}
      </p>
    </div>
  )
}
