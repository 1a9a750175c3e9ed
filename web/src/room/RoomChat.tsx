// The room's chat column: the encrypted chat, its notices (chat turned off, a message of hers
// removed with the rule it broke) and sending, as ./ChatPanel shows them.
import { Show } from 'solid-js'
import { useApp } from '../app/store'
import { ChatPanel } from './ChatPanel'
import type { RoomConnection } from './connection'
import type { createRules } from './rules'
import { lazyView } from '../lib/lazy-view'

// Only to the author of a removed message: loaded then.
const RemovedNotice = lazyView(() =>
  import('./ChatModeration').then((m) => ({ default: m.RemovedNotice })),
)

export function RoomChat(props: {
  room: RoomConnection
  moderator: boolean
  observer: boolean
  rules: ReturnType<ReturnType<typeof createRules>>
}) {
  const app = useApp()
  return (
    <ChatPanel
      messages={props.room.state.messages}
      ready={props.room.state.status === 'open'}
      disabled={!props.moderator && !props.room.state.chatEnabled}
      resumed={props.room.state.resumed}
      moderator={props.moderator}
      readOnly={props.observer}
      rules={props.rules}
      onDelete={(messageId, rule) => props.room.send({ type: 'delete_message', messageId, rule })}
      notices={
        <>
          <Show when={!props.room.state.chatEnabled}>
            <p class="notice" role="status" data-testid="chat-off-notice">
              {app.t(props.moderator ? 'chatOffModerator' : 'chatOff')}
            </p>
          </Show>
          <Show when={props.room.state.removedMessage}>
            {(r) => (
              <RemovedNotice
                rule={r().rule}
                rules={props.rules}
                onClose={props.room.clearRemovedMessage}
              />
            )}
          </Show>
        </>
      }
      onSend={(text) => {
        props.room.clearError()
        return props.room.sendChat(text)
      }}
    />
  )
}
