// Starts one `wrangler dev` on a fresh local state (D1 migrated) for every browser test file.
import { execFileSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { TestProject } from 'vitest/node'
import {
  env,
  killTree,
  migratedState,
  root,
  spawnWranglerDev,
  waitForConfig,
} from './support/wrangler'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Havre origin as a browser must use it (localhost, a secure context for WebAuthn). */
    baseUrl: string
    /** The wrangler state directory, for scripts that write to the same local D1. */
    persistTo: string
  }
}

export default async function setup(project: TestProject) {
  if (!existsSync(path.join(root, 'web', 'dist', 'index.html'))) {
    const vite = path.join(root, 'node_modules', '.bin', 'vite')
    const build = ['build', '--config', 'web/vite.config.ts']
    execFileSync(vite, build, { cwd: root, stdio: 'inherit', env })
  }

  const persistTo = migratedState('havre-browser-')
  const dev = await spawnWranglerDev(persistTo)
  try {
    await waitForConfig(dev)
  } catch (err) {
    await killTree(dev.child)
    throw err
  }
  project.provide('baseUrl', `http://localhost:${dev.port}`)
  project.provide('persistTo', persistTo)

  return async () => {
    await killTree(dev.child)
    if (!process.env.HAVRE_KEEP_STATE) rmSync(persistTo, { recursive: true, force: true })
  }
}
