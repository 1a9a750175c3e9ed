// Staff routes for one session's one-time links: make them, list them with their state, revoke one.
// The list says whether a link was used, never by whom (nothing in D1 could say).
import { Hono } from 'hono'
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { AppEnv } from '../env'
import { db, type Db } from '../db/client'
import { invites } from '../db/schema'
import { randomToken, sha256Hex } from '../lib/crypto'
import { fail } from '../lib/errors'
import { readJson, readParam } from '../lib/validate'
import {
  CreateInvitesBodySchema,
  InviteIdSchema,
  SessionIdSchema,
  type InviteState,
  type InviteSummary,
} from '../protocol'
import { findSession, openSession } from './session-lookup'

type InviteRow = typeof invites.$inferSelect

const stateOf = (row: InviteRow, sessionOver: boolean, now: number): InviteState =>
  row.usedAt !== null
    ? 'used'
    : row.revokedAt !== null
      ? 'revoked'
      : row.expiresAt <= now || sessionOver
        ? 'expired'
        : 'unused'

/** The session's links in the order they were made (SQLite's rowid), numbered per role from 1. */
async function listInvites(d: Db, sessionId: string, sessionOver: boolean): Promise<InviteSummary[]> {
  const rows = await d
    .select()
    .from(invites)
    .where(eq(invites.sessionId, sessionId))
    .orderBy(asc(sql`rowid`))
  const counts = new Map<string, number>()
  const now = Date.now()
  return rows.map((row) => {
    const number = (counts.get(row.role) ?? 0) + 1
    counts.set(row.role, number)
    return {
      id: row.tokenHash,
      role: row.role,
      number,
      state: stateOf(row, sessionOver, now),
      requiresCodeWord: row.requiresCodeWord,
      createdAt: row.createdAt,
    }
  })
}

/** Mounted by sessionRoutes, behind its requireStaff. */
export const sessionLinkRoutes = new Hono<AppEnv>()
  .get('/:id/invites', async (c) => {
    const id = readParam(c.req.param('id'), SessionIdSchema)
    const session = await findSession(c, id)
    const over = session.status === 'closed' || session.closesAt <= Date.now()
    return c.json({ invites: await listInvites(db(c.env.DB), id, over) })
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
    // Each new link's number, as the list will show it.
    const listed = new Map((await listInvites(d, id, false)).map((i) => [i.id, i.number]))
    const numbers = rows.map((r) => listed.get(r.tokenHash) ?? 0)
    return c.json({ role: body.role, tokens, numbers, expiresAt: session.closesAt }, 201)
  })
  .post('/:id/invites/:invite/revoke', async (c) => {
    const id = readParam(c.req.param('id'), SessionIdSchema)
    const inviteId = readParam(c.req.param('invite'), InviteIdSchema)
    await findSession(c, id)
    const d = db(c.env.DB)
    const done = await d
      .update(invites)
      .set({ revokedAt: Date.now() })
      .where(
        and(
          eq(invites.tokenHash, inviteId),
          eq(invites.sessionId, id),
          isNull(invites.usedAt),
          isNull(invites.revokedAt),
        ),
      )
      .returning({ id: invites.tokenHash })
    if (done.length === 1) return c.json({ ok: true })
    const rows = await d
      .select()
      .from(invites)
      .where(and(eq(invites.tokenHash, inviteId), eq(invites.sessionId, id)))
    const row = rows[0]
    if (!row) fail(404, 'not_found', 'This link does not exist.')
    if (row.usedAt !== null) {
      fail(409, 'link_already_used', 'This link has already been used. To take someone out, remove them in the room.')
    }
    return c.json({ ok: true })
  })
