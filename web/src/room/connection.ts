// The room's connection as its screens use it: the state (./room-state, in signals: ./live-state)
// kept from the server's frames (./frames) over the room's WebSocket (./room-socket), what this
// person can send, and leaving on quick exit. Chat, code words and private replies are sealed in
// ./sealed.
import { onCleanup } from 'solid-js'
import type { ClientMessage } from '../../../worker/protocol/messages'
import { isModerator } from '../../../worker/protocol/roles'
import { onQuickExit } from '../lib/quick-exit'
import { createFrameHandler } from './frames'
import { createRoomState } from './live-state'
import { openRoomSocket } from './room-socket'
import { createSealing } from './sealed'
import {
  TERMINAL,
  type AlertItem,
  type RoomOptions,
  type RoomState,
  type Status,
} from './room-state'

export type {
  AlertItem,
  ChatItem,
  MediaFrame,
  RoomOptions,
  RoomState,
  Status,
  Waiting,
} from './room-state'

export function connectRoom(opts: RoomOptions) {
  const store = createRoomState()
  const { state, setState } = store
  const sealing = createSealing(opts.key, store)

  const finish = (status: Status, error?: RoomState['error']) => {
    if (TERMINAL.includes(state.status)) return
    setState({ status, error: error ?? state.error, awayUntil: null })
    socket.stop()
    opts.onOver?.()
  }
  const onFrame = createFrameHandler({
    state,
    setState,
    store,
    opts,
    sealing,
    send: (msg) => send(msg),
    finish,
    welcomed: () => socket.welcomed(),
  })
  const socket = openRoomSocket(opts, {
    onFrame,
    onClosed: (closed) =>
      finish(closed.status, closed.unlessError ? (state.error ?? closed.error) : closed.error),
    onReconnecting: () => setState({ status: 'reconnecting' }),
  })
  const send = (msg: ClientMessage) => socket.send(msg)

  const offExit = onQuickExit(() => {
    // A participant's seat is given up on exit; a facilitator keeps the grace period.
    if (!isModerator(opts.role)) send({ type: 'leave' })
    socket.stop()
  })
  onCleanup(() => {
    offExit()
    socket.stop()
  })

  return {
    state,
    async sendChat(text: string): Promise<boolean> {
      const sealed = await sealing.seal(text)
      return sealed ? send({ type: 'chat', ...sealed }) : false
    },
    /** Sends a frame once the room has welcomed this seat; false otherwise. */
    send: (msg: ClientMessage) => state.status === 'open' && send(msg),
    remove: (seatId: string) => send({ type: 'remove', seatId }),
    /** Facilitators: one private answer to an alert, sealed with the chat key. */
    async sendPrivateReply(seatId: string, text: string): Promise<boolean> {
      const sealed = await sealing.seal(text)
      if (!sealed || state.status !== 'open') return false
      return send({ type: 'private_reply', seatId, ...sealed })
    },
    clearPrivateReply: () => setState({ privateReply: null }),
    end: () => send({ type: 'end' }),
    clearError: () => setState({ error: null }),
    /** Marked handled: gone from the list (matched by sender, kind and time). */
    dismissAlert: (alert: AlertItem) =>
      setState({
        alerts: state.alerts.filter(
          (a) => !(a.seatId === alert.seatId && a.at === alert.at && a.kind === alert.kind),
        ),
      }),
    clearRemovedMessage: () => setState({ removedMessage: null }),
  }
}

export type RoomConnection = ReturnType<typeof connectRoom>
