// The Worker's bindings and the Hono environment type every route shares.
import type { SessionRoom } from './room/session-room'

export interface Env {
  DB: D1Database
  SESSION_ROOM: DurableObjectNamespace<SessionRoom>
  ASSETS: Fetcher
  REDEEM_LIMITER: RateLimit
  SIGNIN_LIMITER: RateLimit
  SOCKET_LIMITER: RateLimit
  /** Salt for the hashed connection key of rate limits (set it as a secret in production). */
  RATE_LIMIT_SALT?: string
  FACILITATOR_GRACE_SECONDS: string
  QUICK_EXIT_URL: string
  LIVEKIT_URL?: string
  LIVEKIT_API_KEY?: string
  LIVEKIT_API_SECRET?: string
}

export type StaffContext = {
  id: string
  displayName: string
  sessionName: string
  isAdmin: boolean
  csrf: string
}

export type AppEnv = { Bindings: Env; Variables: { staff: StaffContext } }
