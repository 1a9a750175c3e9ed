// Public configuration the web client needs before anything else: what this deployment can do,
// where quick exit goes, and the other ways to get help (shown wherever a link cannot open).
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { livekitConfig } from '../livekit/config'
import { readOrgSettings } from '../org/settings'

export const configRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const org = await readOrgSettings(c.env)
  return c.json({
    media: livekitConfig(c.env) !== null,
    quickExitUrl: org.quickExitUrl,
    helpContacts: org.helpContacts,
  })
})
