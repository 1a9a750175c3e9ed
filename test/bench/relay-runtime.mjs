// The chat floor's runtime: `wrangler dev` (the same wrangler and workerd as Havre's, the same
// flags) on the trivial relay worker of test/bench/relay/, copied to a temp dir so nothing is
// written into the working tree. It is a second workerd process beside Havre's, started in the same
// run: wrangler dev exposes only its first worker, and the relay must stay out of Havre's worker.
import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, killGroup, wranglerBin, wranglerEnv } from './runtime.mjs'

const relaySource = path.join(path.dirname(fileURLToPath(import.meta.url)), 'relay')
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Starts the relay; `stop()` is safe to call more than once. */
export async function startRelayRuntime({ readyTimeoutMs = 90_000 } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'havre-bench-relay-'))
  const app = path.join(dir, 'app')
  cpSync(relaySource, app, { recursive: true })
  const port = await freePort()
  const state = path.join(dir, 'state')
  const args = ['dev', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', state]
  // Its own process group, so wrangler and its workerd end together.
  const child = spawn(wranglerBin, args, {
    cwd: app,
    env: wranglerEnv,
    detached: true,
    stdio: 'pipe',
  })
  const tail = []
  const keep = (chunk) => {
    tail.push(...String(chunk).split('\n'))
    tail.splice(0, Math.max(0, tail.length - 40))
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  let stopping
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        killGroup(child.pid, 'SIGTERM')
        await Promise.race([exited, sleep(5_000)])
        killGroup(child.pid, 'SIGKILL')
      }
      rmSync(dir, { recursive: true, force: true })
    })())
  process.once('exit', () => killGroup(child.pid, 'SIGKILL'))

  const origin = `http://127.0.0.1:${port}`
  const deadline = Date.now() + readyTimeoutMs
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) break
    const ok = await fetch(origin, { signal: AbortSignal.timeout(2_000) })
      .then((r) => r.status === 200)
      .catch(() => false)
    if (ok) return { origin, stop, tail: () => tail.join('\n') }
    if (Date.now() > deadline) break
    await sleep(250)
  }
  await stop()
  throw new Error(`the relay's wrangler dev did not start\n${tail.join('\n')}`)
}
