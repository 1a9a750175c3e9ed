// What each frame from the room's server does to this page's room (./connection): the welcome and
// the join it may need, admission, the roster, chat and moderation, alerts, youth supervision, the
// end, and the frames handed to the media side. Unknown frame types are ignored.
import type { ClientMessage, ServerMessage } from '../../../worker/protocol/messages'
import type { RoomStore, SetRoom } from './live-state'
import { applyRoster } from './roster'
import type { Sealing } from './sealed'
import type { RoomOptions, RoomState, Status } from './room-state'

export type FrameContext = {
  state: RoomState
  setState: SetRoom
  /** The same state with its members' and messages' writers. */
  store: RoomStore
  opts: RoomOptions
  sealing: Sealing
  /** Straight to the socket (the join goes before the room has welcomed this seat). */
  send: (msg: ClientMessage) => boolean
  /** The room is over for this person. */
  finish: (status: Status) => void
  /** A welcome came: reconnecting starts again from the shortest delay. */
  welcomed: () => void
}

/** Handles each frame for one room; built once per connection. */
export function createFrameHandler(room: FrameContext) {
  const { state, setState, store, opts, sealing, send, finish, welcomed } = room

  /** After a welcome: joins if this seat has not yet (with its code word, sealed), then tells the
   *  room it may take other frames once a facilitator has let this person in. */
  const join = (msg: Extract<ServerMessage, { type: 'welcome' }>) => {
    const codeWord = opts.codeWord?.trim()
    // Nothing of the room (media included) until a facilitator lets this person in.
    const ready = () => msg.admitted && opts.onWelcome?.(msg.members)
    if (msg.joined) return void ready()
    const frame = { type: 'join', pseudonym: opts.pseudonym, agreed: true } as const
    if (!codeWord) {
      send(frame)
      return void ready()
    }
    // The code word travels sealed with the session key, like chat: only facilitators open it.
    void sealing
      .sealOrFail(codeWord)
      .then((sealed) => send({ ...frame, codeWord: sealed }))
      .catch(() => send(frame))
      .then(ready)
  }

  return (msg: ServerMessage) => {
    switch (msg.type) {
      case 'welcome':
        welcomed()
        // The first welcome of this page for a seat that had joined: this page was reloaded.
        if (!state.selfId && msg.joined) setState({ resumed: true })
        setState({
          status: 'open',
          selfId: msg.seatId,
          error: null,
          media: msg.media,
          spotlight: msg.spotlight,
          admitted: msg.admitted,
          back: msg.back === true,
          chatEnabled: msg.chatEnabled,
          kind: msg.kind,
        })
        applyRoster(store, msg.members, msg.facilitatorPresent)
        return join(msg)
      case 'admitted':
        // A media request sent from the lobby was refused; that is over now.
        setState({
          admitted: true,
          back: false,
          ...(state.error?.code === 'in_lobby' ? { error: null } : {}),
        })
        opts.onWelcome?.(state.members)
        return
      case 'turned_away':
        return finish('turned_away')
      case 'lobby':
        void sealing.lobby(msg.waiting)
        return
      case 'alert': {
        const { type: _, ...alert } = msg
        setState({ alerts: [...state.alerts, alert] })
        return
      }
      case 'alert_sent':
        return setState({ alertDelivery: msg.delivered ? 'delivered' : 'pending' })
      case 'private_reply':
        return sealing.privateReply(msg)
      case 'chat_state':
        return setState({ chatEnabled: msg.enabled })
      case 'message_deleted':
        return setState({ messages: state.messages.filter((m) => m.id !== msg.id) })
      case 'message_removed':
        return setState({ removedMessage: { rule: msg.rule } })
      case 'roster':
        return applyRoster(store, msg.members, msg.facilitatorPresent)
      case 'chat':
        void sealing.chat(msg)
        return
      case 'facilitator_away':
        setState({ awayUntil: msg.closesAt, event: { kind: 'away', name: '' } })
        return
      case 'supervision':
        setState({ unsupervisedUntil: msg.ok ? null : (msg.closesAt ?? null) })
        if (msg.ok && state.error?.code === 'unsupervised') setState({ error: null })
        return opts.onYouth?.(msg)
      case 'camera_permission':
        return opts.onYouth?.(msg)
      case 'ended':
        setState({ endReason: msg.reason })
        return finish('ended')
      case 'removed':
        return finish('removed')
      case 'spotlight':
        return setState({ spotlight: msg.seatId })
      case 'media':
      case 'moderated':
        return opts.onMedia?.(msg)
      case 'error':
        if (msg.code === 'media_unavailable' || msg.code === 'media_failed') {
          return opts.onMedia?.({ type: 'error', code: msg.code, message: msg.message })
        }
        setState({ error: { code: msg.code, message: msg.message } })
        return
    }
  }
}
