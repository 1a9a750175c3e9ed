// Seeds a signed-in staff member straight into the local D1, as the worker tests do: the
// `__Host-havre_staff` cookie token (stored as its SHA-256 hex) and its CSRF token.
import { createHash, randomBytes, randomUUID } from 'node:crypto'

/** `runtime` is what startRuntime() returned (its d1Execute runs `wrangler d1 execute`). */
export async function seedStaff(runtime) {
  const id = randomUUID()
  const token = randomBytes(32).toString('base64url')
  const csrf = randomBytes(32).toString('base64url')
  const hash = createHash('sha256').update(token).digest('hex')
  const now = Date.now()
  const expires = now + 3600_000
  // Every value is generated here (hex, base64url, a UUID, integers): nothing needs escaping.
  const sql = [
    'INSERT INTO staff (id, display_name, is_admin, created_at)',
    `VALUES ('${id}', 'Bench', 0, ${now});`,
    'INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, expires_at)',
    `VALUES ('${hash}', '${id}', '${csrf}', ${expires})`,
  ].join(' ')
  await runtime.d1Execute(sql)
  return { id, cookie: `__Host-havre_staff=${token}`, csrf }
}
