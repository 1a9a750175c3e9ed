// The room's tab title and icon, and the "neutral tab title" toggle that makes both say nothing.
import { createEffect, createSignal, onCleanup } from 'solid-js'
import { useApp } from '../app/store'
import { setNeutralIcon } from '../lib/favicon'

/** Sets the title and icon for the room's lifetime; returns the toggle button's maker. */
export function createDiscreet() {
  const app = useApp()
  const [discreet, setDiscreet] = createSignal(false)
  const title = () => (discreet() ? app.t('neutralTitle') : `${app.t('roomTitle')} — Havre`)
  createEffect(() => (document.title = title()))
  createEffect(() => setNeutralIcon(discreet()))
  onCleanup(() => {
    document.title = 'Havre'
    setNeutralIcon(false)
  })
  return () => (
    <button
      type="button"
      data-testid="discreet-toggle"
      aria-pressed={discreet()}
      onClick={() => setDiscreet((d) => !d)}
    >
      {app.t('discreet')}
    </button>
  )
}
