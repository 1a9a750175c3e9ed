// The room's pure core driven through thousands of seeded random sessions, every invariant checked
// after every step. `npm test` runs 10,000 sessions on a fixed seed; SIM_SESSIONS=200000 (and
// SIM_SEED=n to replay one) runs a longer one. A failure prints the shrunk steps that reproduce it.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { describeFailure, simulate } from './sim/run'

const DEFAULT_SEED = 20261130
const sessions = Number(env.SIM_SESSIONS) || 10_000
const seed = Number(env.SIM_SEED) || (env.SIM_SESSIONS ? Math.floor(Math.random() * 2 ** 31) : DEFAULT_SEED)

describe('simulation of the session room core', () => {
  it(`${sessions} random sessions keep every invariant`, { timeout: 600_000 }, () => {
    const result = simulate(seed, sessions)
    console.log(
      `[sim] seed ${seed}: ${result.sessions} sessions, ${result.steps} steps in ${Math.round(result.ms)} ms` +
        ` (${((result.ms * 1000) / Math.max(1, result.steps)).toFixed(1)} µs a step)`,
    )
    if (result.failure) console.error(describeFailure(result.failure))
    expect(result.failure && describeFailure(result.failure)).toBeUndefined()
    expect(result.sessions).toBe(sessions)
  })
})
