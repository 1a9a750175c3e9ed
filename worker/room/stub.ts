// The Durable Object stub of a session's room: one SessionRoom per session id.
import type { Env } from '../env'

export const roomFor = (env: Env, sessionId: string) =>
  env.SESSION_ROOM.get(env.SESSION_ROOM.idFromName(sessionId))
