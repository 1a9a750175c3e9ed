// Vocabulary shared by every Havre message: session kinds, roles and modes (./roles, without a
// schema, for the web client) and the identifiers' schemas.
import * as v from 'valibot'

export * from './roles'

export const SessionIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{16,64}$/))
export const SeatIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/))
/** A one-time token: 32 random bytes in base64url (43 characters). */
export const TokenSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{43}$/))
