// The always-visible quick exit button; while shown, Shift pressed three times also exits (said on
// the button itself, as visible text, not in a tooltip). Its words are in the entry (i18n EARLY),
// so it shows before the dictionary has loaded and never waits for a chunk.
import { onCleanup } from 'solid-js'
import { armShortcut, quickExit } from '../lib/quick-exit'
import { EARLY } from '../i18n'
import { useApp } from './store'

export function QuickExit() {
  const app = useApp()
  onCleanup(armShortcut())
  return (
    <button type="button" class="quick-exit" data-testid="quick-exit" onClick={quickExit}>
      <span class="qe-label">{EARLY[app.state.lang].quickExit}</span>
      <span class="qe-hint" data-testid="quick-exit-hint">
        {EARLY[app.state.lang].quickExitHint}
      </span>
    </button>
  )
}
