// `npm run bench`: starts the real livekit-server and the real local runtime (wrangler dev on a
// temp D1, LiveKit configured and its webhook pointed at it), seeds a signed-in staff member, measures
// redemption, chat relay with 50 clients and the facilitator's end, 200 redemptions at once across
// 20 sessions, chat in those 20 sessions at once, join → LiveKit token for 100 people, and the web
// client's download sizes, and prints the figures against the budgets. In the same run it measures
// the floors: the trivial route at each redemption concurrency and a trivial relay Durable Object
// under the same chat load, and prints each Havre figure with its floor and the ratio (≤ 1.5×).
// It reports; it does not gate (exit 1 = harness failed). BENCH_SECONDS (1–60, default 20) is how
// long each chat bench runs.
import { loadavg } from 'node:os'
import { apiClient } from './api.mjs'
import {
  configAtOnce,
  configSequential,
  configWaves,
  hostLoad,
  pooledFloor,
} from './baseline.mjs'
import { measureBundle } from './bundle-size.mjs'
import {
  benchChat,
  benchEnd,
  closeAll,
  openRelayRoom,
  openRoom,
  pooledChat,
} from './chat-bench.mjs'
import { benchConsole } from './console-bench.mjs'
import { startLivekit } from './livekit.mjs'
import { benchMedia, MEDIA } from './media-bench.mjs'
import { benchRedeem, REDEEM } from './redeem-bench.mjs'
import { startRelayRuntime } from './relay-runtime.mjs'
import { report } from './report.mjs'
import { freePort, startRuntime } from './runtime.mjs'
import { seedStaff } from './seed.mjs'
import {
  benchRedeemAcross,
  benchSessionsChat,
  endSessionRooms,
  openSessionRooms,
  prepareSessions,
  SESSIONS,
} from './sessions-bench.mjs'

if (typeof WebSocket === 'undefined') {
  console.error('[bench] needs Node 22 or later (a global WebSocket): run it with `npm run bench`')
  process.exit(1)
}

const seconds = Math.min(60, Math.max(1, Number(process.env.BENCH_SECONDS) || 20))
const started = performance.now()
const step = (what) =>
  console.log(`[bench] +${Math.round((performance.now() - started) / 1000)} s ${what}`)

let runtime
let livekit
let relay
let room
let relayRoom
let sessionRooms
let interrupted // the cleanup started by a signal; it exits the process when done
async function shutdown() {
  closeAll(room)
  closeAll(relayRoom)
  for (const r of sessionRooms ?? []) closeAll(r)
  await relay?.stop()
  await runtime?.stop()
  await livekit?.stop().catch(() => {})
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
  (2 * seconds + 900) * 1000,
)

// The load average, sampled through the run (the local runtime shares the CPUs with everything else).
let maxLoad1 = loadavg()[0]
const sampler = setInterval(() => (maxLoad1 = Math.max(maxLoad1, loadavg()[0])), 2_000)
sampler.unref()

let failed = false
try {
  const port = await freePort()
  step('starting livekit-server on 127.0.0.1…')
  livekit = await startLivekit(port)
  step(`livekit-server at ${livekit.url}`)
  step('starting wrangler dev on a fresh local D1, LiveKit configured…')
  const t0 = performance.now()
  runtime = await startRuntime({ vars: livekit.vars, port })
  step(`runtime ready at ${runtime.origin} in ${Math.round(performance.now() - t0)} ms`)
  step('starting the trivial relay (the chat floor) under its own wrangler dev…')
  relay = await startRelayRuntime()
  step(`relay at ${relay.origin}`)
  const staff = await seedStaff(runtime)
  const api = apiClient(runtime.origin, staff)

  const loadBefore = hostLoad()
  const floors = {}
  step(
    `floor: ${REDEEM.sequential} × GET /api/config one at a time, then ${REDEEM.waves} waves of ${REDEEM.waveSize}…`,
  )
  const sequentialBefore = await configSequential(runtime.origin, REDEEM.sequential)
  const wavesBefore = await configWaves(runtime.origin, REDEEM.waves, REDEEM.waveSize)

  step('redeem: 300 links, 200 sequential then 5 waves of 20 concurrent…')
  const redeem = await benchRedeem(api)

  step('floor: the same GET /api/config runs again, after redeem…')
  const sequentialAfter = await configSequential(runtime.origin, REDEEM.sequential)
  const wavesAfter = await configWaves(runtime.origin, REDEEM.waves, REDEEM.waveSize)
  floors.sequential = pooledFloor(sequentialBefore, sequentialAfter)
  floors.waves = pooledFloor(wavesBefore, wavesAfter)

  // The relay's floor runs half its time before Havre's chat and half after, pooled.
  const half = Math.max(1, seconds / 2)
  step(`floor: the trivial relay, 50 clients in one room, ${half} s of the chat load…`)
  relayRoom = await openRelayRoom(relay.origin)
  const chatFloorBefore = await benchChat(relayRoom, half)

  step('chat: opening 1 facilitator + 49 participant seats and joining 50 sockets…')
  room = await openRoom(api, runtime.origin)
  step(`chat: every client writes every ~2 s for ${seconds} s…`)
  const chat = await benchChat(room, seconds)

  step('end: facilitator ends the session…')
  const end = await benchEnd(room)

  closeAll(room)

  step(`floor: the trivial relay, ${half} s more of the same chat load…`)
  floors.chat = pooledChat(chatFloorBefore, await benchChat(relayRoom, half))
  closeAll(relayRoom)
  await relay.stop()

  step(`sessions: ${SESSIONS.sessions} sessions × ${SESSIONS.linksPerSession} links…`)
  const prepared = await prepareSessions(api)
  const atOnce = SESSIONS.sessions * SESSIONS.linksPerSession
  step(`floor: ${atOnce} × GET /api/config at once…`)
  const atOnceBefore = await configAtOnce(runtime.origin, atOnce)
  step(`sessions: all ${atOnce} links redeemed at once…`)
  const across = await benchRedeemAcross(api, prepared)
  step(`floor: ${atOnce} × GET /api/config at once, again…`)
  floors.atOnce = pooledFloor(atOnceBefore, await configAtOnce(runtime.origin, atOnce))
  step(
    `sessions: connecting and joining a facilitator + ${SESSIONS.participantsPerSession} participants in each…`,
  )
  sessionRooms = await openSessionRooms(api, runtime.origin, prepared)
  step(
    `sessions: ${sessionRooms.length * (SESSIONS.participantsPerSession + 1)} sockets write every ~1 s for ${seconds} s…`,
  )
  const sessions = await benchSessionsChat(sessionRooms, seconds)
  step(`console: 50 × GET /api/sessions with ${sessionRooms.length} rooms open, and a link list…`)
  const consoleFigures = await benchConsole(runtime.origin, staff, sessionRooms)
  await endSessionRooms(sessionRooms)

  step(
    `media: ${MEDIA.sessions * MEDIA.perSession} people redeem, connect, join and ask for ${MEDIA.mode}…`,
  )
  const media = await benchMedia(api, runtime.origin, livekit)

  step('bundle: sizes of the built web client (web/dist)…')
  const bundle = measureBundle()

  report({
    host: { before: loadBefore, after: hostLoad(), maxLoad1: Math.round(maxLoad1 * 100) / 100 },
    floors,
    redeem,
    chat,
    end,
    across,
    sessions,
    console: consoleFigures,
    media,
    bundle,
  })
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
