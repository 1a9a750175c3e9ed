// Latency statistics: nearest-rank percentiles over a list of milliseconds.
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]
}

/** Count, p50, p95, p99 and max of a list of latencies in milliseconds. */
export function summarize(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const round = (n) => (Number.isFinite(n) ? Math.round(n * 100) / 100 : null)
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : NaN),
  }
}
