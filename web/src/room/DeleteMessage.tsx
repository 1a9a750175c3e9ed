// Facilitators only (a lazy chunk): delete a message for everyone, naming the rule it broke.
import { createSignal, For, Show } from 'solid-js'
import { useApp } from '../app/store'

/** On each message, for facilitators: Delete, then the rule it broke, then confirm. */
export default function DeleteMessage(props: {
  id: string
  name: string
  rules: string[]
  onDelete: (id: string, rule: number | null) => void
}) {
  const app = useApp()
  const [asking, setAsking] = createSignal(false)
  const [rule, setRule] = createSignal('')
  const selectId = `delete-rule-${props.id}`
  return (
    <Show
      when={asking()}
      fallback={
        <button
          type="button"
          class="small link"
          data-testid="delete-message"
          aria-label={app.t('deleteLabel', { name: props.name })}
          onClick={() => setAsking(true)}
        >
          {app.t('delete')}
        </button>
      }
    >
      <span class="delete-choice" role="group" aria-label={app.t('deleteLabel', { name: props.name })}>
        <label for={selectId}>{app.t('deleteRule')}</label>{' '}
        <select
          id={selectId}
          data-testid="delete-rule"
          value={rule()}
          onChange={(e) => setRule(e.currentTarget.value)}
        >
          <option value="">{app.t('noRule')}</option>
          <For each={props.rules}>
            {(text, i) => (
              <option value={String(i() + 1)}>
                {app.t('ruleN', { n: i() + 1 })} — {text.length > 60 ? `${text.slice(0, 60)}…` : text}
              </option>
            )}
          </For>
        </select>{' '}
        <button
          type="button"
          class="small danger"
          data-testid="delete-confirm"
          onClick={() => props.onDelete(props.id, rule() ? Number(rule()) : null)}
        >
          {app.t('deleteConfirm')}
        </button>{' '}
        <button type="button" class="small" onClick={() => setAsking(false)}>
          {app.t('cancel')}
        </button>
      </span>
    </Show>
  )
}
