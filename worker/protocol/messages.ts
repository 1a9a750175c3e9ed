// The session room's WebSocket protocol: every frame either way, as discriminated unions with schemas.
import * as v from 'valibot'
import { LIMITS, PSEUDONYM_RE } from './limits'
import { MODES, ROLES, SeatIdSchema, SESSION_KINDS } from './common'

export { CLOSE_CODES, SEAT_PROTOCOL_PREFIX, WS_PROTOCOL } from './socket'

const Base64 = (max: number, tooLong?: string) =>
  v.pipe(v.string(), v.regex(/^[A-Za-z0-9+/]*={0,2}$/), v.maxLength(max, tooLong))

export const PseudonymSchema = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'A pseudonym is needed.'),
  v.maxLength(LIMITS.pseudonymChars, 'That pseudonym is too long.'),
  // No control characters: a pseudonym is shown to everyone.
  v.regex(PSEUDONYM_RE, 'That pseudonym has characters that cannot be shown.'),
)

/** Typed text sealed in the browser with the session key (AES-GCM): the server relays, never reads. */
export const SealedSchema = v.object({
  iv: v.pipe(Base64(24), v.length(16)),
  ct: v.pipe(Base64(LIMITS.chatCiphertextChars), v.minLength(24)),
})
export type SealedText = v.InferOutput<typeof SealedSchema>

/** The code word, sealed like chat: at most 60 characters typed, so a short ciphertext. */
export const CodeWordSchema = v.object({
  iv: SealedSchema.entries.iv,
  ct: v.pipe(Base64(400, 'That code word is too long.'), v.minLength(24)),
})

export const ALERT_KINDS = ['step_away', 'not_safe'] as const
export type AlertKind = (typeof ALERT_KINDS)[number]

/** Frames a browser sends to the session room. */
export const ClientMessageSchema = v.variant('type', [
  v.object({
    type: v.literal('join'),
    pseudonym: PseudonymSchema,
    agreed: v.literal(true),
    /** Agreed in advance with her advocate; sealed with the session key, read only by facilitators. */
    codeWord: v.optional(CodeWordSchema),
  }),
  v.object({ type: v.literal('admit'), seatId: SeatIdSchema }),
  v.object({ type: v.literal('turn_away'), seatId: SeatIdSchema }),
  v.object({ type: v.literal('hand'), raised: v.boolean() }),
  v.object({ type: v.literal('lower_all_hands') }),
  /** Youth sessions: a facilitator allows (or withdraws) one person's camera. */
  v.object({ type: v.literal('allow_camera'), seatId: SeatIdSchema, allowed: v.boolean() }),
  /** A private alert only facilitators see. */
  v.object({ type: v.literal('alert'), kind: v.picklist(ALERT_KINDS) }),
  v.object({ type: v.literal('set_chat'), enabled: v.boolean() }),
  v.object({
    type: v.literal('delete_message'),
    messageId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,32}$/)),
    /** Which rule of the agreement the message broke (its line number, from 1), told to the author. */
    rule: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(50))),
  }),
  v.object({
    type: v.literal('chat'),
    iv: v.pipe(Base64(24), v.length(16)),
    ct: v.pipe(Base64(LIMITS.chatCiphertextChars), v.minLength(24)),
  }),
  v.object({ type: v.literal('remove'), seatId: SeatIdSchema }),
  /** Facilitators, in group and chat sessions: one private answer to an alert, encrypted like the
   * chat, relayed to that person only and never stored. Youth sessions have none. */
  v.object({
    type: v.literal('private_reply'),
    seatId: SeatIdSchema,
    iv: v.pipe(Base64(24), v.length(16)),
    ct: v.pipe(Base64(LIMITS.chatCiphertextChars), v.minLength(24)),
  }),
  /** Switch between video, audio-only and text-only; answered by a `media` frame. */
  v.object({ type: v.literal('media'), mode: v.picklist(MODES) }),
  v.object({ type: v.literal('mute'), seatId: SeatIdSchema, source: v.picklist(['microphone', 'camera']) }),
  v.object({ type: v.literal('stop_publishing'), seatId: SeatIdSchema }),
  v.object({ type: v.literal('spotlight'), seatId: v.nullable(SeatIdSchema) }),
  v.object({ type: v.literal('end') }),
  v.object({ type: v.literal('leave') }),
])
export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>

export const MemberSchema = v.object({
  seatId: v.string(),
  pseudonym: v.string(),
  role: v.picklist(ROLES),
  mode: v.picklist(MODES),
  online: v.boolean(),
  /** The seat's LiveKit identity, so media tiles can be matched to the roster. */
  identity: v.string(),
  hand: v.boolean(),
  /** Youth sessions: a facilitator has allowed this person's camera. */
  cameraAllowed: v.boolean(),
})
export type Member = v.InferOutput<typeof MemberSchema>

export const END_REASONS = ['ended', 'facilitator_left', 'expired', 'unsupervised'] as const
export type EndReason = (typeof END_REASONS)[number]

export const ERROR_CODES = [
  'bad_frame',
  'too_large',
  'not_joined',
  'already_joined',
  'forbidden',
  'rate_limited',
  'unknown_seat',
  'session_closed',
  'media_unavailable',
  'media_failed',
  'chat_disabled',
  'in_lobby',
  'unsupervised',
  'no_private_messages',
  'moderation_failed',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

/** Frames the session room sends to browsers. */
export const ServerMessageSchema = v.variant('type', [
  v.object({
    type: v.literal('welcome'),
    seatId: v.string(),
    role: v.picklist(ROLES),
    kind: v.picklist(SESSION_KINDS),
    joined: v.boolean(),
    facilitatorPresent: v.boolean(),
    members: v.array(MemberSchema),
    /** Whether this server has LiveKit configured (otherwise text-only, said plainly). */
    media: v.boolean(),
    spotlight: v.nullable(v.string()),
    /** False while the person waits in the lobby for a facilitator. */
    admitted: v.boolean(),
    chatEnabled: v.boolean(),
    /** Her seat came back after being away: she waits until a facilitator lets her in again. */
    back: v.optional(v.boolean()),
  }),
  /** Facilitators only: who waits in the lobby, with the code word they typed. */
  v.object({
    type: v.literal('lobby'),
    waiting: v.array(
      v.object({
        seatId: v.string(),
        pseudonym: v.string(),
        role: v.picklist(ROLES),
        codeWordRequired: v.boolean(),
        /** Sealed with the session key: the facilitator's browser opens it. */
        codeWord: v.nullable(SealedSchema),
        /** Back after being away this long (ms): she was in the room, her seat came back later. */
        awayMs: v.optional(v.number()),
      }),
    ),
  }),
  v.object({ type: v.literal('admitted') }),
  v.object({ type: v.literal('turned_away') }),
  /** Facilitators only, discreetly. */
  v.object({
    type: v.literal('alert'),
    seatId: v.string(),
    pseudonym: v.string(),
    kind: v.picklist(ALERT_KINDS),
    at: v.number(),
    /** Its sender left (or was removed) at this time, before a facilitator saw it. */
    leftAt: v.optional(v.number()),
  }),
  /** To the sender of an alert: whether a facilitator has it now, or will on arriving. */
  v.object({ type: v.literal('alert_sent'), delivered: v.boolean() }),
  /** To one person only: a facilitator's private answer to her alert (ciphertext, never stored). */
  v.object({
    type: v.literal('private_reply'),
    from: v.string(),
    iv: v.string(),
    ct: v.string(),
    at: v.number(),
  }),
  v.object({ type: v.literal('chat_state'), enabled: v.boolean() }),
  /** Youth sessions: fewer than two adults present pauses youth media; the session closes at closesAt. */
  v.object({
    type: v.literal('supervision'),
    ok: v.boolean(),
    adults: v.number(),
    closesAt: v.optional(v.number()),
  }),
  v.object({ type: v.literal('camera_permission'), allowed: v.boolean() }),
  v.object({ type: v.literal('message_deleted'), id: v.string() }),
  /** To the author only: which rule of the agreement the deleted message broke. */
  v.object({ type: v.literal('message_removed'), id: v.string(), rule: v.nullable(v.number()) }),
  v.object({ type: v.literal('roster'), members: v.array(MemberSchema), facilitatorPresent: v.boolean() }),
  v.object({
    type: v.literal('chat'),
    id: v.string(),
    from: v.string(),
    iv: v.string(),
    ct: v.string(),
    at: v.number(),
  }),
  v.object({
    type: v.literal('media'),
    mode: v.picklist(MODES),
    /** Absent for text-only: no token is ever minted for it. */
    url: v.optional(v.string()),
    token: v.optional(v.string()),
    identity: v.string(),
    sources: v.array(v.picklist(['camera', 'microphone', 'screen_share'])),
    subscribe: v.picklist(['all', 'audio']),
  }),
  v.object({ type: v.literal('spotlight'), seatId: v.nullable(v.string()) }),
  v.object({
    type: v.literal('moderated'),
    action: v.picklist(['muted_microphone', 'muted_camera', 'publishing_stopped']),
  }),
  v.object({ type: v.literal('facilitator_away'), closesAt: v.number() }),
  v.object({ type: v.literal('ended'), reason: v.picklist(END_REASONS) }),
  v.object({ type: v.literal('removed') }),
  v.object({ type: v.literal('error'), code: v.picklist(ERROR_CODES), message: v.string() }),
])
export type ServerMessage = v.InferOutput<typeof ServerMessageSchema>

export function assertNever(value: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(value)}`)
}
