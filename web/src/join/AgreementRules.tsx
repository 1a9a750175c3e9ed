// The group agreement as numbered rules, in the reader's language.
import { For } from 'solid-js'
import { useApp } from '../app/store'
import { localized, ruleLines, type SessionText } from './texts'

export function AgreementRules(props: { agreement: SessionText }) {
  const app = useApp()
  const rules = () => ruleLines(localized(props.agreement, app.state.lang))
  return (
    <ol class="agreement" data-testid="agreement">
      <For each={rules()}>{(rule) => <li data-testid="agreement-rule">{rule}</li>}</For>
    </ol>
  )
}
