// Organization settings: staff read them (for the console's defaults), admins change them.
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { readJson } from '../lib/validate'
import { requireAdmin, requireStaff } from '../middleware/staff-auth'
import { readOrgSettings, writeOrgSettings } from '../org/settings'
import { OrgSettingsSchema } from '../protocol'

export const orgRoutes = new Hono<AppEnv>()
  .use(requireStaff)
  .get('/settings', async (c) => c.json(await readOrgSettings(c.env)))
  .put('/settings', requireAdmin, async (c) => {
    const body = await readJson(c, OrgSettingsSchema)
    await writeOrgSettings(c.env.DB, body)
    return c.json(await readOrgSettings(c.env))
  })
