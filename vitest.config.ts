// Worker and Durable Object tests, inside the Workers runtime (miniflare) via @cloudflare/vitest-plugin.
// LiveKit is the real livekit-server (pinned, `npm run livekit:install`), started here on free
// loopback ports, or the server named by LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET. The
// Worker reaches its RoomService through a fault proxy (test/livekit-faults) that forwards every
// call and injects only what a real server cannot do on demand: one session's calls down or slow.
import path from 'node:path'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'
import { startFaultProxy } from './test/livekit-faults/proxy.js'
import { startLocalLivekit } from './scripts/livekit.mjs'

async function livekitServer() {
  const { LIVEKIT_URL: url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret } = process.env
  if (url && apiKey && apiSecret) return { url, apiKey, apiSecret }
  const livekit = await startLocalLivekit()
  // Ends with the test run, whatever way it ends.
  process.on('exit', () => livekit.child.kill('SIGKILL'))
  livekit.child.unref()
  return livekit
}

async function livekitBindings(): Promise<Record<string, string>> {
  const { url: server, apiKey, apiSecret } = await livekitServer()
  const proxy = await startFaultProxy(server)
  // Never keeps vitest alive once the tests are done.
  proxy.server.unref()
  return {
    LIVEKIT_URL: proxy.url.replace(/^http/, 'ws'),
    LIVEKIT_API_KEY: apiKey,
    LIVEKIT_API_SECRET: apiSecret,
    LIVEKIT_FAULTS_URL: proxy.url,
    LIVEKIT_SERVER_URL: server,
  }
}

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, 'migrations'))
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml' },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            FACILITATOR_GRACE_SECONDS: '1',
            ...(await livekitBindings()),
          },
        },
      }),
    ],
    test: {
      include: ['test/worker/**/*.test.ts'],
      setupFiles: ['./test/worker/apply-migrations.ts'],
    },
  }
})
