// Havre's Worker entry: the Hono app for HTTP, the retention purge on a schedule, and the
// SessionRoom Durable Object class.
import { app } from './app'
import type { Env } from './env'
import { purgeExpiredRecords } from './org/purge'

export { SessionRoom } from './room/session-room'

export default {
  fetch: app.fetch,
  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(purgeExpiredRecords(env))
  },
} satisfies ExportedHandler<Env>
