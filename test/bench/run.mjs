// `npm run bench`: starts the real local runtime (wrangler dev on a temp D1), seeds a signed-in
// staff member, measures redemption, chat relay with 50 clients and the facilitator's end, and
// prints the figures against the budgets. It reports; it does not gate (exit 1 = harness failed).
import { apiClient } from './api.mjs'
import { benchBaseline, hostLoad } from './baseline.mjs'
import { benchChat, benchEnd, closeAll, openRoom } from './chat-bench.mjs'
import { benchRedeem } from './redeem-bench.mjs'
import { report } from './report.mjs'
import { startRuntime } from './runtime.mjs'
import { seedStaff } from './seed.mjs'

if (typeof WebSocket === 'undefined') {
  console.error('[bench] needs Node 22 or later (a global WebSocket): run it with `npm run bench`')
  process.exit(1)
}

const seconds = Math.min(60, Math.max(1, Number(process.env.BENCH_SECONDS) || 20))
const step = (what) => console.log(`[bench] ${what}`)

let runtime
let room
let interrupted // the cleanup started by a signal; it exits the process when done
async function shutdown() {
  closeAll(room)
  await runtime?.stop()
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) return
    console.error(`[bench] ${signal}: stopping the runtime…`)
    interrupted = shutdown().finally(() => process.exit(130))
  })
}

// A hung step cannot keep the run going for ever.
const watchdog = setTimeout(
  () => {
    console.error('[bench] harness timed out')
    shutdown().finally(() => process.exit(1))
  },
  (seconds + 150) * 1000,
)

let failed = false
try {
  step('starting wrangler dev on a fresh local D1…')
  const t0 = performance.now()
  runtime = await startRuntime()
  step(`runtime ready at ${runtime.origin} in ${Math.round(performance.now() - t0)} ms`)
  const api = apiClient(runtime.origin, await seedStaff(runtime))

  const loadBefore = hostLoad()
  step('baseline: 100 × GET /api/config…')
  const baseline = await benchBaseline(runtime.origin)

  step('redeem: 300 links, 200 sequential then 5 waves of 20 concurrent…')
  const redeem = await benchRedeem(api)

  step('chat: opening 1 facilitator + 49 participant seats and joining 50 sockets…')
  room = await openRoom(api, runtime.origin)
  step(`chat: every client writes every ~2 s for ${seconds} s…`)
  const chat = await benchChat(room, seconds)

  step('end: facilitator ends the session…')
  const end = await benchEnd(room)

  report({ host: { before: loadBefore, after: hostLoad() }, baseline, redeem, chat, end })
} catch (err) {
  failed = true
  if (interrupted) await interrupted // a step failed because the runtime was stopped: say nothing
  console.error('[bench] harness failed:', err?.stack ?? err)
  const tail = runtime?.tail()
  if (tail) console.error(`--- wrangler dev output (last lines) ---\n${tail}`)
} finally {
  clearTimeout(watchdog)
  await shutdown()
}
process.exit(failed ? 1 : 0)
