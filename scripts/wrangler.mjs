// Runs the project's own wrangler binary with inherited output; throws when it fails.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const wranglerBin = path.join(root, 'node_modules', '.bin', 'wrangler')

export function wrangler(args, { quiet = false } = {}) {
  return execFileSync(wranglerBin, args, {
    cwd: root,
    stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false' },
  })
}
