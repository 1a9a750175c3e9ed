// Media on real networks (issue 19): Havre, livekit-server and Chromium inside a network namespace
// each test file creates and deletes, with only media traffic impaired. Needs root (ip netns,
// iptables-legacy, tc), python3 and, for the cluster, redis-server.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/network/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: one stack (workerd, livekit-server, Chromium) at a time.
    fileParallelism: false,
  },
})
