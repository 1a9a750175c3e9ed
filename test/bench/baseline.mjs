// Context for the other figures: the runtime's own round trip (GET /api/config, no D1, no room)
// and how busy this machine is, since the local runtime shares its CPUs with everything else.
import { availableParallelism, loadavg } from 'node:os'
import { summarize } from './stats.mjs'

export async function benchBaseline(origin, n = 100) {
  const ms = []
  for (let i = 0; i < n; i++) {
    const start = performance.now()
    const res = await fetch(`${origin}/api/config`, { signal: AbortSignal.timeout(10_000) })
    await res.text()
    if (res.status !== 200) throw new Error(`GET /api/config: ${res.status}`)
    ms.push(performance.now() - start)
  }
  return summarize(ms)
}

export const hostLoad = () => ({
  cpus: availableParallelism(),
  load1: Math.round(loadavg()[0] * 100) / 100,
})
