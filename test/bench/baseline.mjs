// The runtime's own floors, measured in the same run as Havre's figures: the trivial route
// (GET /api/config: no D1, no room) at each concurrency the redemption benches use, and how busy
// this machine is. Local workerd queues requests itself, so under concurrency Havre is judged
// against these (≤ 1.5×), not only against absolute budgets that a busy machine can break alone.
// Each floor is taken just before and just after its Havre figure and the two pooled, so a load
// that changes meanwhile (others' tests on a shared machine) weighs on both sides alike.
import { availableParallelism, loadavg } from 'node:os'
import { summarize } from './stats.mjs'

/** One GET /api/config; its wall time in ms. */
async function timedConfig(origin) {
  const start = performance.now()
  const res = await fetch(`${origin}/api/config`, { signal: AbortSignal.timeout(30_000) })
  await res.text()
  if (res.status !== 200) throw new Error(`GET /api/config: ${res.status}`)
  return performance.now() - start
}

/** `n` requests one after another (as "redeem, sequential"); each one's ms. */
export async function configSequential(origin, n) {
  const ms = []
  for (let i = 0; i < n; i++) ms.push(await timedConfig(origin))
  return ms
}

/** `waves` waves of `size` requests at once (as "redeem, waves of 20 concurrent"); each's ms. */
export async function configWaves(origin, waves, size) {
  const ms = []
  for (let w = 0; w < waves; w++) {
    ms.push(...(await Promise.all(Array.from({ length: size }, () => timedConfig(origin)))))
  }
  return ms
}

/** `n` requests in one Promise.all (as "redeem, 200 at once across 20 sessions"); each's ms. */
export function configAtOnce(origin, n) {
  return Promise.all(Array.from({ length: n }, () => timedConfig(origin)))
}

/** The floor from its runs before and after the Havre figure: pooled, and each apart. */
export const pooledFloor = (before, after) => ({
  ...summarize([...before, ...after]),
  before: summarize(before),
  after: summarize(after),
})

export const hostLoad = () => ({
  cpus: availableParallelism(),
  load1: Math.round(loadavg()[0] * 100) / 100,
})
