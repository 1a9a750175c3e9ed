// `npm run bench:media`: media against the real livekit-server, in Chromium with fake devices
// (the speech WAV). For BENCH_MEDIA_REPS sessions (default 5): a facilitator in video, Amy joins
// in video (join → first remote frame decoded), Birch in audio-only; the facilitator removes Birch
// (→ gone from the SFU and her peer connections closed), then ends (→ every page's connections
// closed and the LiveKit room gone). In the first, Birch's uplink is sampled for
// BENCH_AUDIO_SECONDS (default 30) and Chromium's CPU read meanwhile. It reports; it does not gate
// (a failure means the harness failed). Amy's join is also broken down stage by stage
// (media-stages.ts stamps her page from the bench side; media-breakdown.ts prints the spans).
import { existsSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, it } from 'vitest'
import { launchMediaBrowser, until } from '../browser/support/browser'
import { registerStaffOn, type MediaHavre } from '../browser/support/havre'
import { enterCall, joinWith, mediaPerson, mediaSession } from '../browser/support/media-people'
import { captureRtc, rtcStats } from '../browser/support/rtc'
import { startLivekit, type BenchLivekit } from './livekit.mjs'
import { printBreakdown } from './media-breakdown'
import { audioFigures, cpuFigures, printMedia, type Rep } from './media-figures'
import {
  armClick,
  armClosed,
  armFirstFrame,
  chromiumCpu,
  sampleAudio,
  sessionMedia,
  stamp,
  when,
} from './media-probes'
import { captureStages, readStages, stageSeen } from './media-stages'
import { freePort, startRuntime, webDist, type Runtime } from './runtime.mjs'

const clamp = (v: unknown, lo: number, hi: number, dflt: number) =>
  Math.min(hi, Math.max(lo, Math.round(Number(v)) || dflt))
const REPS = clamp(process.env.BENCH_MEDIA_REPS, 1, 20, 5)
const AUDIO_SECONDS = clamp(process.env.BENCH_AUDIO_SECONDS, 20, 120, 30)
// Amy's moment between ticking the last box and pressing "Join" (a person reads what she ticked;
// the app fetches the media code from her choice of video on). 0 for a click at machine speed.
const THINK_MS = clamp(process.env.BENCH_MEDIA_THINK_MS, 0, 10_000, 1_000)
// TrackInfo.source: CAMERA = 1, MICROPHONE = 2.
const CAMERA = 1
const MICROPHONE = 2

let livekit: BenchLivekit
let runtime: Runtime
let server: MediaHavre
let browser: Browser
let staffContext: BrowserContext
const load = { before: 0, after: 0, max: 0, cpus: cpus().length }
const sampler = setInterval(() => (load.max = Math.max(load.max, loadavg()[0]!)), 2_000)
sampler.unref()

beforeAll(async () => {
  if (!existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(`${webDist} is not built: run \`npm run build\` first`)
  }
  load.before = load.max = loadavg()[0]!
  const port = await freePort()
  livekit = await startLivekit(port)
  // A snapshot of the working tree, so edits elsewhere do not restart wrangler dev mid-run.
  runtime = await startRuntime({ port, vars: livekit.vars })
  server = {
    base: `http://localhost:${port}`,
    persistTo: runtime.persistTo,
    livekit,
    logFile: '',
    close: async () => {},
  }
  browser = await launchMediaBrowser()
  const staff = await registerStaffOn(browser, server, 'Facilitator Anne')
  await staff.page.close()
  staffContext = staff.context
  await captureRtc(staffContext)
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await runtime?.stop()
  await livekit?.stop()
  clearInterval(sampler)
})

/** The value `get` returns once it is defined. */
async function value<T>(get: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  let v: T | undefined
  await until(() => (v = get()) !== undefined, what, ms)
  return v!
}

/** Resolves when `identity` is on the SFU in one of the session's rooms, publishing `source`. */
const publishing = (sessionId: string, identity: string, source: number) =>
  when(
    async () =>
      (await sessionMedia(livekit.rooms, sessionId)).participants.some(
        (p) => p.identity === identity && p.tracks.some((t) => t.source === source),
      ),
    `${identity} publishing source ${source} on the SFU`,
    60_000,
  )

/** A reader of each page's main-thread task seconds (CDP Performance.getMetrics, TaskDuration). */
async function taskSeconds(pages: Record<string, Page>) {
  const sessions = await Promise.all(
    Object.entries(pages).map(async ([name, page]) => {
      const cdp = await page.context().newCDPSession(page)
      await cdp.send('Performance.enable')
      return [name, cdp] as const
    }),
  )
  const read = async () => {
    const out: Record<string, number> = {}
    for (const [name, cdp] of sessions) {
      const { metrics } = await cdp.send('Performance.getMetrics')
      out[name] = metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0
    }
    return out
  }
  const detach = () => Promise.all(sessions.map(([, cdp]) => cdp.detach().catch(() => undefined)))
  return { read, detach }
}

async function oneSession(measureUplink: boolean) {
  const s = await mediaSession(server, staffContext, { participant: 2 })
  const people: { context: BrowserContext }[] = []
  try {
    await s.host.getByTestId('switch-video').click()
    const hostId = await value(() => s.hostFrames.media().at(-1)?.identity, 'the host media frame')
    await publishing(s.sessionId, hostId, CAMERA)

    // (1) Amy joins in video: from her click on "Join" to the first remote frame decoded.
    const amy = await mediaPerson(browser)
    people.push(amy)
    await captureStages(amy.page)
    await amy.page.goto(s.links[0]!)
    await amy.page.getByTestId('agreement').waitFor({ timeout: 15_000 })
    // In the form's order: her name, video, her consent, a moment, "Join".
    await amy.page.getByTestId('pseudonym').fill('Amy')
    await amy.page.getByTestId('mode-video').check()
    await amy.page.getByTestId('consent').check()
    await new Promise((r) => setTimeout(r, THINK_MS))
    await armClick(amy.page, 'join-button')
    await armFirstFrame(amy.page)
    await amy.page.getByTestId('join-button').click()
    // Since issue 18 a participant passes a device check (its own "join-call"): the bench turns
    // mic and camera on and clicks at once; the stages show that click ("click:join-call").
    await enterCall(amy.page, { mic: true, camera: true })
    const joinMs = (await stamp(amy.page, 'firstFrame', 90_000)) - (await stamp(amy.page, 'click'))
    // A second more, so her own publishing (not on the way to the first face) is stamped too, and
    // the first face after the device check, however late.
    await new Promise((r) => setTimeout(r, 1_000))
    await stageSeen(amy.page, 'video.remote.presented.afterCheck', 15_000)
    const stages = {
      ...(await readStages(amy.page, await stamp(amy.page, 'click'))),
      'frame.decoded': joinMs,
    }
    const amyId = await value(() => amy.media().at(-1)?.identity, "Amy's media frame")

    const birch = await mediaPerson(browser)
    people.push(birch)
    await joinWith(birch.page, s.links[1]!, 'Birch', 'audio')
    const birchId = await value(() => birch.media().at(-1)?.identity, "Birch's media frame")
    await publishing(s.sessionId, birchId, MICROPHONE)

    // (4), (5) Birch's audio-only uplink over the window, and Chromium's CPU meanwhile.
    let audio: ReturnType<typeof audioFigures> | undefined
    let cpu: ReturnType<typeof cpuFigures> | undefined
    if (measureUplink) {
      const pages = { facilitatorVideo: s.host, amyVideo: amy.page, birchAudio: birch.page }
      const tasks = await taskSeconds(pages)
      const [procs0, main0, t0] = [chromiumCpu(), await tasks.read(), Date.now()]
      const samples = await sampleAudio(birch.page, AUDIO_SECONDS)
      const [procs1, main1, t1] = [chromiumCpu(), await tasks.read(), Date.now()]
      await tasks.detach()
      audio = audioFigures(samples)
      const main = Object.fromEntries(Object.keys(pages).map((k) => [k, main1[k]! - main0[k]!]))
      cpu = cpuFigures(procs0, procs1, t1 - t0, main)
    }

    // (2) The facilitator removes Birch: timed from her click on the confirmation.
    await armClosed(birch.page)
    const birchRow = s.host.getByTestId('roster-member').filter({ hasText: 'Birch' })
    await birchRow.getByTestId('remove-member').click()
    await armClick(s.host, 'remove-confirm')
    await birchRow.getByTestId('remove-confirm').click()
    const [sfuAt, pageAt] = await Promise.all([
      when(
        async () =>
          !(await sessionMedia(livekit.rooms, s.sessionId)).participants.some(
            (p) => p.identity === birchId,
          ),
        'Birch gone from the SFU',
      ),
      stamp(birch.page, 'closed'),
    ])
    const removeAt = await stamp(s.host, 'click')
    const remove = {
      sfuMs: sfuAt - removeAt,
      pageMs: pageAt - removeAt,
      bothMs: Math.max(sfuAt, pageAt) - removeAt,
    }

    // The session moved to a new media room: the others are back in it before the end.
    await publishing(s.sessionId, hostId, CAMERA)
    await publishing(s.sessionId, amyId, CAMERA)
    for (const page of [s.host, amy.page]) {
      await until(async () => (await rtcStats(page)).open > 0, 'peer connections open', 30_000)
    }

    // (3) The facilitator ends the session.
    await armClosed(s.host)
    await armClosed(amy.page)
    await armClick(s.host, 'end-confirm')
    await s.host.getByTestId('end-session').click()
    await s.host.getByTestId('end-confirm').click()
    const [roomsAt, hostAt, amyAt] = await Promise.all([
      when(
        async () => (await sessionMedia(livekit.rooms, s.sessionId)).names.length === 0,
        "the session's LiveKit room gone",
      ),
      stamp(s.host, 'closed'),
      stamp(amy.page, 'closed'),
    ])
    const endAt = await stamp(s.host, 'click')
    const pagesAt = Math.max(hostAt, amyAt)
    const end = {
      roomsMs: roomsAt - endAt,
      pagesMs: pagesAt - endAt,
      bothMs: Math.max(roomsAt, pagesAt) - endAt,
    }
    const rep: Rep = { joinMs, stages, remove, end }
    return { rep, audio, cpu }
  } finally {
    for (const p of people) await p.context.close().catch(() => undefined)
    await s.host.close().catch(() => undefined)
  }
}

it(`media: ${REPS} sessions against the real livekit-server`, async () => {
  const reps: Rep[] = []
  let audio: ReturnType<typeof audioFigures> | undefined
  let cpu: ReturnType<typeof cpuFigures> | undefined
  for (let i = 0; i < REPS; i++) {
    const r = await oneSession(i === 0)
    reps.push(r.rep)
    audio ??= r.audio
    cpu ??= r.cpu
    console.log(`[bench:media] session ${i + 1}/${REPS}: ${JSON.stringify(r.rep)}`)
  }
  load.after = loadavg()[0]!
  const round = (n: number) => Math.round(n * 100) / 100
  console.log(`\n[bench:media] ${THINK_MS} ms between her last tick and "Join" (BENCH_MEDIA_THINK_MS)`)
  printBreakdown(reps.map((r) => r.stages))
  printMedia({
    reps,
    audio,
    cpu,
    load: { ...load, before: round(load.before), after: round(load.after), max: round(load.max) },
  })
}, 1_800_000)
