// Invariant 3 — zero-knowledge chat: a chat frame is AES-GCM under the link's key. It decrypts with
// that key (checked with WebCrypto directly, not with the module's own `unseal`), nothing of the
// text can be read without it, and a frame under another key or altered on the way is refused.
// Pure: runs in the Workers suite and in Node for mutation testing (vitest.mutation.config.ts).
import { describe, expect, it } from 'vitest'
import { fromB64, toB64url } from '../../../web/src/lib/b64'
import { importChatKey, seal, unseal } from '../../../web/src/lib/chat-crypto'

const rawKey = () => crypto.getRandomValues(new Uint8Array(32))
const TEXT = 'Je ne me sens pas en sécurité ce soir — 😟 appelle-moi'

/** Every substring of 4 bytes or more of `needle` that appears in `hay`, as a count. */
function sharedRuns(hay: Uint8Array, needle: Uint8Array, run = 4): number {
  let found = 0
  for (let i = 0; i + run <= needle.length; i++) {
    const piece = needle.slice(i, i + run)
    outer: for (let j = 0; j + run <= hay.length; j++) {
      for (let k = 0; k < run; k++) if (hay[j + k] !== piece[k]) continue outer
      found++
      break
    }
  }
  return found
}

describe('chat encryption (invariant 3)', () => {
  it('a chat frame is AES-GCM under the link key: it decrypts with that key, with WebCrypto itself', async () => {
    const raw = rawKey()
    const key = await importChatKey(toB64url(raw))
    const { iv, ct } = await seal(key, TEXT)
    expect(fromB64(iv)).toHaveLength(12)
    const independent = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['decrypt'])
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: fromB64(iv) as BufferSource },
      independent,
      fromB64(ct) as BufferSource,
    )
    expect(JSON.parse(new TextDecoder().decode(plain))).toEqual({ text: TEXT })
    // The 16-byte GCM tag and nothing else on top of the plaintext.
    const plainBytes = new TextEncoder().encode(JSON.stringify({ text: TEXT }))
    expect(fromB64(ct).byteLength).toBe(plainBytes.byteLength + 16)
    expect(await unseal(key, iv, ct)).toBe(TEXT)
  })

  it('nothing of the text is recoverable from the frame without the key', async () => {
    const key = await importChatKey(toB64url(rawKey()))
    const text = 'secret '.repeat(40)
    const { iv, ct } = await seal(key, text)
    const bytes = fromB64(ct)
    const plainBytes = new TextEncoder().encode(JSON.stringify({ text }))
    // Not the text, not its base64, not any 4-byte run of it.
    expect(sharedRuns(bytes, plainBytes)).toBeLessThan(3)
    expect(ct).not.toContain('secret')
    expect(ct).not.toContain(btoa('secret'))
    expect(atob(ct)).not.toContain('secret')
    expect(iv).not.toContain(btoa('secret').slice(0, 6))
    // A repeated text does not give repeated ciphertext blocks.
    const blocks = new Set<string>()
    for (let i = 0; i + 16 <= bytes.length; i += 16) blocks.add(toB64url(bytes.slice(i, i + 16)))
    expect(blocks.size).toBe(Math.floor(bytes.length / 16))
  })

  it('the same text sealed twice gives a fresh IV and different ciphertext', async () => {
    const key = await importChatKey(toB64url(rawKey()))
    const a = await seal(key, TEXT)
    const b = await seal(key, TEXT)
    expect(a.iv).not.toBe(b.iv)
    expect(a.ct).not.toBe(b.ct)
  })

  it('another key, another IV or an altered frame cannot be read', async () => {
    const key = await importChatKey(toB64url(rawKey()))
    const other = await importChatKey(toB64url(rawKey()))
    const { iv, ct } = await seal(key, TEXT)
    expect(await unseal(other, iv, ct)).toBeNull()
    const otherIv = await seal(key, 'x')
    expect(await unseal(key, otherIv.iv, ct)).toBeNull()
    const bytes = fromB64(ct)
    bytes[0]! ^= 1
    expect(await unseal(key, iv, btoa(String.fromCharCode(...bytes)))).toBeNull()
    expect(await unseal(key, iv, 'not base64!')).toBeNull()
  })

  it('a frame that decrypts but is not {text: string} is refused', async () => {
    const raw = rawKey()
    const key = await importChatKey(toB64url(raw))
    const enc = await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt'])
    const sealRaw = async (plain: string) => {
      const iv = crypto.getRandomValues(new Uint8Array(12))
      const ct = new Uint8Array(
        await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, enc, new TextEncoder().encode(plain)),
      )
      return [btoa(String.fromCharCode(...iv)), btoa(String.fromCharCode(...ct))] as const
    }
    for (const plain of ['null', '{"text":5}', '{}', 'not json', '"text"', '{"text":null}']) {
      expect(await unseal(key, ...(await sealRaw(plain))), plain).toBeNull()
    }
    expect(await unseal(key, ...(await sealRaw('{"text":"ok"}')))).toBe('ok')
    expect(await unseal(key, ...(await sealRaw('{"text":""}')))).toBe('')
  })

  it('the imported key cannot be exported from the page', async () => {
    const key = await importChatKey(toB64url(rawKey()))
    expect(key.extractable).toBe(false)
    expect(key.algorithm.name).toBe('AES-GCM')
    expect([...key.usages].sort()).toEqual(['decrypt', 'encrypt'])
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow()
  })
})
