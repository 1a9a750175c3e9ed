// Runs simulated sessions against a core's step function, checks every invariant after every step,
// and shrinks a failing session to a short list of steps that still breaks the same invariant.
import { initialState, step as realStep } from '../../../worker/room/core/step'
import { Generator, planSession, rng } from './generate'
import { check } from './invariants'
import { apply, newWorld, type Check, type SimStep, type StepFn } from './world'

export type Failure = Check & { seed: number; session: number; media: boolean; steps: SimStep[]; shrunk: SimStep[] }
export type SimResult = { sessions: number; steps: number; ms: number; failure?: Failure }

/** Replays recorded steps in a fresh world; the first broken invariant, if any. */
export function replay(media: boolean, steps: SimStep[], step: StepFn = realStep): Check | undefined {
  const w = newWorld(media, initialState(media))
  for (const s of steps) {
    const found = check(w, apply(w, s, step))
    if (found) return found
  }
  return undefined
}

function generateSession(seed: number, index: number, step: StepFn) {
  const r = rng(seed ^ Math.imul(index + 1, 0x9e3779b1))
  const plan = planSession(r)
  const gen = new Generator(r, plan, index)
  const w = newWorld(plan.media, initialState(plan.media))
  const steps: SimStep[] = []
  const run = (s: SimStep) => {
    steps.push(s)
    return check(w, apply(w, s, step))
  }
  let failure = run(gen.createSeat('facilitator', 'staff-1'))
  if (plan.scene) {
    for (const make of gen.scene()) {
      const s = failure ? undefined : make(w)
      if (s) failure = run(s)
    }
  }
  for (let i = 0; !failure && i < plan.steps; i++) failure = run(gen.next(w))
  return { plan, steps, failure }
}

/** Delta debugging: drops chunks, then single steps, while the same invariant still breaks. */
export function shrink(media: boolean, steps: SimStep[], name: string, step: StepFn = realStep): SimStep[] {
  let current = steps
  const fails = (candidate: SimStep[]) => replay(media, candidate, step)?.name === name
  for (let chunk = Math.max(1, Math.floor(current.length / 2)); chunk >= 1; chunk = Math.floor(chunk / 2)) {
    for (let i = 0; i + chunk <= current.length; ) {
      const candidate = [...current.slice(0, i), ...current.slice(i + chunk)]
      if (candidate.length && fails(candidate)) current = candidate
      else i += chunk
    }
  }
  return current
}

export function simulate(seed: number, sessions: number, step: StepFn = realStep): SimResult {
  const t0 = performance.now()
  let total = 0
  for (let i = 0; i < sessions; i++) {
    const { plan, steps, failure } = generateSession(seed, i, step)
    total += steps.length
    if (failure) {
      const shrunk = shrink(plan.media, steps, failure.name, step)
      return { sessions: i + 1, steps: total, ms: performance.now() - t0, failure: { ...failure, seed, session: i, media: plan.media, steps, shrunk } }
    }
  }
  return { sessions, steps: total, ms: performance.now() - t0 }
}

/** A failure as a person can read it: the invariant, the seed, and the shrunk steps to replay. */
export function describeFailure(f: Failure): string {
  const lines = f.shrunk.map((s, i) => {
    if (s.kind !== 'event') return `${i + 1}. @${s.at} ${s.kind}`
    const e = s.event
    const brief = e.type === 'frame' ? `frame ${e.socket} ${e.raw}` : JSON.stringify(e)
    return `${i + 1}. @${s.at} ${brief}`
  })
  return [
    `invariant broken: ${f.name}: ${f.message}`,
    `seed ${f.seed}, session ${f.session} (LiveKit ${f.media ? 'on' : 'off'}): ${f.steps.length} steps, shrunk to ${f.shrunk.length}:`,
    ...lines,
  ].join('\n')
}
