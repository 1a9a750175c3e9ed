// Redeeming a one-time link: spent atomically the moment the page opens, then a seat in the room.
import { Hono } from 'hono'
import { and, eq, gt, isNull, lte, ne, sql } from 'drizzle-orm'
import type { AppEnv } from '../env'
import { db } from '../db/client'
import { invites, orgSettings, sessions } from '../db/schema'
import { sha256Hex } from '../lib/crypto'
import { fail } from '../lib/errors'
import { readJson } from '../lib/validate'
import { roomFor } from '../room/stub'
import { orgSettingsFrom } from '../org/settings'
import { RedeemBodySchema, type Bilingual, type RedeemAnswer } from '../protocol'

/** A link may be opened this long before the session opens (people arrive early). */
export const EARLY_JOIN_MS = 15 * 60_000

/** A session's own text: in both languages, the only one it has, or none (the organization's). */
const sessionText = (en: string, fr: string): string | Bilingual | undefined =>
  fr ? { en, fr } : en || undefined

export const redeemRoutes = new Hono<AppEnv>().post('/', async (c) => {
  const { token } = await readJson(c, RedeemBodySchema)
  const d = db(c.env.DB)
  const tokenHash = await sha256Hex(token)
  const now = Date.now()

  // One round trip. The conditional UPDATE is the lock: of any number of concurrent attempts, one
  // wins; the SELECT after it explains a refusal; the organization's texts come along.
  const open = d
    .select({ id: sessions.id })
    .from(sessions)
    .where(
      and(
        eq(sessions.id, invites.sessionId),
        ne(sessions.status, 'closed'),
        gt(sessions.closesAt, now),
        lte(sessions.opensAt, now + EARLY_JOIN_MS),
      ),
    )
  const [spent, found, org] = await d.batch([
    d
      .update(invites)
      .set({ usedAt: now })
      .where(
        and(
          eq(invites.tokenHash, tokenHash),
          isNull(invites.usedAt),
          isNull(invites.revokedAt),
          gt(invites.expiresAt, now),
          sql`exists ${open}`,
        ),
      )
      .returning({ role: invites.role, requiresCodeWord: invites.requiresCodeWord }),
    d
      .select({ invite: invites, session: sessions })
      .from(invites)
      .innerJoin(sessions, eq(sessions.id, invites.sessionId))
      .where(eq(invites.tokenHash, tokenHash)),
    d.select().from(orgSettings).where(eq(orgSettings.id, 1)),
  ])
  const won = spent[0]
  const row = found[0]
  if (!row) fail(404, 'link_invalid', 'This link is not valid. Ask your facilitator for a new one.')
  const { invite, session } = row
  if (!won) {
    if (session.status === 'closed' || session.closesAt <= now || invite.revokedAt) {
      fail(410, 'session_ended', 'This session has ended.')
    }
    if (invite.usedAt) {
      fail(410, 'link_used', 'This link has already been used. Ask your facilitator for a new one.')
    }
    if (invite.expiresAt <= now) fail(410, 'link_expired', 'This link has expired.')
    // Not spent: the person may come back when the session opens.
    return c.json(
      { error: 'not_open_yet', message: 'This session has not opened yet.', opensAt: session.opensAt },
      425,
    )
  }

  const seat = await roomFor(c.env, session.id).createSeat(session, won.role, {
    codeWordRequired: won.requiresCodeWord,
  })
  if (!seat.ok) fail(410, 'session_ended', 'This session has ended.')
  const settings = orgSettingsFrom(org, c.env)
  const answer: RedeemAnswer = {
    sessionId: session.id,
    seat: seat.seat,
    role: won.role,
    kind: session.kind,
    agreement: sessionText(session.agreement, session.agreementFr) ?? {
      en: settings.agreementEn,
      fr: settings.agreementFr,
    },
    notice: sessionText(session.notice, session.noticeFr) ?? {
      en: settings.noticeEn,
      fr: settings.noticeFr,
    },
    lobby: session.lobby,
    requiresCodeWord: won.requiresCodeWord,
    opensAt: session.opensAt,
    closesAt: session.closesAt,
    ...(session.kind === 'chat' && (settings.availableAgainEn || settings.availableAgainFr)
      ? { availableAgain: { en: settings.availableAgainEn, fr: settings.availableAgainFr } }
      : {}),
  }
  return c.json(answer, 201)
})
