// A read-only link with a copy button.
import { createSignal, createUniqueId } from 'solid-js'
import { useApp } from '../app/store'

export function CopyField(props: { value: string; label: string; testid: string }) {
  const app = useApp()
  const id = createUniqueId()
  const [copied, setCopied] = createSignal(false)
  let input: HTMLInputElement | undefined
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value)
    } catch {
      input?.select()
    }
    setCopied(true)
    setTimeout(() => setCopied(false), 2000)
  }
  return (
    <div class="copy">
      <label for={id} class="sr-only">
        {props.label}
      </label>
      <input
        id={id}
        ref={input}
        readOnly
        value={props.value}
        data-testid={props.testid}
        onFocus={(e) => e.currentTarget.select()}
      />
      <button type="button" onClick={copy} aria-live="polite">
        {app.t(copied() ? 'copied' : 'copy')}
      </button>
    </div>
  )
}
