// Retention: the scheduled Worker deletes non-content records older than the organization allows.
import { and, eq, isNotNull, lt, or } from 'drizzle-orm'
import type { Env } from '../env'
import { db } from '../db/client'
import { authChallenges, invites, sessions, staffInvites, staffSessions } from '../db/schema'
import { readOrgSettings } from './settings'

export async function purgeExpiredRecords(env: Env, now = Date.now()) {
  const { retentionDays } = await readOrgSettings(env)
  const cutoff = now - retentionDays * 86_400_000
  const d = db(env.DB)
  const old = await d
    .select({ id: sessions.id })
    .from(sessions)
    .where(or(lt(sessions.closesAt, cutoff), and(isNotNull(sessions.closedAt), lt(sessions.closedAt, cutoff))))
  const ids = old.map((s) => s.id)
  for (const id of ids) {
    // Links first: they reference the session.
    await d.batch([d.delete(invites).where(eq(invites.sessionId, id)), d.delete(sessions).where(eq(sessions.id, id))])
  }
  await d.batch([
    d.delete(staffSessions).where(lt(staffSessions.expiresAt, now)),
    d.delete(authChallenges).where(lt(authChallenges.expiresAt, now)),
    d.delete(staffInvites).where(lt(staffInvites.expiresAt, cutoff)),
  ])
  return { sessionsPurged: ids.length }
}

