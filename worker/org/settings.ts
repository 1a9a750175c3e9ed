// Reads and writes the organization's settings (one D1 row), falling back to the defaults.
import * as v from 'valibot'
import { eq } from 'drizzle-orm'
import type { Env } from '../env'
import { db } from '../db/client'
import { orgSettings } from '../db/schema'
import { DEFAULT_ORG } from './defaults'
import { OrgSettingsSchema, type OrgSettings } from '../protocol'

/** The saved settings, or the defaults (the deployment's grace and quick-exit vars win over code). */
export async function readOrgSettings(env: Env): Promise<OrgSettings> {
  return orgSettingsFrom(await db(env.DB).select().from(orgSettings).where(eq(orgSettings.id, 1)), env)
}

/** The settings from the rows of a `select` on org_settings (none: the defaults). */
export function orgSettingsFrom(rows: (typeof orgSettings.$inferSelect)[], env: Env): OrgSettings {
  const row = rows[0]
  if (!row) {
    return {
      ...DEFAULT_ORG,
      graceSeconds: Number(env.FACILITATOR_GRACE_SECONDS) || DEFAULT_ORG.graceSeconds,
      quickExitUrl: env.QUICK_EXIT_URL || DEFAULT_ORG.quickExitUrl,
    }
  }
  const contacts = v.safeParse(OrgSettingsSchema.entries.helpContacts, JSON.parse(row.helpContacts))
  return { ...row, helpContacts: contacts.success ? contacts.output : [] }
}

export async function writeOrgSettings(d1: D1Database, settings: OrgSettings) {
  const row = { ...settings, helpContacts: JSON.stringify(settings.helpContacts), updatedAt: Date.now() }
  await db(d1)
    .insert(orgSettings)
    .values({ id: 1, ...row })
    .onConflictDoUpdate({ target: orgSettings.id, set: row })
}
