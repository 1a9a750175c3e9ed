// The room's WebSocket itself: opened with the seat's subprotocols, frames given a light shape
// check, a ping every 20 s, reconnection with backoff, and the close codes that end the room for
// this person. What the frames mean is ./frames' concern.
import { CLOSE_CODES, SEAT_PROTOCOL_PREFIX, WS_PROTOCOL } from '../../../worker/protocol/socket'
import type { ClientMessage, ServerMessage } from '../../../worker/protocol/messages'
import type { RoomError, RoomOptions, Status } from './room-state'

const PING_MS = 20_000

/** Why the server closed for good: the room's last status, with its error. */
export type Closed = {
  status: Status
  error?: RoomError
  /** The error says what happened only when the room has no error of its own yet. */
  unlessError?: true
}

/** What a close code means; undefined when the connection was only lost (tried again). */
function closedFor(e: CloseEvent): Closed | undefined {
  switch (e.code) {
    case CLOSE_CODES.ended:
    case CLOSE_CODES.left:
      return { status: 'ended' }
    case CLOSE_CODES.removed:
      return { status: 'removed' }
    case CLOSE_CODES.turnedAway:
      return { status: 'turned_away' }
    case CLOSE_CODES.unauthorized:
      return { status: 'failed', error: { code: 'unknown_seat', message: e.reason }, unlessError: true }
    case CLOSE_CODES.replaced:
      return { status: 'failed', error: { code: 'replaced', message: e.reason } }
  }
  return undefined
}

export function openRoomSocket(
  room: Pick<RoomOptions, 'sessionId' | 'seat'>,
  o: {
    onFrame: (msg: ServerMessage) => void
    onClosed: (closed: Closed) => void
    onReconnecting: () => void
  },
) {
  let ws: WebSocket | undefined
  let attempt = 0
  let retry: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  const ping = setInterval(() => {
    if (ws?.readyState === WebSocket.OPEN) ws.send('ping')
  }, PING_MS)

  const open = () => {
    if (stopped) return
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
    const socket = new WebSocket(
      `${scheme}://${location.host}/api/rooms/${encodeURIComponent(room.sessionId)}/socket`,
      [WS_PROTOCOL, SEAT_PROTOCOL_PREFIX + room.seat],
    )
    ws = socket
    socket.onmessage = (e) => {
      if (typeof e.data !== 'string' || e.data === 'pong') return
      let data: ServerMessage
      try {
        data = JSON.parse(e.data) as ServerMessage
      } catch {
        return
      }
      // The room is our own server: a light shape check, so a newer server's extra fields or
      // frame types never break an older page (unknown types are ignored).
      if (!data || typeof data.type !== 'string') return
      if ('members' in data && !Array.isArray(data.members)) return
      o.onFrame(data)
    }
    socket.onclose = (e) => {
      if (ws !== socket || stopped) return
      const closed = closedFor(e)
      if (closed) return o.onClosed(closed)
      o.onReconnecting()
      const delay = Math.min(15_000, 500 * 2 ** attempt++) * (0.75 + Math.random() / 2)
      retry = setTimeout(open, delay)
    }
  }
  open()

  return {
    /** Sends a frame if the socket is open; false otherwise. */
    send(msg: ClientMessage) {
      if (ws?.readyState !== WebSocket.OPEN) return false
      ws.send(JSON.stringify(msg))
      return true
    },
    /** After a welcome: the next loss tries again from the shortest delay. */
    welcomed: () => void (attempt = 0),
    stop() {
      stopped = true
      clearInterval(ping)
      clearTimeout(retry)
      if (ws && ws.readyState < WebSocket.CLOSING) ws.close(1000)
    },
  }
}
