// Chat moderation seen by the author of a deleted message: which rule of the agreement it broke
// (the facilitator's side is DeleteMessage.tsx, loaded only for facilitators).
import { useApp } from '../app/store'
import { useNoticeText } from './notice-text'

/** To the author only: her message was removed, and which rule of the agreement it broke. */
export function RemovedNotice(props: { rule: number | null; rules: string[]; onClose: () => void }) {
  const app = useApp()
  const t = useNoticeText()
  const text = () => {
    const n = props.rule
    const rule = n ? props.rules[n - 1] : undefined
    if (n && rule) return t('messageRemovedRule', { n, rule })
    if (n) return t('messageRemovedN', { n })
    return t('messageRemoved')
  }
  return (
    <p class="notice warn" role="status" data-testid="message-removed-notice">
      {text()}{' '}
      <button type="button" class="small" onClick={() => props.onClose()}>
        {app.t('dismiss')}
      </button>
    </p>
  )
}
