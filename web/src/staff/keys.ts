// Session keys on the staff device only: IndexedDB 'havre-staff', store 'keys', key = session id.
// (Participants' pages never touch IndexedDB; this module is only loaded by staff pages.)
import { toB64url } from '../lib/b64'

function db(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open('havre-staff', 1)
    req.onupgradeneeded = () => req.result.createObjectStore('keys')
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

async function run<T>(
  mode: IDBTransactionMode,
  op: (store: IDBObjectStore) => IDBRequest,
): Promise<T> {
  const d = await db()
  try {
    return await new Promise<T>((resolve, reject) => {
      const req = op(d.transaction('keys', mode).objectStore('keys'))
      req.onsuccess = () => resolve(req.result as T)
      req.onerror = () => reject(req.error)
    })
  } finally {
    d.close()
  }
}

/** A fresh session key: 32 random bytes in base64url, made here and never sent to the server. */
export const newSessionKey = () => toB64url(crypto.getRandomValues(new Uint8Array(32)))

export const saveKey = (sessionId: string, key: string) =>
  run<IDBValidKey>('readwrite', (s) => s.put(key, sessionId))

export const loadKey = (sessionId: string) =>
  run<string | undefined>('readonly', (s) => s.get(sessionId))
