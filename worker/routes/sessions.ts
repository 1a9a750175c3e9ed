// Staff routes for sessions: create, list, make one-time links, and take the facilitator's seat.
import { Hono } from 'hono'
import { desc } from 'drizzle-orm'
import type { AppEnv } from '../env'
import { db } from '../db/client'
import { sessions } from '../db/schema'
import { randomToken } from '../lib/crypto'
import { fail } from '../lib/errors'
import { readJson, readParam } from '../lib/validate'
import { requireStaff } from '../middleware/staff-auth'
import { roomFor } from '../room/stub'
import { readOrgSettings } from '../org/settings'
import {
  CreateSessionBodySchema,
  SessionIdSchema,
  type LiveCounts,
  type SessionSummary,
} from '../protocol'
import { openSession } from './session-lookup'
import { sessionLinkRoutes } from './session-links'

const summary = (row: typeof sessions.$inferSelect, live: LiveCounts | null = null): SessionSummary => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  agreement: row.agreement,
  notice: row.notice,
  lobby: row.lobby,
  opensAt: row.opensAt,
  closesAt: row.closesAt,
  status: row.status,
  live,
})

/** Asks each session that has not ended how many people are in and waiting (counts only). */
async function liveCountsOf(env: AppEnv['Bindings'], row: typeof sessions.$inferSelect) {
  if (row.status === 'closed' || row.closesAt <= Date.now()) return null
  try {
    return await roomFor(env, row.id).liveCounts()
  } catch (err) {
    console.warn('live counts unavailable', String(err))
    return null
  }
}

/** The name survivors see for this staff member: the one chosen for sessions. */
const staffSeatName = (staffName: string) => staffName.trim() || undefined

export const sessionRoutes = new Hono<AppEnv>()
  .use(requireStaff)
  .get('/', async (c) => {
    const rows = await db(c.env.DB).select().from(sessions).orderBy(desc(sessions.opensAt)).limit(100)
    const live = await Promise.all(rows.map((row) => liveCountsOf(c.env, row)))
    return c.json({ sessions: rows.map((row, i) => summary(row, live[i])) })
  })
  .post('/', async (c) => {
    const body = await readJson(c, CreateSessionBodySchema)
    const now = Date.now()
    const opensAt = body.durationMinutes !== undefined ? now : body.opensAt!
    const closesAt = body.durationMinutes !== undefined ? now + body.durationMinutes * 60_000 : body.closesAt!
    if (closesAt <= now) fail(400, 'invalid', 'The closing time is already past.')
    const org = await readOrgSettings(c.env)
    const row = {
      id: randomToken(16),
      kind: body.kind,
      title: body.title,
      // One text for everyone (API clients), or English and French.
      agreement: typeof body.agreement === 'string' ? body.agreement : body.agreement.en,
      agreementFr: typeof body.agreement === 'string' ? '' : body.agreement.fr,
      notice: typeof body.notice === 'string' ? body.notice : body.notice.en,
      noticeFr: typeof body.notice === 'string' ? '' : body.notice.fr,
      lobby: body.lobby,
      opensAt,
      closesAt,
      graceSeconds: org.graceSeconds,
      maxParticipants: org.maxGroupSize,
      status: 'scheduled' as const,
      createdBy: c.get('staff').id,
      createdAt: now,
    }
    await db(c.env.DB).insert(sessions).values(row)
    return c.json(summary({ ...row, closedAt: null }, { open: false, present: 0, waiting: 0 }), 201)
  })
  .route('/', sessionLinkRoutes)
  .post('/:id/host', async (c) => {
    const id = readParam(c.req.param('id'), SessionIdSchema)
    const session = await openSession(c, id)
    const me = c.get('staff')
    const seat = await roomFor(c.env, id).createSeat(session, 'facilitator', {
      staffId: me.id,
      staffName: staffSeatName(me.sessionName),
    })
    if (!seat.ok) fail(410, 'session_ended', 'This session has ended.')
    return c.json({ sessionId: id, seat: seat.seat, role: 'facilitator', kind: session.kind }, 201)
  })
  .post('/:id/end', async (c) => {
    const id = readParam(c.req.param('id'), SessionIdSchema)
    const session = await openSession(c, id)
    await roomFor(c.env, id).end(session, 'ended')
    return c.json({ ok: true })
  })
