// A socket that stopped answering is gone since its last sign of life. A phone asleep or a network
// that vanished sends no close: the runtime keeps the socket open, and without this her seat would
// seem present all along, so a return long after (someone else holding her device) skips the lobby.
import type { SocketAttachment } from './state'

/**
 * Pages ping every 20 s; a hidden tab's timers may run only once a minute (Chrome's intensive
 * throttling), so a socket silent for longer than this is not a live tab.
 */
export const SILENT_SOCKET_MS = 90_000

/** When the socket last showed life, if it has been silent too long to be a live page; else undefined. */
export function silentSince(ctx: DurableObjectState, ws: WebSocket, now: number): number | undefined {
  const a = ws.deserializeAttachment() as SocketAttachment | null
  const pinged = ctx.getWebSocketAutoResponseTimestamp(ws)?.getTime()
  const lastSeen = Math.max(pinged ?? 0, a?.openedAt ?? 0)
  // A socket from before openedAt was kept, never pinged: nothing is known, so it is left alone.
  if (lastSeen === 0 || now - lastSeen <= SILENT_SOCKET_MS) return undefined
  return lastSeen
}
