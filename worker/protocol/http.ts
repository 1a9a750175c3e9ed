// Schemas of every HTTP request body and the shapes of their answers.
import * as v from 'valibot'
import { LIMITS } from './limits'
import { INVITE_ROLES, SESSION_KINDS, TokenSchema } from './common'

const DisplayName = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(80))

export const RedeemBodySchema = v.object({ token: TokenSchema })
export type RedeemAnswer = {
  sessionId: string
  seat: string
  role: (typeof INVITE_ROLES)[number]
  kind: (typeof SESSION_KINDS)[number]
  agreement: string
  closesAt: number
}

export const CreateSessionBodySchema = v.pipe(
  v.object({
    kind: v.picklist(SESSION_KINDS),
    title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(LIMITS.titleChars)),
    agreement: v.pipe(v.string(), v.maxLength(LIMITS.agreementChars)),
    opensAt: v.pipe(v.number(), v.integer()),
    closesAt: v.pipe(v.number(), v.integer()),
  }),
  v.check((s) => s.closesAt > s.opensAt, 'The closing time must be after the opening time.'),
  v.check(
    (s) => s.closesAt - s.opensAt <= 24 * 3600_000,
    'A session can last at most 24 hours.',
  ),
)
export type CreateSessionBody = v.InferOutput<typeof CreateSessionBodySchema>

export const CreateInvitesBodySchema = v.object({
  role: v.picklist(INVITE_ROLES),
  count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIMITS.linksPerRequest)),
})

export type SessionSummary = {
  id: string
  kind: (typeof SESSION_KINDS)[number]
  title: string
  agreement: string
  opensAt: number
  closesAt: number
  status: 'scheduled' | 'closed'
}

export const RegisterOptionsBodySchema = v.object({ token: TokenSchema, displayName: DisplayName })
export const RegisterVerifyBodySchema = v.object({
  token: TokenSchema,
  displayName: DisplayName,
  challengeId: v.string(),
  response: v.looseObject({ id: v.string(), rawId: v.string(), type: v.literal('public-key') }),
})
export const LoginVerifyBodySchema = v.object({
  challengeId: v.string(),
  response: v.looseObject({ id: v.string(), rawId: v.string(), type: v.literal('public-key') }),
})
export const StaffInviteBodySchema = v.object({ isAdmin: v.boolean() })

export type Me = { id: string; displayName: string; isAdmin: boolean; csrf: string }

/** Every HTTP error answer: a code the client translates and a sentence a person can read. */
export type ErrorAnswer = { error: string; message: string }
