// Session kinds, roles and modes, with no schema: the web client imports these without valibot
// (common.ts re-exports them beside the schemas for the worker).

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
