// `npm run bench:network`: media on impaired networks (test/bench/network-bench.ts) inside a network
// namespace, on its own (not part of `npm test`). Needs root, iptables-legacy, tc and python3.
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/bench/network-bench.ts'],
    testTimeout: 300_000,
    hookTimeout: 240_000,
    fileParallelism: false,
    // The conditions run in order, sharing one stack.
    sequence: { concurrent: false },
  },
})
