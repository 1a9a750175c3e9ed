// Test-only bindings added by vitest.config.ts, on top of the Worker's own.
import type { D1Migration } from 'cloudflare:test'
import type { Env as WorkerEnv } from '../../worker/env'

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: D1Migration[]
      /** Set when the suite runs against the LiveKit double (test/livekit-double), not a real server. */
      LIVEKIT_DOUBLE_URL?: string
      /** The room simulation: how many sessions, and which seed (both optional). */
      SIM_SESSIONS?: string
      SIM_SEED?: string
    }
  }
}
