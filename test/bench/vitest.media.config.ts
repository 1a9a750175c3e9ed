// `npm run bench:media`: the Chromium media benchmark (test/bench/media-sfu-bench.ts) against the
// real livekit-server, on its own (not part of `npm test`).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/bench/media-sfu-bench.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 240_000,
    fileParallelism: false,
  },
})
