// The LiveKit RoomService double (test/livekit-double, TypeScript) on a free loopback port, for the
// benchmark's wrangler dev. vitest.config.ts gets it through Vite's config loader; plain Node cannot
// import the .ts sources (they import each other as './x.js'), so this loads the same module with
// Vite's module runner (`runnerImport`), not a copy of it.
import path from 'node:path'
import { runnerImport } from 'vite'
import { root } from './runtime.mjs'

export async function startDouble() {
  const { module } = await runnerImport(path.join(root, 'test', 'livekit-double', 'server.ts'), {
    configFile: false,
    logLevel: 'silent',
  })
  const double = await module.startLiveKitDouble()
  // Never keeps the benchmark alive once it is done.
  double.server.unref()
  return {
    ...double,
    /** What wrangler dev needs to talk to it (the key and secret it verifies tokens with). */
    vars: {
      LIVEKIT_URL: double.url,
      LIVEKIT_API_KEY: double.apiKey,
      LIVEKIT_API_SECRET: double.apiSecret,
    },
    /** The RoomService calls the double has recorded, optionally of one method only. */
    async calls(method) {
      const query = method ? `?method=${encodeURIComponent(method)}` : ''
      const res = await fetch(`${double.url}/_calls${query}`, {
        signal: AbortSignal.timeout(5_000),
      })
      if (res.status !== 200) throw new Error(`LiveKit double /_calls: ${res.status}`)
      return (await res.json()).calls
    },
  }
}
