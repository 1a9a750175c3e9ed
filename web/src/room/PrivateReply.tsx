// To the person who sent an alert: the facilitator's private reply, decrypted on this device,
// announced, and gone when closed (never stored).
import { Show } from 'solid-js'
import { useApp } from '../app/store'
import { useNoticeText } from './notice-text'

export function PrivateReply(props: {
  reply: { from: string; text: string | null } | null
  onClose: () => void
}) {
  const app = useApp()
  const t = useNoticeText()
  return (
    <Show when={props.reply}>
      {(r) => (
        <div class="notice warn" role="status" data-testid="private-reply">
          <p>
            <b>{t('privateReplyFrom', { name: r().from })}</b>
          </p>
          <p data-testid="private-reply-text">{r().text ?? app.t('undecryptable')}</p>
          <button type="button" class="small" onClick={() => props.onClose()}>
            {t('privateReplyClose')}
          </button>
        </div>
      )}
    </Show>
  )
}
