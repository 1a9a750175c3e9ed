// The organization's other ways to get help (from /api/config), or a sentence suggesting to
// contact the organization that sent the link: a chunk loaded only by ./HelpContacts.
import { For, Show } from 'solid-js'
import { useApp } from './store'

export default function HelpList() {
  const app = useApp()
  const contacts = () => app.config()?.helpContacts ?? []
  return (
    <section class="panel help" aria-labelledby="help-h" data-testid="help-contacts">
      <h2 id="help-h">{app.t('helpTitle')}</h2>
      <Show when={contacts().length} fallback={<p>{app.t('helpNone')}</p>}>
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
