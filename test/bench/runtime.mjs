// The real local runtime: `wrangler dev` on a free loopback port over a temp D1 with migrations,
// a wait until /api/config answers, and a teardown that kills the whole process tree. It runs a
// snapshot of the working tree, because wrangler dev restarts (dropping every WebSocket) whenever
// a watched file changes, and other work may be editing worker/ or rebuilding web/dist meanwhile.
import { execFile, spawn } from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
/**
 * The built web client the snapshot serves: web/dist, or BENCH_WEB_DIST (e.g. a build of HEAD in a
 * temp dir, when others are editing web/src in this working tree and its build is theirs).
 */
export const webDist = path.resolve(process.env.BENCH_WEB_DIST || path.join(root, 'web', 'dist'))
export const wranglerBin = path.join(root, 'node_modules', '.bin', 'wrangler')
// As under `npm run`: the project's node_modules/.bin first, so wrangler runs on its pinned Node.
export const wranglerEnv = {
  ...process.env,
  PATH: [path.join(root, 'node_modules', '.bin'), process.env.PATH].join(path.delimiter),
  CI: 'true',
  WRANGLER_SEND_METRICS: 'false',
  NO_COLOR: '1',
}

/** Runs a wrangler command to completion; rejects with its output when it fails or hangs. */
export function runWrangler(args, { cwd = root, timeoutMs = 180_000 } = {}) {
  return new Promise((resolve, reject) => {
    execFile(
      wranglerBin,
      args,
      { cwd, env: wranglerEnv, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err)
          reject(
            new Error(`wrangler ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`),
          )
        else resolve(stdout)
      },
    )
  })
}

const CONFIG_FILES = [
  'wrangler.toml',
  'wrangler.json',
  'wrangler.jsonc',
  'package.json',
  'tsconfig.json',
]

/** Copies what wrangler needs into `app`: config, worker/, migrations/, assets, node_modules. */
function snapshot(app) {
  mkdirSync(app, { recursive: true })
  for (const file of CONFIG_FILES) {
    if (existsSync(path.join(root, file))) cpSync(path.join(root, file), path.join(app, file))
  }
  for (const folder of ['worker', 'migrations']) {
    cpSync(path.join(root, folder), path.join(app, folder), { recursive: true })
  }
  // wrangler needs the assets directory; the web client may not be built (nor needed here).
  const dist = path.join(app, 'web', 'dist')
  try {
    cpSync(webDist, dist, { recursive: true })
    if (!existsSync(path.join(dist, 'index.html'))) throw new Error('no index.html')
  } catch {
    rmSync(dist, { recursive: true, force: true })
    mkdirSync(dist, { recursive: true })
    writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Havre</title>\n')
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(app, 'node_modules'), 'dir')
}

/** Removes the temp dir; the node_modules link first, so nothing can follow it. */
function removeTemp(dir) {
  try {
    unlinkSync(path.join(dir, 'app', 'node_modules'))
  } catch {
    // Not made yet.
  }
  rmSync(dir, { recursive: true, force: true })
}

/** A TCP port free on 127.0.0.1 now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * Starts the runtime; the returned `stop()` is safe to call more than once, and at any point.
 * `vars` become `--var NAME:value` (e.g. LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET); `port`
 * is the one to listen on when it must be known before (LiveKit's webhook URL), else a free one.
 */
export async function startRuntime({ readyTimeoutMs = 90_000, vars = {}, port: wanted } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'havre-bench-'))
  const app = path.join(dir, 'app')
  const persistTo = path.join(dir, 'state')
  let child
  let stopping
  let cleaned = false
  const tail = []

  const stop = () =>
    (stopping ??= (async () => {
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        killGroup(child.pid, 'SIGTERM')
        await Promise.race([exited, sleep(5_000)])
        killGroup(child.pid, 'SIGKILL')
      }
      removeTemp(dir)
      cleaned = true
    })())
  // Last resort if the process exits before `stop()` has finished (synchronous only).
  process.once('exit', () => {
    if (cleaned) return
    if (child) killGroup(child.pid, 'SIGKILL')
    removeTemp(dir)
  })

  try {
    snapshot(app)
    const d1 = (command, extra = []) =>
      runWrangler(['d1', ...command, 'DB', '--local', '--persist-to', persistTo, ...extra], {
        cwd: app,
      })
    await d1(['migrations', 'apply'])
    const port = wanted ?? (await freePort())
    const args = ['dev', '--port', String(port), '--ip', '127.0.0.1', '--persist-to', persistTo]
    for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`)
    // Its own process group, so the whole tree (wrangler, workerd) can be ended together.
    child = spawn(wranglerBin, args, { cwd: app, env: wranglerEnv, detached: true, stdio: 'pipe' })
    const keep = (chunk) => {
      tail.push(...String(chunk).split('\n'))
      tail.splice(0, Math.max(0, tail.length - 40))
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    const origin = `http://127.0.0.1:${port}`
    const deadline = Date.now() + readyTimeoutMs
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`wrangler dev exited early (${child.exitCode ?? child.signalCode})`)
      }
      const ok = await fetch(`${origin}/api/config`, { signal: AbortSignal.timeout(2_000) })
        .then((r) => r.status === 200)
        .catch(() => false)
      if (ok) break
      if (Date.now() > deadline) throw new Error('wrangler dev did not answer /api/config in time')
      await sleep(250)
    }
    return {
      origin,
      port,
      /** The local state (D1) directory, for scripts that write to the same D1. */
      persistTo,
      /** `wrangler d1 execute DB --local --persist-to <this runtime's state> --command <sql>` */
      d1Execute: (sql) => d1(['execute'], ['--command', sql]),
      stop,
      tail: () => tail.join('\n'),
    }
  } catch (err) {
    const output = tail.join('\n')
    await stop()
    throw new Error(`${err.message}${output ? `\n--- wrangler dev output ---\n${output}` : ''}`)
  }
}

export function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal)
  } catch {
    // Already gone.
  }
}
