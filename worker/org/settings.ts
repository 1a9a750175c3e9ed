// Reads and writes the organization's settings (one D1 row), falling back to the defaults.
import * as v from 'valibot'
import { eq } from 'drizzle-orm'
import { db } from '../db/client'
import { orgSettings } from '../db/schema'
import { DEFAULT_ORG } from './defaults'
import { OrgSettingsSchema, type OrgSettings } from '../protocol'

export async function readOrgSettings(d1: D1Database): Promise<OrgSettings> {
  const rows = await db(d1).select().from(orgSettings).where(eq(orgSettings.id, 1))
  const row = rows[0]
  if (!row) return DEFAULT_ORG
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
