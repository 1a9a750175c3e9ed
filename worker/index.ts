// Havre's Worker entry: the Hono app for HTTP and the SessionRoom Durable Object class.
import { app } from './app'

export { SessionRoom } from './room/session-room'

export default { fetch: app.fetch } satisfies ExportedHandler<import('./env').Env>
