// "End session for everyone", with an in-page confirmation step.
import { createSignal, Show } from 'solid-js'
import { useApp } from '../app/store'

export function EndControl(props: { onEnd: () => void }) {
  const app = useApp()
  const [asking, setAsking] = createSignal(false)
  let confirm: HTMLButtonElement | undefined
  return (
    <section class="end-control">
      <Show
        when={asking()}
        fallback={
          <button
            type="button"
            class="danger"
            data-testid="end-session"
            onClick={() => {
              setAsking(true)
              confirm?.focus()
            }}
          >
            {app.t('endSession')}
          </button>
        }
      >
        <div class="confirm" role="group" aria-labelledby="end-q">
          <p id="end-q">{app.t('endConfirmQ')}</p>
          <button
            type="button"
            class="danger"
            data-testid="end-confirm"
            ref={confirm}
            onClick={() => props.onEnd()}
          >
            {app.t('endConfirm')}
          </button>{' '}
          <button type="button" onClick={() => setAsking(false)}>
            {app.t('cancel')}
          </button>
        </div>
      </Show>
    </section>
  )
}
