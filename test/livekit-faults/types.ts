// Shapes shared by the fault proxy (Node) and the tests that read it (inside workerd).

/** One RoomService call as the proxy saw it on its way to the real LiveKit server. */
export type ProxiedCall = {
  seq: number
  method: string
  /** The room the call is about (CreateRoom's `name`, everyone else's `room`), if any. */
  room: string | null
  body: Record<string, unknown>
  /** The bearer token's payload (the real server verifies it; the proxy only reads it). */
  claims: { iss?: string; exp?: number; nbf?: number; video?: Record<string, unknown> } | null
  /** HTTP status the Worker got; 0 while the answer is still being delayed. */
  status: number
  /** Whether the proxy answered with a fault instead of the real server. */
  injected: boolean
  receivedAt: number
  respondedAt?: number
}

/** ok: forward; down: 503 without forwarding; slow: forward after slowMs. */
export type FaultMode = { mode: 'ok' | 'down' | 'slow'; slowMs?: number; session: string }
