// Prints the figures as a table against DESIGN.md's performance budgets, then one JSON line.
export const BUDGETS = { redeemP99Ms: 25, chatP99Ms: 50, chatLost: 0, endMaxMs: 1000 }

const fmt = (n) => (n === null || n === undefined ? '—' : typeof n === 'number' ? String(n) : n)
const verdict = (ok) => (ok ? 'PASS' : 'OVER')

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)))
  const line = (r) => r.map((cell, i) => String(cell).padEnd(widths[i])).join('  ')
  console.log(line(rows[0]))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  rows.slice(1).forEach((r) => console.log(line(r)))
}

export function report({ host, baseline, redeem, chat, end }) {
  const lat = (s) => [s.n, s.p50, s.p95, s.p99, s.max].map(fmt)
  console.log('\nLatencies in ms (n, p50, p95, p99, max)\n')
  table([
    ['measure', 'n', 'p50', 'p95', 'p99', 'max'],
    ['baseline GET /api/config (context)', ...lat(baseline)],
    ['redeem, sequential', ...lat(redeem.sequential)],
    ['redeem, 5 waves of 20 concurrent', ...lat(redeem.concurrent)],
    ['redeem, all', ...lat(redeem.all)],
    ['chat delivery (50 clients)', ...lat(chat.latency)],
    ['end -> ended + closed, per participant', ...lat(end.latency)],
  ])
  console.log(
    `\nChat: ${chat.sent} sent in ${chat.seconds} s, ${chat.expected} deliveries expected, ` +
      `${chat.received} received, ${chat.lost} lost, ${chat.serverErrors} server errors` +
      (chat.errorCodes.length ? ` (${chat.errorCodes.join(', ')})` : '') +
      (chat.dropped
        ? `, ${chat.dropped} sockets dropped (codes ${chat.dropCodes.join(', ')})`
        : ''),
  )
  console.log(
    `End: ${end.closed}/${end.participants} participants told and closed` +
      (end.closeCodes.length ? ` (close codes ${end.closeCodes.join(', ')})` : ''),
  )

  const busy = Math.max(host.before.load1, host.after.load1) > host.before.cpus
  console.log(
    `Host: ${host.before.cpus} CPUs, load average ${host.before.load1} before, ` +
      `${host.after.load1} after` +
      (busy ? ' — the machine was busy: latencies include waiting for a CPU' : ''),
  )

  const checks = [
    [
      'redeem p99 (sequential)',
      redeem.sequential.p99,
      `≤ ${BUDGETS.redeemP99Ms} ms`,
      redeem.sequential.p99 <= BUDGETS.redeemP99Ms,
    ],
    [
      'redeem p99 (concurrent)',
      redeem.concurrent.p99,
      `≤ ${BUDGETS.redeemP99Ms} ms`,
      redeem.concurrent.p99 <= BUDGETS.redeemP99Ms,
    ],
    [
      'chat delivery p99',
      chat.latency.p99,
      `≤ ${BUDGETS.chatP99Ms} ms`,
      chat.latency.p99 <= BUDGETS.chatP99Ms,
    ],
    ['chat messages lost', chat.lost, `= ${BUDGETS.chatLost}`, chat.lost === BUDGETS.chatLost],
    [
      'end -> all closed (max)',
      end.notClosed ? `${end.notClosed} never closed` : end.latency.max,
      `≤ ${BUDGETS.endMaxMs} ms`,
      end.notClosed === 0 && end.latency.max <= BUDGETS.endMaxMs,
    ],
  ]
  console.log('\nBudgets (DESIGN.md "Performance budgets", local runtime)\n')
  table([
    ['budget', 'measured', 'limit', 'verdict'],
    ...checks.map(([name, v, limit, ok]) => [name, fmt(v), limit, verdict(ok)]),
  ])
  const verdicts = Object.fromEntries(checks.map(([name, , , ok]) => [name, verdict(ok)]))
  console.log()
  console.log(
    JSON.stringify({
      bench: 'havre',
      at: new Date().toISOString(),
      host,
      budgets: BUDGETS,
      baseline,
      redeem,
      chat,
      end,
      verdicts,
    }),
  )
}
