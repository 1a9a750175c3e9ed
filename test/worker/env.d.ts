// Test-only bindings added by vitest.config.ts, on top of the Worker's own.
import type { D1Migration } from 'cloudflare:test'
import type { Env as WorkerEnv } from '../../worker/env'

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[]
      /** The fault proxy's control address (test/livekit-faults): calls seen, a session down or slow. */
      LIVEKIT_FAULTS_URL: string
      /** The real LiveKit server behind the proxy, as a media client reaches it. */
      LIVEKIT_SERVER_URL: string
    }
  }
}
