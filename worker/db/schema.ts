// D1 schema: only what must outlive a session's memory. No column can hold a survivor's
// pseudonym, IP address, user agent or message.
import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core'

export const staff = sqliteTable('staff', {
  id: text('id').primaryKey(),
  displayName: text('display_name').notNull(),
  /** The name survivors see in sessions (a first name or a role name); '' until chosen. */
  sessionName: text('session_name').notNull().default(''),
  isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
})

export const passkeys = sqliteTable(
  'passkeys',
  {
    /** WebAuthn credential id, base64url. */
    id: text('id').primaryKey(),
    staffId: text('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    publicKey: text('public_key').notNull(),
    counter: integer('counter').notNull().default(0),
    transports: text('transports').notNull().default('[]'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('passkeys_staff_idx').on(t.staffId)],
)

/** Staff sign-in sessions: the cookie holds a random token, the table only its SHA-256. */
export const staffSessions = sqliteTable('staff_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  staffId: text('staff_id')
    .notNull()
    .references(() => staff.id, { onDelete: 'cascade' }),
  csrfToken: text('csrf_token').notNull(),
  expiresAt: integer('expires_at').notNull(),
})

/** One-time links that let a new staff member register a passkey (the first one is the setup link). */
export const staffInvites = sqliteTable('staff_invites', {
  tokenHash: text('token_hash').primaryKey(),
  isAdmin: integer('is_admin', { mode: 'boolean' }).notNull().default(false),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
})

/** WebAuthn challenges, kept for a few minutes and consumed once. */
export const authChallenges = sqliteTable('auth_challenges', {
  id: text('id').primaryKey(),
  challenge: text('challenge').notNull(),
  purpose: text('purpose', { enum: ['register', 'login'] }).notNull(),
  expiresAt: integer('expires_at').notNull(),
})

/** The organization's defaults (one row, id 1): texts in both languages, safety settings, retention. */
export const orgSettings = sqliteTable('org_settings', {
  id: integer('id').primaryKey(),
  agreementEn: text('agreement_en').notNull(),
  agreementFr: text('agreement_fr').notNull(),
  noticeEn: text('notice_en').notNull(),
  noticeFr: text('notice_fr').notNull(),
  quickExitUrl: text('quick_exit_url').notNull(),
  graceSeconds: integer('grace_seconds').notNull(),
  maxGroupSize: integer('max_group_size').notNull(),
  /** JSON list of { label, value }: hotlines and text lines shown wherever a link cannot open. */
  helpContacts: text('help_contacts').notNull(),
  retentionDays: integer('retention_days').notNull(),
  /** Short chat links: when an advocate is available again after one closes ('' says nothing). */
  availableAgainEn: text('available_again_en').notNull().default(''),
  availableAgainFr: text('available_again_fr').notNull().default(''),
  updatedAt: integer('updated_at').notNull(),
})

export const sessions = sqliteTable('sessions', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: ['group', 'youth', 'chat'] }).notNull(),
  /** Seen by staff only. */
  title: text('title').notNull(),
  /** Overrides the organization's agreement when not empty: the English text, or the only one. */
  agreement: text('agreement').notNull(),
  /** The agreement in French ('' when the session has one text for everyone). */
  agreementFr: text('agreement_fr').notNull().default(''),
  /** Overrides the organization's opening notice when not empty: English, or the only one. */
  notice: text('notice').notNull().default(''),
  /** The notice in French ('' when the session has one text for everyone). */
  noticeFr: text('notice_fr').notNull().default(''),
  lobby: integer('lobby', { mode: 'boolean' }).notNull().default(true),
  graceSeconds: integer('grace_seconds').notNull().default(20),
  maxParticipants: integer('max_participants').notNull().default(20),
  opensAt: integer('opens_at').notNull(),
  closesAt: integer('closes_at').notNull(),
  status: text('status', { enum: ['scheduled', 'closed'] })
    .notNull()
    .default('scheduled'),
  createdBy: text('created_by')
    .notNull()
    .references(() => staff.id),
  createdAt: integer('created_at').notNull(),
  closedAt: integer('closed_at'),
})

/** One-time session links: only the SHA-256 of the token is kept. */
export const invites = sqliteTable(
  'invites',
  {
    tokenHash: text('token_hash').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    role: text('role', {
      enum: ['participant', 'cofacilitator', 'interpreter', 'observer'],
    }).notNull(),
    expiresAt: integer('expires_at').notNull(),
    /** The person must give a code word agreed with her advocate (the word itself is never stored). */
    requiresCodeWord: integer('requires_code_word', { mode: 'boolean' }).notNull().default(false),
    usedAt: integer('used_at'),
    revokedAt: integer('revoked_at'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('invites_session_idx').on(t.sessionId)],
)
