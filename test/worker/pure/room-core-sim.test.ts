// The room simulation (test/worker/sim) in a short run: a few hundred seeded random sessions
// against the pure core, every invariant checked after every step. The Workers suite runs 10,000
// (test/worker/room-sim.test.ts); this one is for mutation testing in Node, where each mutant of
// worker/room/core must survive it too. Pure: runs in both.
import { describe, expect, it } from 'vitest'
import { describeFailure, simulate } from '../sim/run'

describe('simulated sessions keep every invariant (short run)', () => {
  it.each([20261130, 7])('300 sessions of seed %i', (seed) => {
    const result = simulate(seed, 300)
    expect(result.failure && describeFailure(result.failure)).toBeUndefined()
    expect(result.sessions).toBe(300)
  })
})
