// Prints the figures as tables against DESIGN.md's performance budgets, then each Havre figure
// beside its floor measured in the same run (the ratio, budget ≤ 1.5×), then one JSON line.
import { printBundle, TEXT_PATH_BUDGET_BYTES } from './bundle-size.mjs'

export const BUDGETS = {
  redeemP99Ms: 25,
  chatP99Ms: 50,
  chatLost: 0,
  endMaxMs: 1000,
  // "Redeeming a link and minting a token: p99 ≤ 25 ms", read as covering the LiveKit token too.
  mediaTokenP99Ms: 25,
  textPathBytes: TEXT_PATH_BUDGET_BYTES,
  // Each figure within 1.5× its floor in the same run: the machine's own slowness cancels out.
  floorRatio: 1.5,
}

const ratio = (havre, floor) =>
  havre === null || floor === null || !floor ? null : Math.round((havre / floor) * 100) / 100

/** Each Havre figure with its floor (the same load on the trivial route or relay), and ratios. */
export function againstFloors({ floors, redeem, chat, across }) {
  const pair = (name, floorName, havre, floor) => ({
    name,
    floorName,
    havre,
    floor,
    ratioP50: ratio(havre.p50, floor.p50),
    ratioP99: ratio(havre.p99, floor.p99),
  })
  return [
    pair(
      'redeem, sequential (1 session)',
      'GET /api/config, one at a time',
      redeem.sequential,
      floors.sequential,
    ),
    pair(
      'redeem, 5 waves of 20 concurrent',
      'GET /api/config, 5 waves of 20',
      redeem.concurrent,
      floors.waves,
    ),
    pair(
      `redeem, ${across.requests} at once (${across.sessions} sessions)`,
      `GET /api/config, ${across.requests} at once`,
      across.latency,
      floors.atOnce,
    ),
    pair(
      `chat delivery (1 session, ${chat.clients} clients)`,
      `trivial relay DO, ${floors.chat.clients} clients`,
      chat.latency,
      floors.chat.latency,
    ),
  ]
}

const fmt = (n) => (n === null || n === undefined ? '—' : typeof n === 'number' ? String(n) : n)
const verdict = (ok) => (ok ? 'PASS' : 'OVER')

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)))
  const line = (r) => r.map((cell, i) => String(cell).padEnd(widths[i])).join('  ')
  console.log(line(rows[0]))
  console.log(widths.map((w) => '-'.repeat(w)).join('  '))
  rows.slice(1).forEach((r) => console.log(line(r)))
}

const NO_BUDGET = ['no budget (context)', '—']

export function report({
  host,
  floors,
  redeem,
  chat,
  end,
  across,
  sessions,
  console: consoleFigures,
  media,
  bundle,
}) {
  const lat = (s) => [s.n, s.p50, s.p95, s.p99, s.max].map(fmt)
  const p99 = (s, limit) => [`p99 ≤ ${limit} ms`, verdict(s.p99 !== null && s.p99 <= limit)]
  console.log('\nLatencies in ms (n, p50, p95, p99, max), each with its budget\n')
  table([
    ['measure', 'n', 'p50', 'p95', 'p99', 'max', 'budget', 'verdict'],
    ['floor: GET /api/config, one at a time', ...lat(floors.sequential), ...NO_BUDGET],
    ['floor: GET /api/config, 5 waves of 20', ...lat(floors.waves), ...NO_BUDGET],
    [`floor: GET /api/config, ${across.requests} at once`, ...lat(floors.atOnce), ...NO_BUDGET],
    [
      `floor: trivial relay DO (1 room, ${floors.chat.clients} clients)`,
      ...lat(floors.chat.latency),
      ...NO_BUDGET,
    ],
    [
      'redeem, sequential (1 session)',
      ...lat(redeem.sequential),
      ...p99(redeem.sequential, BUDGETS.redeemP99Ms),
    ],
    [
      'redeem, 5 waves of 20 concurrent',
      ...lat(redeem.concurrent),
      ...p99(redeem.concurrent, BUDGETS.redeemP99Ms),
    ],
    ['redeem, all 300', ...lat(redeem.all), ...p99(redeem.all, BUDGETS.redeemP99Ms)],
    [
      `redeem, ${across.requests} at once (${across.sessions} sessions)`,
      ...lat(across.latency),
      ...p99(across.latency, BUDGETS.redeemP99Ms),
    ],
    [
      `chat delivery (1 session, ${chat.clients} clients)`,
      ...lat(chat.latency),
      ...p99(chat.latency, BUDGETS.chatP99Ms),
    ],
    [
      `chat delivery (${sessions.sessions} sessions × 5, ${sessions.clients} sockets)`,
      ...lat(sessions.latency),
      ...p99(sessions.latency, BUDGETS.chatP99Ms),
    ],
    [
      'end -> ended + closed, per participant',
      ...lat(end.latency),
      `max ≤ ${BUDGETS.endMaxMs} ms`,
      verdict(end.notClosed === 0 && end.latency.max <= BUDGETS.endMaxMs),
    ],
    [
      `console GET /api/sessions (${consoleFigures.sessionsListed} sessions, ${consoleFigures.openRooms} live, wrong counts ${consoleFigures.wrongCounts})`,
      ...lat(consoleFigures.list),
      ...NO_BUDGET,
    ],
    ['console GET a session\'s links', ...lat(consoleFigures.links), ...NO_BUDGET],
    ['media -> token, first in session (creates the room)', ...lat(media.tokenFirst), ...NO_BUDGET],
    [
      'media -> token, subsequent',
      ...lat(media.tokenSubsequent),
      ...p99(media.tokenSubsequent, BUDGETS.mediaTokenP99Ms),
    ],
    ['media -> token, all', ...lat(media.tokenAll), ...NO_BUDGET],
    ['redeem + socket + join + token (full path)', ...lat(media.fullPath), ...NO_BUDGET],
    ...Object.entries(media.fullPathParts).map(([part, s]) => [
      `  full path: ${part}`,
      ...lat(s),
      ...NO_BUDGET,
    ]),
  ])

  console.log(
    `\nChat, 1 session: ${chat.sent} sent in ${chat.seconds} s, ${chat.expected} deliveries expected, ` +
      `${chat.received} received, ${chat.lost} lost, ${chat.serverErrors} server errors` +
      (chat.errorCodes.length ? ` (${chat.errorCodes.join(', ')})` : '') +
      (chat.dropped
        ? `, ${chat.dropped} sockets dropped (codes ${chat.dropCodes.join(', ')})`
        : ''),
  )
  console.log(
    `Chat floor, trivial relay: ${floors.chat.sent} sent in ${floors.chat.seconds} s, ` +
      `${floors.chat.expected} deliveries expected, ${floors.chat.received} received, ` +
      `${floors.chat.lost} lost` +
      (floors.chat.dropped ? `, ${floors.chat.dropped} sockets dropped` : ''),
  )
  console.log(
    `Chat, ${sessions.sessions} sessions at once: ${sessions.sent} sent in ${sessions.seconds} s, ` +
      `${sessions.expected} deliveries expected, ${sessions.received} received, ${sessions.lost} lost, ` +
      `${sessions.crossed} crossed into another session, ${sessions.duplicates} duplicated, ` +
      `${sessions.serverErrors} server errors` +
      (sessions.errorCodes.length ? ` (${sessions.errorCodes.join(', ')})` : '') +
      (sessions.dropped
        ? `, ${sessions.dropped} sockets dropped (codes ${sessions.dropCodes.join(', ')})`
        : '') +
      `; worst single-session p99 ${sessions.worstSessionP99} ms`,
  )
  console.log(
    `Redeem, ${across.requests} at once: statuses ${JSON.stringify(across.statuses)}, all answered in ${across.wallMs} ms`,
  )
  console.log(
    `End: ${end.closed}/${end.participants} participants told and closed` +
      (end.closeCodes.length ? ` (close codes ${end.closeCodes.join(', ')})` : ''),
  )
  console.log(
    `Media: ${media.people} people in ${media.sessions} sessions asked for ${media.mode}, each got a token; ` +
      `livekit-server held the media room of ${media.roomsOnSfu} of the ${media.sessions} sessions`,
  )

  printBundle(bundle)

  const busy = Math.max(host.before.load1, host.after.load1, host.maxLoad1 ?? 0) > host.before.cpus
  console.log(
    `\nHost: ${host.before.cpus} CPUs, load average ${host.before.load1} before, ` +
      `${host.after.load1} after, ${host.maxLoad1} at most during the run` +
      (busy ? ' — the machine was busy: latencies include waiting for a CPU' : ''),
  )

  const paired = againstFloors({ floors, redeem, chat, across })
  const withinFloor = (p) => p.ratioP99 !== null && p.ratioP99 <= BUDGETS.floorRatio
  const budgetText = `p99 ≤ ${BUDGETS.floorRatio}× the floor's p99`
  console.log(`\nAgainst the floor, measured in the same run (ms; budget: ${budgetText})\n`)
  table([
    ['measure', 'p50', 'floor p50', 'ratio', 'p99', 'floor p99', 'ratio', 'floor', 'verdict'],
    ...paired.map((p) => [
      p.name,
      fmt(p.havre.p50),
      fmt(p.floor.p50),
      `${fmt(p.ratioP50)}×`,
      fmt(p.havre.p99),
      fmt(p.floor.p99),
      `${fmt(p.ratioP99)}×`,
      p.floorName,
      verdict(withinFloor(p)),
    ]),
  ])

  const text = bundle.error ? undefined : bundle.textPath
  const checks = [
    [
      'redeem p99 (sequential)',
      redeem.sequential.p99,
      `≤ ${BUDGETS.redeemP99Ms} ms`,
      redeem.sequential.p99 <= BUDGETS.redeemP99Ms,
    ],
    [
      'redeem p99 (concurrent waves)',
      redeem.concurrent.p99,
      `≤ ${BUDGETS.redeemP99Ms} ms`,
      redeem.concurrent.p99 <= BUDGETS.redeemP99Ms,
    ],
    [
      `redeem p99 (${across.requests} at once)`,
      across.latency.p99,
      `≤ ${BUDGETS.redeemP99Ms} ms`,
      across.latency.p99 <= BUDGETS.redeemP99Ms,
    ],
    [
      `redeem statuses (${across.requests} at once)`,
      Object.entries(across.statuses)
        .map(([s, n]) => `${n}×${s}`)
        .join(' '),
      `all 201`,
      across.all201,
    ],
    [
      'chat delivery p99 (1 session)',
      chat.latency.p99,
      `≤ ${BUDGETS.chatP99Ms} ms`,
      chat.latency.p99 <= BUDGETS.chatP99Ms,
    ],
    [
      'chat messages lost (1 session)',
      chat.lost,
      `= ${BUDGETS.chatLost}`,
      chat.lost === BUDGETS.chatLost,
    ],
    [
      `chat delivery p99 (${sessions.sessions} sessions)`,
      sessions.latency.p99,
      `≤ ${BUDGETS.chatP99Ms} ms`,
      sessions.latency.p99 <= BUDGETS.chatP99Ms,
    ],
    [
      `chat messages lost (${sessions.sessions} sessions)`,
      sessions.lost,
      `= ${BUDGETS.chatLost}`,
      sessions.lost === BUDGETS.chatLost,
    ],
    [`chat messages across sessions`, sessions.crossed, '= 0', sessions.crossed === 0],
    [
      'end -> all closed (max)',
      end.notClosed ? `${end.notClosed} never closed` : end.latency.max,
      `≤ ${BUDGETS.endMaxMs} ms`,
      end.notClosed === 0 && end.latency.max <= BUDGETS.endMaxMs,
    ],
    ...paired.map((p) => [
      `${p.name}: p99 / floor p99`,
      p.ratioP99 === null ? null : `${p.ratioP99}×`,
      `≤ ${BUDGETS.floorRatio}× (same run)`,
      withinFloor(p),
    ]),
    [
      'media -> token p99 (subsequent)',
      media.tokenSubsequent.p99,
      `≤ ${BUDGETS.mediaTokenP99Ms} ms`,
      media.tokenSubsequent.p99 <= BUDGETS.mediaTokenP99Ms,
    ],
    [
      'media rooms on livekit-server',
      media.roomsOnSfu,
      `= ${media.sessions} (one per session)`,
      media.roomsOnSfu === media.sessions,
    ],
    [
      `text-only /j path, gzip (${text?.locale ?? '—'})`,
      text ? `${text.total.gzip} B` : bundle.error,
      `≤ 30 KB (${BUDGETS.textPathBytes} B)`,
      !!text && text.total.gzip <= BUDGETS.textPathBytes,
    ],
    [
      'livekit-client in the text path',
      text ? text.livekitInTextPath.join(', ') || 'none' : '—',
      'none',
      !!text && text.livekitInTextPath.length === 0,
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
      floors,
      againstFloors: paired.map(({ name, floorName, havre, floor, ratioP50, ratioP99 }) => ({
        name,
        floorName,
        p50: havre.p50,
        floorP50: floor.p50,
        ratioP50,
        p99: havre.p99,
        floorP99: floor.p99,
        ratioP99,
        withinBudget: ratioP99 !== null && ratioP99 <= BUDGETS.floorRatio,
      })),
      redeem,
      chat,
      end,
      redeemAcross: across,
      sessionsChat: sessions,
      console: consoleFigures,
      media,
      bundle,
      verdicts,
    }),
  )
}
