// Public configuration the web client needs before anything else: what this deployment can do.
import { Hono } from 'hono'
import type { AppEnv } from '../env'

export const configRoutes = new Hono<AppEnv>().get('/', (c) =>
  c.json({
    media: Boolean(c.env.LIVEKIT_URL && c.env.LIVEKIT_API_KEY && c.env.LIVEKIT_API_SECRET),
    quickExitUrl: c.env.QUICK_EXIT_URL,
  }),
)
