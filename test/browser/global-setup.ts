// Starts one `wrangler dev` on a fresh local state (D1 migrated) for every browser test file.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { closeSync, existsSync, mkdtempSync, openSync, rmSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Havre origin as a browser must use it (localhost, a secure context for WebAuthn). */
    baseUrl: string
    /** The wrangler state directory, for scripts that write to the same local D1. */
    persistTo: string
  }
}

const root = path.resolve(import.meta.dirname, '..', '..')
const wranglerBin = path.join(root, 'node_modules', '.bin', 'wrangler')
const env = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' }

function freePort(): Promise<number> {
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

async function waitForConfig(url: string, child: ChildProcess, logFile: string) {
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`wrangler dev exited with ${child.exitCode}; see ${logFile}`)
    }
    try {
      const res = await fetch(`${url}/api/config`)
      if (res.ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`wrangler dev did not answer ${url}/api/config within 90 s; see ${logFile}`)
}

function killTree(child: ChildProcess) {
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

export default async function setup(project: TestProject) {
  if (!existsSync(path.join(root, 'web', 'dist', 'index.html'))) {
    const vite = path.join(root, 'node_modules', '.bin', 'vite')
    const build = ['build', '--config', 'web/vite.config.ts']
    execFileSync(vite, build, { cwd: root, stdio: 'inherit', env })
  }

  const persistTo = mkdtempSync(path.join(os.tmpdir(), 'havre-browser-'))
  const migrate = ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo]
  execFileSync(wranglerBin, migrate, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env })

  const port = await freePort()
  const inspectorPort = await freePort()
  const logFile = path.join(persistTo, 'wrangler-dev.log')
  const log = openSync(logFile, 'a')
  const child = spawn(
    wranglerBin,
    [
      'dev',
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      '--inspector-port',
      String(inspectorPort),
      '--persist-to',
      persistTo,
      '--var',
      'FACILITATOR_GRACE_SECONDS:3',
      '--show-interactive-dev-session=false',
    ],
    { cwd: root, env, detached: true, stdio: ['ignore', log, log] },
  )
  closeSync(log)

  const baseUrl = `http://localhost:${port}`
  try {
    await waitForConfig(`http://127.0.0.1:${port}`, child, logFile)
  } catch (err) {
    await killTree(child)
    throw err
  }
  project.provide('baseUrl', baseUrl)
  project.provide('persistTo', persistTo)

  return async () => {
    await killTree(child)
    if (!process.env.HAVRE_KEEP_STATE) rmSync(persistTo, { recursive: true, force: true })
  }
}
