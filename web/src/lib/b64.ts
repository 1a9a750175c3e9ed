// Base64 (standard, for chat frames) and base64url (for keys and tokens in links).
export function toB64(bytes: Uint8Array): string {
  let s = ''
  for (const b of bytes) s += String.fromCharCode(b)
  return btoa(s)
}

export const fromB64 = (text: string): Uint8Array =>
  Uint8Array.from(atob(text), (c) => c.charCodeAt(0))

export const toB64url = (bytes: Uint8Array): string =>
  toB64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')

export const fromB64url = (text: string): Uint8Array =>
  fromB64(text.replace(/-/g, '+').replace(/_/g, '/'))

/** 32 random bytes as base64url: the shape of tokens and session keys (43 characters). */
export const SECRET_RE = /^[A-Za-z0-9_-]{43}$/
