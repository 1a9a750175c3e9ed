// Types for test/bench/stats.mjs.
export type Summary = { n: number; p50: number | null; p95: number | null; p99: number | null; max: number | null }
export function percentile(sorted: number[], p: number): number
export function summarize(values: number[]): Summary
