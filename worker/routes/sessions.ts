// Staff routes for sessions: create, list, make one-time links, and take the facilitator's seat.
import { Hono } from 'hono'
import { desc, eq } from 'drizzle-orm'
import type { AppEnv } from '../env'
import { db } from '../db/client'
import { invites, sessions } from '../db/schema'
import { randomToken, sha256Hex } from '../lib/crypto'
import { fail } from '../lib/errors'
import { readJson, readParam } from '../lib/validate'
import { requireStaff } from '../middleware/staff-auth'
import { roomFor } from '../room/stub'
import { readOrgSettings } from '../org/settings'
import {
  CreateInvitesBodySchema,
  CreateSessionBodySchema,
  SessionIdSchema,
  type SessionSummary,
} from '../protocol'

const summary = (row: typeof sessions.$inferSelect): SessionSummary => ({
  id: row.id,
  kind: row.kind,
  title: row.title,
  agreement: row.agreement,
  notice: row.notice,
  lobby: row.lobby,
  opensAt: row.opensAt,
  closesAt: row.closesAt,
  status: row.status,
})

async function openSession(c: { env: AppEnv['Bindings'] }, id: string) {
  const rows = await db(c.env.DB).select().from(sessions).where(eq(sessions.id, id))
  const row = rows[0]
  if (!row) fail(404, 'not_found', 'This session does not exist.')
  if (row.status === 'closed' || row.closesAt <= Date.now()) {
    fail(410, 'session_ended', 'This session has ended.')
  }
  return row
}

export const sessionRoutes = new Hono<AppEnv>()
  .use(requireStaff)
  .get('/', async (c) => {
    const rows = await db(c.env.DB).select().from(sessions).orderBy(desc(sessions.opensAt)).limit(100)
    return c.json({ sessions: rows.map(summary) })
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
    return c.json(summary({ ...row, closedAt: null }), 201)
  })
  .post('/:id/invites', async (c) => {
    const id = readParam(c.req.param('id'), SessionIdSchema)
    const body = await readJson(c, CreateInvitesBodySchema)
    const session = await openSession(c, id)
    const tokens = Array.from({ length: body.count }, () => randomToken())
    const now = Date.now()
    const rows = await Promise.all(
      tokens.map(async (token) => ({
        tokenHash: await sha256Hex(token),
        sessionId: id,
        role: body.role,
        requiresCodeWord: body.requiresCodeWord,
        expiresAt: session.closesAt,
        createdAt: now,
      })),
    )
    const d = db(c.env.DB)
    // One statement per link: D1 caps bound parameters per statement; the batch is one transaction.
    const [first, ...rest] = rows.map((row) => d.insert(invites).values(row))
    await d.batch([first!, ...rest])
    return c.json({ role: body.role, tokens, expiresAt: session.closesAt }, 201)
  })
  .post('/:id/host', async (c) => {
    const id = readParam(c.req.param('id'), SessionIdSchema)
    const session = await openSession(c, id)
    const seat = await roomFor(c.env, id).createSeat(session, 'facilitator', { staffId: c.get('staff').id })
    if (!seat.ok) fail(410, 'session_ended', 'This session has ended.')
    return c.json({ sessionId: id, seat: seat.seat, role: 'facilitator', kind: session.kind }, 201)
  })
  .post('/:id/end', async (c) => {
    const id = readParam(c.req.param('id'), SessionIdSchema)
    const session = await openSession(c, id)
    await roomFor(c.env, id).end(session, 'ended')
    return c.json({ ok: true })
  })
