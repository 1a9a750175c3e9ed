// The room WebSocket's constants, with no schema: the web client imports these without the frames'
// schemas (messages.ts re-exports them for the worker).

/** WebSocket close codes the room uses, so the client can tell an end from a network failure. */
export const CLOSE_CODES = {
  ended: 4000,
  removed: 4001,
  left: 4002,
  unauthorized: 4003,
  replaced: 4004,
  turnedAway: 4005,
} as const

/** Subprotocol names: the seat secret rides in Sec-WebSocket-Protocol, never in a URL. */
export const WS_PROTOCOL = 'havre.v1'
export const SEAT_PROTOCOL_PREFIX = 'seat.'
