// The session's opening notice (e.g. the duty to report), read and acknowledged before a first
// message can be sent.
import { useApp } from '../app/store'

export function OpeningNotice(props: { text: string; onAck: () => void }) {
  const app = useApp()
  return (
    <div class="notice warn" role="group" aria-labelledby="notice-h" data-testid="opening-notice">
      <h3 id="notice-h">{app.t('noticeTitle')}</h3>
      <p class="agreement">{props.text}</p>
      <button type="button" class="primary" data-testid="notice-ack" onClick={() => props.onAck()}>
        {app.t('noticeAck')}
      </button>
    </div>
  )
}
