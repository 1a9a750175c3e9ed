// Tells D1 a session has closed: status closed and every unused link revoked, in one batch.
import { and, eq, isNull } from 'drizzle-orm'
import { db } from '../db/client'
import { invites, sessions } from '../db/schema'

export async function recordSessionClosed(d1: D1Database, sessionId: string, now = Date.now()) {
  const d = db(d1)
  await d.batch([
    d.update(sessions).set({ status: 'closed', closedAt: now }).where(eq(sessions.id, sessionId)),
    d
      .update(invites)
      .set({ revokedAt: now })
      .where(
        and(eq(invites.sessionId, sessionId), isNull(invites.usedAt), isNull(invites.revokedAt)),
      ),
  ])
}
