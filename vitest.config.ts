// Worker and Durable Object tests, inside the Workers runtime (miniflare) via @cloudflare/vitest-plugin.
// LiveKit is on for the whole suite: a real server when LIVEKIT_URL, LIVEKIT_API_KEY and
// LIVEKIT_API_SECRET are set, otherwise the RoomService double (test/livekit-double) on 127.0.0.1.
import path from 'node:path'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'
import { startLiveKitDouble } from './test/livekit-double/server.js'

async function livekitBindings(): Promise<Record<string, string>> {
  const { LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET } = process.env
  if (LIVEKIT_URL && LIVEKIT_API_KEY && LIVEKIT_API_SECRET) {
    return { LIVEKIT_URL, LIVEKIT_API_KEY, LIVEKIT_API_SECRET }
  }
  const double = await startLiveKitDouble()
  // Never keeps vitest alive once the tests are done.
  double.server.unref()
  return {
    LIVEKIT_URL: double.url,
    LIVEKIT_API_KEY: double.apiKey,
    LIVEKIT_API_SECRET: double.apiSecret,
    LIVEKIT_DOUBLE_URL: double.url,
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
            // The room simulation's longer runs (test/worker/room-sim.test.ts).
            SIM_SESSIONS: process.env.SIM_SESSIONS ?? '',
            SIM_SEED: process.env.SIM_SEED ?? '',
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
