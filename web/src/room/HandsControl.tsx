// Raise or lower one's hand; facilitators lower everyone's at once.
import { Show } from 'solid-js'
import type { ClientMessage } from '../../../worker/protocol/messages'
import { useApp } from '../app/store'

export function HandsControl(props: {
  moderator: boolean
  raised: boolean
  anyRaised: boolean
  send: (msg: ClientMessage) => boolean
}) {
  const app = useApp()
  return (
    <Show
      when={props.moderator}
      fallback={
        <button
          type="button"
          data-testid="raise-hand"
          aria-pressed={props.raised}
          onClick={() => props.send({ type: 'hand', raised: !props.raised })}
        >
          {app.t(props.raised ? 'lowerHand' : 'raiseHand')}
        </button>
      }
    >
      <button
        type="button"
        data-testid="lower-all-hands"
        disabled={!props.anyRaised}
        onClick={() => props.send({ type: 'lower_all_hands' })}
      >
        {app.t('lowerAllHands')}
      </button>
    </Show>
  )
}
