// End-to-end chat encryption (invariant 3): AES-GCM with the session key from the link fragment.
import { fromB64, fromB64url, toB64 } from './b64'

export const importChatKey = (key: string): Promise<CryptoKey> =>
  crypto.subtle.importKey('raw', fromB64url(key) as BufferSource, 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ])

export async function seal(key: CryptoKey, text: string): Promise<{ iv: string; ct: string }> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const plain = new TextEncoder().encode(JSON.stringify({ text }))
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain)
  return { iv: toB64(iv), ct: toB64(new Uint8Array(ct)) }
}

/** The message text, or null when it cannot be decrypted or read. */
export async function unseal(key: CryptoKey, iv: string, ct: string): Promise<string | null> {
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromB64(iv) as BufferSource },
      key,
      fromB64(ct) as BufferSource,
    )
    const data: unknown = JSON.parse(new TextDecoder().decode(plain))
    const text = (data as { text?: unknown } | null)?.text
    return typeof text === 'string' ? text : null
  } catch {
    return null
  }
}
