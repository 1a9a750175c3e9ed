// The fuzz test's own list of what the session room must refuse, written from DESIGN.md and the
// documented protocol (worker/protocol/messages.ts is the product's version; this one does not
// import it), so loosening a product schema shows as a failing fuzz case instead of moving the
// goalposts with it. A frame the oracle accepts is one the room may act on.
import { isObject, trimmedLength } from './generate'

/** Largest frame the room accepts, in UTF-8 bytes (DESIGN: every frame limited). */
export const FRAME_BYTES = 8 * 1024

const SEAT_ID = /^[A-Za-z0-9_-]{8,64}$/
const MESSAGE_ID = /^[A-Za-z0-9_-]{8,32}$/
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
/** Characters a pseudonym must never hold: controls (Cc) and format characters such as bidi (Cf). */
const UNSHOWABLE = /[\p{Cc}\p{Cf}]/u

type Rule = (value: unknown) => boolean
const bool: Rule = (v) => typeof v === 'boolean'
const seatId: Rule = (v) => typeof v === 'string' && SEAT_ID.test(v)
const oneOf =
  (...values: unknown[]): Rule =>
  (v) =>
    values.includes(v)
const optional =
  (rule: Rule): Rule =>
  (v) =>
    v === undefined || rule(v)
const base64 = (min: number, max: number): Rule => (v) =>
  typeof v === 'string' && BASE64.test(v) && v.length >= min && v.length <= max

/** Text sealed in the browser with the session key (AES-GCM): an object of IV and ciphertext. */
const sealed =
  (maxCt: number): Rule =>
  (v) =>
    isObject(v) && base64(16, 16)(v.iv) && base64(24, maxCt)(v.ct)

export const pseudonymOk: Rule = (v) =>
  trimmedLength(v, 1, 40) && !UNSHOWABLE.test((v as string).trim())

/** Every frame a browser may send, and what each field may hold. Other keys are ignored. */
const FRAMES: Record<string, Record<string, Rule>> = {
  join: {
    pseudonym: pseudonymOk,
    agreed: (v) => v === true,
    // Sealed like chat, never the typed word: at most 60 characters typed, so 400 of ciphertext.
    codeWord: optional(sealed(400)),
  },
  admit: { seatId },
  turn_away: { seatId },
  hand: { raised: bool },
  lower_all_hands: {},
  allow_camera: { seatId, allowed: bool },
  alert: { kind: oneOf('step_away', 'not_safe') },
  set_chat: { enabled: bool },
  delete_message: {
    messageId: (v) => typeof v === 'string' && MESSAGE_ID.test(v),
    rule: (v) => v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 50),
  },
  // A 12-byte IV (16 base64 characters) and up to ~2,000 typed characters of ciphertext.
  chat: { iv: base64(16, 16), ct: base64(24, 6000) },
  remove: { seatId },
  media: { mode: oneOf('video', 'audio', 'text') },
  mute: { seatId, source: oneOf('microphone', 'camera') },
  stop_publishing: { seatId },
  spotlight: { seatId: (v) => v === null || seatId(v) },
  // A facilitator's one private answer to an alert: sealed like chat, to one seat.
  private_reply: { seatId, iv: base64(16, 16), ct: base64(24, 6000) },
  end: {},
  leave: {},
}

/**
 * The frame the room would act on, as it arrives (text through UTF-8, lone surrogates replaced),
 * or null when it must be refused with an error frame.
 */
export function acceptedFrame(raw: string | ArrayBuffer): { type: string } | null {
  if (typeof raw !== 'string') return null
  const bytes = new TextEncoder().encode(raw)
  if (bytes.byteLength > FRAME_BYTES) return null
  let data: unknown
  try {
    data = JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    return null
  }
  if (!isObject(data) || typeof data.type !== 'string' || !Object.hasOwn(FRAMES, data.type)) return null
  const get = (key: string) => (Object.hasOwn(data, key) ? data[key] : undefined)
  for (const [key, rule] of Object.entries(FRAMES[data.type]!)) if (!rule(get(key))) return null
  return data as { type: string }
}
