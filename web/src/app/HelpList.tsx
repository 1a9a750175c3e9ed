// The organization's other ways to get help (from /api/config), or a sentence suggesting to
// contact the organization that sent the link: a chunk loaded only by ./HelpContacts, with its
// strings (i18n/help.ts).
import { For, Show } from 'solid-js'
import { useApp } from './store'
import { helpDict } from '../i18n/help'

export default function HelpList() {
  const app = useApp()
  const contacts = () => app.config()?.helpContacts ?? []
  const text = () => helpDict[app.state.lang]
  return (
    <section class="panel help" aria-labelledby="help-h" data-testid="help-contacts">
      <h2 id="help-h">{text().helpTitle}</h2>
      <Show when={contacts().length} fallback={<p>{text().helpNone}</p>}>
        <ul>
          <For each={contacts()}>
            {(c) => (
              <li data-testid="help-contact">
                <b>{c.label}</b> — {c.value}
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  )
}
