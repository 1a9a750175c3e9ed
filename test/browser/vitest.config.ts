// Real-browser tests: the built web client served by `wrangler dev`, driven in Chromium.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/browser/**/*.test.ts'],
    globalSetup: 'test/browser/global-setup.ts',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: one Chromium and one workerd at a time.
    fileParallelism: false,
  },
})
