// Prints a one-time link that registers a staff member's passkey (the first admin's "setup link").
// Usage: npm run setup-link -- [--remote] [--persist-to DIR] [--origin URL] [--staff]
import { createHash, randomBytes } from 'node:crypto'
import { wrangler } from './wrangler.mjs'

/** A running `wrangler dev` shares the local database and may hold its lock for a moment: a
 *  write refused with SQLITE_BUSY is tried again, a few times. */
function whenUnlocked(run) {
  for (let attempt = 1; ; attempt++) {
    try {
      return run()
    } catch (err) {
      const text = `${err?.message ?? ''}${err?.stderr ?? ''}`
      if (attempt >= 5 || !/SQLITE_BUSY|database is locked/.test(text)) throw err
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250 * attempt)
    }
  }
}

export function createSetupLink({ remote = false, persistTo, origin, admin = true, quiet = false } = {}) {
  const token = randomBytes(32).toString('base64url')
  const hash = createHash('sha256').update(token).digest('hex')
  const expiresAt = Date.now() + 72 * 3600_000
  const where = remote ? ['--remote'] : ['--local', ...(persistTo ? ['--persist-to', persistTo] : [])]
  whenUnlocked(() =>
    wrangler(
      [
        'd1', 'execute', 'DB', ...where, '--command',
        `INSERT INTO staff_invites (token_hash, is_admin, expires_at) VALUES ('${hash}', ${admin ? 1 : 0}, ${expiresAt})`,
      ],
      { quiet: true },
    ),
  )
  const link = `${origin ?? 'http://localhost:8787'}/setup#${token}`
  if (!quiet) console.log(`\nOne-time staff setup link (valid 72 h, works once):\n  ${link}\n`)
  return link
}

export function staffCount({ persistTo } = {}) {
  const out = wrangler(
    ['d1', 'execute', 'DB', '--local', ...(persistTo ? ['--persist-to', persistTo] : []),
      '--json', '--command', 'SELECT count(*) AS n FROM staff'],
    { quiet: true },
  )
  return JSON.parse(out)[0].results[0].n
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const value = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
  createSetupLink({
    remote: args.includes('--remote'),
    persistTo: value('--persist-to'),
    origin: value('--origin'),
    admin: !args.includes('--staff'),
  })
}
