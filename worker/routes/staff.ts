// The signed-in staff member, and one-time links that invite more staff (admins only).
import { Hono } from 'hono'
import type { AppEnv } from '../env'
import { db } from '../db/client'
import { eq } from 'drizzle-orm'
import { staff, staffInvites } from '../db/schema'
import { randomToken, sha256Hex } from '../lib/crypto'
import { readJson } from '../lib/validate'
import { requireAdmin, requireStaff } from '../middleware/staff-auth'
import { StaffInviteBodySchema, UpdateMeBodySchema, type Me } from '../protocol'

export const STAFF_LINK_MS = 72 * 3600_000

export const staffRoutes = new Hono<AppEnv>()
  .use(requireStaff)
  .get('/me', (c) => c.json(c.get('staff') satisfies Me))
  /** The name shown in sessions, chosen by the staff member (survivors see only this one). */
  .put('/me', async (c) => {
    const body = await readJson(c, UpdateMeBodySchema)
    const me = c.get('staff')
    await db(c.env.DB).update(staff).set({ sessionName: body.sessionName }).where(eq(staff.id, me.id))
    return c.json({ ...me, sessionName: body.sessionName } satisfies Me)
  })
  .post('/invites', requireAdmin, async (c) => {
    const body = await readJson(c, StaffInviteBodySchema)
    const token = randomToken()
    const expiresAt = Date.now() + STAFF_LINK_MS
    await db(c.env.DB)
      .insert(staffInvites)
      .values({ tokenHash: await sha256Hex(token), isAdmin: body.isAdmin, expiresAt })
    return c.json({ token, expiresAt }, 201)
  })
