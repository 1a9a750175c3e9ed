// Limits shared by the worker and the web client, so both refuse the same things.
export const LIMITS = {
  /** Largest WebSocket frame the session room accepts, in bytes. */
  frameBytes: 8 * 1024,
  /** Largest encrypted chat payload (base64 of ciphertext), about 2,000 typed characters. */
  chatCiphertextChars: 6000,
  /** Longest plain chat message the client lets a person type. */
  chatTextChars: 2000,
  pseudonymChars: 40,
  titleChars: 120,
  agreementChars: 8000,
  /** Per-seat chat rate: at most this many messages... */
  chatBurst: 8,
  /** ...refilled at this many per second. */
  chatPerSecond: 1,
  /** Largest HTTP JSON body any route accepts, in bytes. */
  httpBodyBytes: 64 * 1024,
  linksPerRequest: 50,
} as const

/** What a pseudonym may hold: no control or format character, as it is shown to everyone. */
export const PSEUDONYM_RE = /^[^\p{Cc}\p{Cf}]+$/u
