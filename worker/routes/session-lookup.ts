// Finding a session for a staff route: 404 when it does not exist, 410 when it has ended.
import { eq } from 'drizzle-orm'
import type { AppEnv } from '../env'
import { db } from '../db/client'
import { sessions } from '../db/schema'
import { fail } from '../lib/errors'

export async function findSession(c: { env: AppEnv['Bindings'] }, id: string) {
  const rows = await db(c.env.DB).select().from(sessions).where(eq(sessions.id, id))
  const row = rows[0]
  if (!row) fail(404, 'not_found', 'This session does not exist.')
  return row
}

export async function openSession(c: { env: AppEnv['Bindings'] }, id: string) {
  const row = await findSession(c, id)
  if (row.status === 'closed' || row.closesAt <= Date.now()) {
    fail(410, 'session_ended', 'This session has ended.')
  }
  return row
}
