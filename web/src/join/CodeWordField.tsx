// The code word agreed in advance with her advocate: shown only to facilitators, never stored.
import { useApp } from '../app/store'

/** As CodeWordSchema in worker/protocol/messages.ts. */
export const CODE_WORD_CHARS = 60

export function CodeWordField(props: { value: string; onInput: (value: string) => void }) {
  const app = useApp()
  return (
    <>
      <label for="code-word">{app.t('codeWord')}</label>
      <input
        id="code-word"
        data-testid="code-word"
        autocomplete="off"
        aria-describedby="code-word-note"
        maxLength={CODE_WORD_CHARS}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
      <p id="code-word-note" class="muted">
        {app.t('codeWordNote')}
      </p>
    </>
  )
}
