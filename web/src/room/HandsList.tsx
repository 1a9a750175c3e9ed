// Facilitators: hands raised, in the order they went up (the roster itself never moves). The order
// is kept on this page: who was raised already when it opened is listed in roster order.
import { createEffect, createSignal, For, Show } from 'solid-js'
import type { Member } from '../../../worker/protocol/messages'
import { useStaffRoomText } from './staff-text'

export function HandsList(props: { members: Member[] }) {
  const t = useStaffRoomText()
  const [order, setOrder] = createSignal<string[]>([])
  createEffect(() => {
    const raised = props.members.filter((m) => m.hand).map((m) => m.seatId)
    setOrder((before) => [
      ...before.filter((id) => raised.includes(id)),
      ...raised.filter((id) => !before.includes(id)),
    ])
  })
  const name = (id: string) => props.members.find((m) => m.seatId === id)?.pseudonym ?? ''
  return (
    <Show when={order().length}>
      <section class="panel hands" aria-labelledby="hands-h" data-testid="hands-list">
        <h2 id="hands-h">{t('handsTitle')}</h2>
        <p class="muted">{t('handsOrderNote')}</p>
        <ol>
          <For each={order()}>{(id) => <li data-testid="hands-entry">{name(id)}</li>}</For>
        </ol>
      </section>
    </Show>
  )
}
