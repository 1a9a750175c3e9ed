// The always-visible quick exit button; while shown, Shift pressed three times also exits.
import { onCleanup } from 'solid-js'
import { armShortcut, quickExit } from '../lib/quick-exit'
import { useApp } from './store'

export function QuickExit() {
  const app = useApp()
  onCleanup(armShortcut())
  return (
    <button
      type="button"
      class="quick-exit"
      data-testid="quick-exit"
      title={app.t('quickExitHint')}
      onClick={quickExit}
    >
      {app.t('quickExit')}
    </button>
  )
}
