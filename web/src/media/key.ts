// The media E2EE key (invariant 3): HKDF-SHA-256 of the session key from the link fragment, the
// same secret the chat uses, so the server never holds anything that decrypts media either.
import { fromB64url } from '../lib/b64'

const INFO = new TextEncoder().encode('havre-media-e2ee')

/** 32 bytes for LiveKit's ExternalE2EEKeyProvider; salt = the session id, so keys never repeat. */
export async function deriveMediaKey(sessionKey: string, sessionId: string): Promise<ArrayBuffer> {
  const base = await crypto.subtle.importKey(
    'raw',
    fromB64url(sessionKey) as BufferSource,
    'HKDF',
    false,
    ['deriveBits'],
  )
  const salt = new TextEncoder().encode(sessionId)
  return crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info: INFO }, base, 256)
}
