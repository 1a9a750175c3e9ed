// The session room's WebSocket: the seat rides in Sec-WebSocket-Protocol, then the room decides.
// Upgrades are rate limited per connection (cf-connecting-ip only) before any room is woken.
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { rateLimited } from '../middleware/rate-limit'
import { readParam } from '../lib/validate'
import { roomFor } from '../room/stub'
import { SessionIdSchema } from '../protocol'

export const roomSocketRoutes = new Hono<AppEnv>().get(
  '/:id/socket',
  rateLimited('SOCKET_LIMITER'),
  async (c) => {
    const id = readParam(c.req.param('id'), SessionIdSchema)
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      fail(426, 'upgrade_required', 'This address only answers WebSocket connections.')
    }
    return roomFor(c.env, id).fetch(c.req.raw)
  },
)
