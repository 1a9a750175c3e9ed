// A youth session in the console: the child-protection checklist with how Havre answers each
// question, and the handout for youth and parents in both languages, with a copy button.
import { createSignal, createUniqueId, For } from 'solid-js'
import { useApp } from '../app/store'
import { youthStaffTexts } from './youth-handout'
import './youth-checklist.css'

export default function YouthChecklist() {
  const app = useApp()
  const id = createUniqueId()
  const tx = () => youthStaffTexts[app.state.lang]
  // Both languages, the reader's first: a family may read either.
  const handout = () => {
    const other = app.state.lang === 'fr' ? 'en' : 'fr'
    return `${tx().handout}\n—\n\n${youthStaffTexts[other].handout}`
  }
  const [copied, setCopied] = createSignal(false)
  let area: HTMLTextAreaElement | undefined
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(handout())
    } catch {
      area?.select()
    }
    setCopied(true)
    setTimeout(() => setCopied(false), 2000)
  }
  return (
    <details class="youth-checklist" data-testid="youth-checklist">
      <summary>{tx().checklistTitle}</summary>
      <p class="muted">{tx().checklistIntro}</p>
      <dl>
        <For each={tx().items}>
          {(item) => (
            <>
              <dt data-testid="checklist-item" data-item={item.id}>
                {item.question}
              </dt>
              <dd>{item.answer}</dd>
            </>
          )}
        </For>
      </dl>
      <h4 id={`${id}-h`}>{tx().handoutTitle}</h4>
      <p class="muted" id={`${id}-d`}>
        {tx().handoutIntro}
      </p>
      <textarea
        ref={area}
        readOnly
        rows="12"
        class="handout"
        data-testid="youth-handout"
        aria-labelledby={`${id}-h`}
        aria-describedby={`${id}-d`}
        value={handout()}
      />
      <div class="actions">
        <button type="button" data-testid="youth-handout-copy" onClick={copy} aria-live="polite">
          {copied() ? tx().copied : tx().copyHandout}
        </button>
      </div>
    </details>
  )
}
