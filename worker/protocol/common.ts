// Vocabulary shared by every Havre message: session kinds, roles, modes and identifiers.
import * as v from 'valibot'

export const SESSION_KINDS = ['group', 'youth', 'chat'] as const
export type SessionKind = (typeof SESSION_KINDS)[number]

/** Roles a seat in a live session can hold. */
export const ROLES = ['facilitator', 'cofacilitator', 'participant', 'interpreter', 'observer'] as const
export type Role = (typeof ROLES)[number]

/** Roles a one-time link can grant (the facilitator comes in through the staff console). */
export const INVITE_ROLES = ['participant', 'cofacilitator', 'interpreter', 'observer'] as const
export type InviteRole = (typeof INVITE_ROLES)[number]

export const MODES = ['video', 'audio', 'text'] as const
export type Mode = (typeof MODES)[number]

export const isModerator = (role: Role) => role === 'facilitator' || role === 'cofacilitator'

export const SessionIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/))
export const SeatIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/))
/** A one-time token: 32 random bytes in base64url (43 characters). */
export const TokenSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/))
