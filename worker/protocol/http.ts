// Schemas of every HTTP request body and the shapes of their answers.
import * as v from 'valibot'
import { LIMITS, PSEUDONYM_RE } from './limits'
import { INVITE_ROLES, SESSION_KINDS, TokenSchema } from './common'
import { missingLanguage, type Bilingual } from './bilingual'

const DisplayName = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(80))
/** The name survivors see for a staff member in sessions: a first name or a role name. */
export const SessionNameSchema = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'A name to show in sessions is needed.'),
  v.maxLength(LIMITS.pseudonymChars, 'That name is too long.'),
  v.regex(PSEUDONYM_RE, 'That name has characters that cannot be shown.'),
)

export const RedeemBodySchema = v.object({ token: TokenSchema })
export type RedeemAnswer = {
  sessionId: string
  seat: string
  role: (typeof INVITE_ROLES)[number]
  kind: (typeof SESSION_KINDS)[number]
  /** The session's agreement, or the organization's in both languages. */
  agreement: string | Bilingual
  /** Shown before the person can send a first message. */
  notice: string | Bilingual
  lobby: boolean
  requiresCodeWord: boolean
  opensAt: number
  closesAt: number
  /** Short chat links: when an advocate is available again after it closes (absent: not said). */
  availableAgain?: Bilingual
}

/** A session's own text: one for everyone (API clients), or the same text in both languages. */
const SessionText = v.union([
  v.pipe(v.string(), v.maxLength(LIMITS.agreementChars)),
  v.object({
    en: v.pipe(v.string(), v.maxLength(LIMITS.agreementChars)),
    fr: v.pipe(v.string(), v.maxLength(LIMITS.agreementChars)),
  }),
])


const Minutes = v.pipe(v.number(), v.integer())
/** A session opens at most this far ahead, so every link carries a date a browser can show. */
export const MAX_OPENS_AHEAD_MS = 365 * 24 * 3600_000
/** A session is at most this long (a chat link at most 4 hours), so it opened no longer ago. */
export const MAX_SESSION_MS = 24 * 3600_000
export const CreateSessionBodySchema = v.pipe(
  v.object({
    kind: v.picklist(SESSION_KINDS),
    title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(LIMITS.titleChars)),
    /** Empty: the organization's agreement. In both languages, or neither. */
    agreement: v.optional(SessionText, ''),
    /** Empty: the organization's opening notice. In both languages, or neither. */
    notice: v.optional(SessionText, ''),
    lobby: v.optional(v.boolean(), true),
    opensAt: v.optional(Minutes),
    closesAt: v.optional(Minutes),
    /** Short-lived chat links: valid for this many minutes from now. */
    durationMinutes: v.optional(
      v.pipe(Minutes, v.minValue(5, 'A chat link lasts at least 5 minutes.'), v.maxValue(240, 'A chat link lasts at most 4 hours.')),
    ),
  }),
  v.check(
    (s) => s.durationMinutes !== undefined || (s.opensAt !== undefined && s.closesAt !== undefined),
    'An opening and a closing time are needed.',
  ),
  v.check((s) => s.durationMinutes === undefined || s.kind === 'chat', 'Only chat links have a duration.'),
  v.check((s) => missingLanguage(s.agreement) !== 'fr', 'The agreement in French is missing.'),
  v.check((s) => missingLanguage(s.agreement) !== 'en', 'The agreement in English is missing.'),
  v.check((s) => missingLanguage(s.notice) !== 'fr', 'The notice in French is missing.'),
  v.check((s) => missingLanguage(s.notice) !== 'en', 'The notice in English is missing.'),
  v.check(
    (s) => s.opensAt === undefined || s.opensAt <= Date.now() + MAX_OPENS_AHEAD_MS,
    'A session must open within a year from now.',
  ),
  v.check(
    (s) => s.opensAt === undefined || s.opensAt >= Date.now() - MAX_SESSION_MS,
    'The opening time is too far in the past.',
  ),
  v.check(
    (s) => s.opensAt === undefined || s.closesAt === undefined || s.closesAt > s.opensAt,
    'The closing time must be after the opening time.',
  ),
  v.check(
    (s) =>
      s.opensAt === undefined ||
      s.closesAt === undefined ||
      s.closesAt - s.opensAt <= (s.kind === 'chat' ? MAX_SESSION_MS / 6 : MAX_SESSION_MS),
    'A session can last at most 24 hours, and a chat link at most 4 hours.',
  ),
)
export type CreateSessionBody = v.InferOutput<typeof CreateSessionBodySchema>

export const CreateInvitesBodySchema = v.object({
  role: v.picklist(INVITE_ROLES),
  requiresCodeWord: v.optional(v.boolean(), false),
  count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIMITS.linksPerRequest)),
})

/** What the session's room says now (only for sessions that have not ended). */
export type LiveCounts = {
  /** The room has started: someone holds a seat in it. */
  open: boolean
  /** People admitted and connected now (staff included). */
  present: number
  /** People who have joined the lobby and wait to be admitted. */
  waiting: number
}

export const INVITE_STATES = ['unused', 'used', 'revoked', 'expired'] as const
export type InviteState = (typeof INVITE_STATES)[number]

/** One link in the console's list: never who used it, only whether it was used. */
export type InviteSummary = {
  /** The SHA-256 of the token (the token itself is never kept). */
  id: string
  role: (typeof INVITE_ROLES)[number]
  /** Its number among the session's links of that role, from 1, in the order they were made. */
  number: number
  state: InviteState
  requiresCodeWord: boolean
  createdAt: number
}

export const InviteIdSchema = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/))

export type SessionSummary = {
  id: string
  kind: (typeof SESSION_KINDS)[number]
  title: string
  agreement: string
  notice: string
  lobby: boolean
  opensAt: number
  closesAt: number
  status: 'scheduled' | 'closed'
  /** The room's live state; null when it has ended or could not be asked. */
  live: LiveCounts | null
}

export const RegisterOptionsBodySchema = v.object({ token: TokenSchema, displayName: DisplayName })
export const RegisterVerifyBodySchema = v.object({
  token: TokenSchema,
  displayName: DisplayName,
  /** Asked at setup; '' leaves it to be chosen in the console. */
  sessionName: v.optional(v.union([v.literal(''), SessionNameSchema]), ''),
  challengeId: v.string(),
  response: v.looseObject({ id: v.string(), rawId: v.string(), type: v.literal('public-key') }),
})
export const LoginVerifyBodySchema = v.object({
  challengeId: v.string(),
  response: v.looseObject({ id: v.string(), rawId: v.string(), type: v.literal('public-key') }),
})
export const StaffInviteBodySchema = v.object({ isAdmin: v.boolean() })

export const UpdateMeBodySchema = v.object({ sessionName: SessionNameSchema })

export type Me = {
  id: string
  /** The name colleagues see in the console. */
  displayName: string
  /** The name survivors see in sessions ('' until chosen). */
  sessionName: string
  isAdmin: boolean
  csrf: string
}

/** Every HTTP error answer: a code the client translates and a sentence a person can read. */
export type ErrorAnswer = { error: string; message: string }

const HelpContact = v.object({
  label: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(80)),
  value: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(120)),
})
const LongText = v.pipe(v.string(), v.maxLength(LIMITS.agreementChars))

/** The organization's settings, editable by an admin. */
export const OrgSettingsSchema = v.object({
  agreementEn: LongText,
  agreementFr: LongText,
  noticeEn: LongText,
  noticeFr: LongText,
  quickExitUrl: v.pipe(v.string(), v.url('The quick-exit destination must be a web address.'), v.startsWith('https://', 'The quick-exit destination must start with https://.')),
  graceSeconds: v.pipe(v.number(), v.integer(), v.minValue(5), v.maxValue(300)),
  maxGroupSize: v.pipe(v.number(), v.integer(), v.minValue(2), v.maxValue(100)),
  helpContacts: v.pipe(v.array(HelpContact), v.maxLength(8)),
  retentionDays: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(365)),
  /** Short chat links: when an advocate is available again, said when a chat closes. */
  availableAgainEn: v.optional(LongText, ''),
  availableAgainFr: v.optional(LongText, ''),
})
export type OrgSettings = v.InferOutput<typeof OrgSettingsSchema>

export type { Bilingual }
