// Staff authentication: the __Host- session cookie, its CSRF token, and the admin check.
import { createMiddleware } from 'hono/factory'
import { getCookie } from 'hono/cookie'
import { and, eq, gt } from 'drizzle-orm'
import type { AppEnv } from '../env'
import { db } from '../db/client'
import { staff, staffSessions } from '../db/schema'
import { sha256Hex, timingSafeEqual } from '../lib/crypto'
import { fail } from '../lib/errors'

export const STAFF_COOKIE = 'havre_staff'
export const STAFF_SESSION_SECONDS = 4 * 3600

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export const requireStaff = createMiddleware<AppEnv>(async (c, next) => {
  const token = getCookie(c, STAFF_COOKIE, 'host')
  if (!token) fail(401, 'signed_out', 'Please sign in with your passkey.')
  const rows = await db(c.env.DB)
    .select({
      id: staff.id,
      displayName: staff.displayName,
      sessionName: staff.sessionName,
      isAdmin: staff.isAdmin,
      csrf: staffSessions.csrfToken,
    })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(
      and(eq(staffSessions.tokenHash, await sha256Hex(token)), gt(staffSessions.expiresAt, Date.now())),
    )
    .limit(1)
  const me = rows[0]
  if (!me) fail(401, 'signed_out', 'Your sign-in has expired. Please sign in again.')
  if (!SAFE_METHODS.has(c.req.method)) {
    const sent = c.req.header('x-csrf-token') ?? ''
    if (!timingSafeEqual(sent, me.csrf)) {
      fail(403, 'csrf', 'This request did not come from the Havre console.')
    }
  }
  c.set('staff', me)
  await next()
})

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get('staff').isAdmin) fail(403, 'not_admin', 'Only an organization admin can do this.')
  await next()
})
