// The session room's WebSocket: the seat rides in Sec-WebSocket-Protocol, then the room decides.
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'
import { readParam } from '../lib/validate'
import { roomFor } from '../room/stub'
import { SessionIdSchema } from '../protocol'

export const roomSocketRoutes = new Hono<AppEnv>().get('/:id/socket', async (c) => {
  const id = readParam(c.req.param('id'), SessionIdSchema)
  if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
    fail(426, 'upgrade_required', 'This address only answers WebSocket connections.')
  }
  return roomFor(c.env, id).fetch(c.req.raw)
})
