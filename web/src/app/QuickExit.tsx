// The always-visible quick exit button; while shown, Shift pressed three times also exits (said on
// the button itself, as visible text, not in a tooltip).
import { onCleanup } from 'solid-js'
import { armShortcut, quickExit } from '../lib/quick-exit'
import { useApp } from './store'

export function QuickExit() {
  const app = useApp()
  onCleanup(armShortcut())
  return (
    <button type="button" class="quick-exit" data-testid="quick-exit" onClick={quickExit}>
      <span class="qe-label">{app.t('quickExit')}</span>
      <span class="qe-hint" data-testid="quick-exit-hint">
        {app.t('quickExitHint')}
      </span>
    </button>
  )
}
