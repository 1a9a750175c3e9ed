// The room simulation (test/worker/sim) in a short run: seeded random sessions against the pure
// core, every invariant checked after every step. The Workers suite runs 10,000 more
// (test/worker/room-sim.test.ts); this one is for mutation testing in Node, where every mutant of
// worker/room/core must get past it too. Under StrykerJS (MUTATION_GROUP set) each mutant runs it,
// so it runs 80 sessions of one seed there and 300 of two seeds otherwise. Pure: runs in both.
import { describe, expect, it } from 'vitest'
import { step as realStep } from '../../../worker/room/core/step'
import type { Effect } from '../../../worker/room/core/types'
import { describeFailure, simulate } from '../sim/run'
import type { StepFn } from '../sim/world'

const mutating = typeof process !== 'undefined' && Boolean(process.env?.MUTATION_GROUP)
const sessions = mutating ? 80 : 300
const seeds = mutating ? [20261130] : [20261130, 7]

describe('simulated sessions keep every invariant (short run)', () => {
  it.each(seeds)(`${sessions} sessions of seed %i`, { timeout: 120_000 }, (seed) => {
    const result = simulate(seed, sessions)
    expect(result.failure && describeFailure(result.failure)).toBeUndefined()
    expect(result.sessions).toBe(sessions)
  })
})

/** What every step must do whatever happens: checked around the real step in the same sessions. */
function checkedStep(problems: string[]): StepFn {
  return (state, event, now) => {
    const before = JSON.stringify(state)
    const out = realStep(state, event, now)
    const where = `${event.type} at ${now}`
    // Pure: the state it was given is left as it was (a rebuilt or replayed room starts from it).
    if (JSON.stringify(state) !== before) problems.push(`${where}: the input state was changed`)
    const metas = out.effects.filter((e) => e.type === 'put_meta')
    if (metas.length > 1) problems.push(`${where}: ${metas.length} meta writes in one step`)
    const wipe = out.effects.findIndex((e) => e.type === 'wipe')
    if (wipe >= 0 && out.effects.findIndex((e) => e.type === 'put_meta') < wipe) {
      problems.push(`${where}: the meta was written before the wipe, so the wipe erases it`)
    }
    if (
      metas[0] &&
      JSON.stringify((metas[0] as Extract<Effect, { type: 'put_meta' }>).meta) !==
        JSON.stringify(out.state.meta)
    ) {
      problems.push(`${where}: the meta written is not the room's meta`)
    }
    for (const e of out.effects) {
      // Invariant 9: a refusal says why, in a sentence; a close gives its reason.
      if (e.type === 'send' && e.frame.type === 'error' && !/^[A-Z].{8,}/s.test(e.frame.message)) {
        problems.push(
          `${where}: error ${e.frame.code} without a readable sentence: ${JSON.stringify(e.frame.message)}`,
        )
      }
      if (e.type === 'close' && !/^[a-z][a-z ]{3,}$/.test(e.reason))
        problems.push(`${where}: close ${e.code} without a reason`)
      if (e.type === 'send' && e.to.length === 0) problems.push(`${where}: a frame sent to nobody`)
    }
    return out
  }
}

describe('every step of those sessions', () => {
  it(
    'leaves its input untouched, writes the meta once after any wipe, and says why it refuses or closes',
    { timeout: 120_000 },
    () => {
      const problems: string[] = []
      const result = simulate(seeds[0]!, mutating ? 40 : 200, checkedStep(problems))
      expect(problems.slice(0, 5)).toEqual([])
      expect(result.failure && describeFailure(result.failure)).toBeUndefined()
    },
  )
})
