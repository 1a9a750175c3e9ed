// `wrangler dev` for the browser tests: a migrated local state on free ports, started and stopped.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { closeSync, mkdtempSync, openSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export const root = path.resolve(import.meta.dirname, '..', '..', '..')
const wranglerBin = path.join(root, 'node_modules', '.bin', 'wrangler')
export const env = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' }

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** A fresh wrangler state directory (`prefix` in the temp dir) with the D1 migrations applied. */
export function migratedState(prefix: string): string {
  const persistTo = mkdtempSync(path.join(os.tmpdir(), prefix))
  const migrate = ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo]
  execFileSync(wranglerBin, migrate, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env })
  return persistTo
}

export type WranglerDev = { child: ChildProcess; port: number; logFile: string }

/**
 * Spawns a detached `wrangler dev` on `persistTo` and free ports, with the 3-second facilitator
 * grace the tests rely on and `vars` (NAME:value) besides; it logs to wrangler-dev.log there.
 */
export async function spawnWranglerDev(
  persistTo: string,
  vars: string[] = [],
  port?: number,
): Promise<WranglerDev> {
  port ??= await freePort()
  const inspectorPort = await freePort()
  const logFile = path.join(persistTo, 'wrangler-dev.log')
  const log = openSync(logFile, 'a')
  const child = spawn(
    wranglerBin,
    [
      'dev',
      ...['--port', String(port), '--ip', '127.0.0.1', '--inspector-port', String(inspectorPort)],
      ...['--persist-to', persistTo, '--show-interactive-dev-session=false'],
      ...['FACILITATOR_GRACE_SECONDS:3', ...vars].flatMap((v) => ['--var', v]),
    ],
    { cwd: root, env, detached: true, stdio: ['ignore', log, log] },
  )
  closeSync(log)
  return { child, port, logFile }
}

/** Resolves once `/api/config` answers and `ready` accepts it; throws on exit or after 90 s. */
export async function waitForConfig(
  { child, port, logFile }: WranglerDev,
  ready: (config: { media?: boolean }) => boolean = () => true,
): Promise<void> {
  const url = `http://127.0.0.1:${port}/api/config`
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`wrangler dev exited with ${child.exitCode}; see ${logFile}`)
    }
    try {
      const res = await fetch(url)
      if (res.ok && ready((await res.json().catch(() => ({}))) as { media?: boolean })) return
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`wrangler dev did not answer ${url} within 90 s; see ${logFile}`)
}

/** Stops a detached wrangler dev and its children: SIGTERM, then SIGKILL after 5 s. */
export function killTree(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null) return Promise.resolve()
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // Already gone.
      }
      resolve()
    }, 5_000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    try {
      process.kill(-child.pid!, 'SIGTERM')
    } catch {
      clearTimeout(timer)
      resolve()
    }
  })
}
