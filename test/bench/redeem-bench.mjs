// Benchmark (a): redeeming one-time links, each of which also makes a seat in the session room.
// 300 links in one session: 200 redeemed one after another, then 100 in 5 waves of 20.
import { summarize } from './stats.mjs'

export const REDEEM = { links: 300, sequential: 200, waves: 5, waveSize: 20, warmup: 5 }

export async function benchRedeem(api) {
  // Warm the Worker (not the measured room) so the first measured request is not a cold compile.
  const warm = await api.createSession('Bench warm-up')
  for (const token of await api.createLinks(warm.id, REDEEM.warmup)) await api.redeem(token)

  const session = await api.createSession('Bench redeem')
  const tokens = await api.createLinks(session.id, REDEEM.links)
  const sequential = []
  for (const token of tokens.slice(0, REDEEM.sequential))
    sequential.push((await api.redeem(token)).ms)

  const concurrent = []
  const rest = tokens.slice(REDEEM.sequential)
  for (let w = 0; w < REDEEM.waves; w++) {
    const wave = rest.slice(w * REDEEM.waveSize, (w + 1) * REDEEM.waveSize)
    const results = await Promise.all(wave.map((token) => api.redeem(token)))
    concurrent.push(...results.map((r) => r.ms))
  }
  return {
    sequential: summarize(sequential),
    concurrent: summarize(concurrent),
    all: summarize([...sequential, ...concurrent]),
  }
}
