// The bar on every screen: the language switch and, where a survivor may be, quick exit. One row
// even at 320 px, stuck to the top, so quick exit is always in reach and never covers text. In it,
// when a language switch could not load (offline), why the page did not change, in the language
// the page still has, until she dismisses it or switches again.
import { Show, type JSX } from 'solid-js'
import { useApp } from './store'
import { otherLang, LANG_NAMES } from '../i18n'
import { QuickExit } from './QuickExit'

export function LangSwitch() {
  const app = useApp()
  return (
    <button
      type="button"
      class="lang"
      data-testid="lang-switch"
      lang={otherLang(app.state.lang)}
      onClick={() => app.toggleLang()}
    >
      {LANG_NAMES[otherLang(app.state.lang)]}
    </button>
  )
}

export function TopBar(props: { exit?: boolean; children?: JSX.Element }) {
  const app = useApp()
  return (
    <header class="top" classList={{ 'with-exit': props.exit }} data-testid="top-bar">
      <span class="brand">Havre</span>
      <div class="top-actions">
        {props.children}
        <LangSwitch />
        <Show when={props.exit}>
          <QuickExit />
        </Show>
      </div>
      {/* In the bar, so it is seen wherever she has scrolled to; it pushes the page, covers nothing. */}
      <Show when={app.langFailed()}>
        <p class="notice error lang-failed" role="alert" data-testid="lang-failed">
          <span>{app.t('langFailed')}</span>
          <button type="button" class="small" onClick={() => app.clearLangFailed()}>
            {app.t('dismiss')}
          </button>
        </p>
      </Show>
    </header>
  )
}
