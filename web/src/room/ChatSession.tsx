// A short chat link seen by the person who opened it (a lazy chunk, loaded only in chat sessions):
// a conversation with one advocate, not a group — who she is talking with, the time left, and
// when an advocate is available again once it closes.
import { Show } from 'solid-js'
import { isModerator } from '../../../worker/protocol/roles'
import type { Member } from '../../../worker/protocol/messages'
import { useApp } from '../app/store'
import { format } from '../i18n'
import { chatDict, type ChatKey } from '../i18n/chat'
import { LinkExpiry } from '../join/LinkExpiry'

function useChatText() {
  const app = useApp()
  return (key: ChatKey, params?: Record<string, string | number>) =>
    format(chatDict[app.state.lang][key], params)
}

/** The advocate as shown in the room's roster: the one connected, else the first. */
const advocate = (members: Member[]) => {
  const staff = members.filter((m) => isModerator(m.role))
  return staff.find((m) => m.online) ?? staff[0]
}

export default function ChatHead(props: {
  members: Member[]
  closesAt?: number
  availableAgain?: string
}) {
  const t = useChatText()
  const who = () => advocate(props.members)
  return (
    <div class="chat-head" data-testid="chat-head">
      <p data-testid="chat-with">
        <Show when={who()} fallback={t('chatWaiting')}>
          {(m) => t(m().online ? 'chatWith' : 'chatAway', { name: m().pseudonym })}
        </Show>
      </p>
      <Show when={props.closesAt}>{(at) => <LinkExpiry closesAt={at()} />}</Show>
      <Show when={props.availableAgain?.trim()}>
        {(text) => <AvailableAgain text={text()} />}
      </Show>
    </div>
  )
}

/** When an advocate is available again (the organization's words), here and once it has closed. */
export function AvailableAgain(props: { text: string }) {
  const app = useApp()
  return (
    <p class="muted" data-testid="available-again">
      {app.t('availableAgain')} {props.text}
    </p>
  )
}
