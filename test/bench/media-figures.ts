// Turns the Chromium media benchmark's raw readings into figures and prints them: latencies (p50,
// max) against the ≤ 1 s budgets, the audio-only uplink (payload, RTP, wire), packets per second
// in silence, megabytes per hour, and CPU per media page.
import { execFileSync } from 'node:child_process'
import type { AudioSample, ProcCpu } from './media-probes'

/** RTP rides on UDP over IPv4: 8 + 20 bytes a packet that no WebRTC counter includes. */
export const UDP_IP_BYTES = 28
export const BUDGET_MS = { remove: 1000, end: 1000 }

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN
}
export const p50max = (xs: number[]) => ({
  n: xs.length,
  p50: round(median(xs), 0),
  max: round(Math.max(...xs), 0),
})

const kbps = (bytes: number, seconds: number) => round((bytes * 8) / seconds / 1000, 1)
const mbPerHour = (bytes: number, seconds: number) => round(((bytes / seconds) * 3600) / 1e6, 1)

export function audioFigures(samples: AudioSample[]) {
  const a = samples[0]!
  const b = samples.at(-1)!
  const seconds = (b.t - a.t) / 1000
  const d = (k: keyof AudioSample) => b[k] - a[k]
  const rtp = d('payload') + d('header')
  const wire = rtp + UDP_IP_BYTES * d('packets')
  // Windows of at least a second (the sampler's 250 ms stretch on a busy machine), each called
  // silent when its source heard next to nothing (the WAV's pauses are digital silence).
  const buckets: { energy: number; pps: number }[] = []
  for (let i = 0, j = 1; j < samples.length; j++) {
    const [x, y] = [samples[i]!, samples[j]!]
    if (y.t - x.t < 1000) continue
    const dt = (y.t - x.t) / 1000
    buckets.push({ energy: y.sourceEnergy - x.sourceEnergy, pps: (y.packets - x.packets) / dt })
    i = j
  }
  const loudest = Math.max(...buckets.map((k) => k.energy))
  const silent = buckets.filter((k) => k.energy <= loudest * 1e-4)
  const spoken = buckets.filter((k) => k.energy > loudest * 1e-4)
  const allOut = d('transportOut') + UDP_IP_BYTES * d('transportPacketsOut')
  const allIn = d('transportIn') + UDP_IP_BYTES * d('transportPacketsIn')
  return {
    seconds: round(seconds, 1),
    payloadKbps: kbps(d('payload'), seconds),
    rtpKbps: kbps(rtp, seconds),
    wireKbps: kbps(wire, seconds),
    packetsPerSecond: round(d('packets') / seconds, 1),
    samples: samples.length,
    silentSeconds: silent.length,
    silencePps: silent.length ? round(median(silent.map((k) => k.pps)), 1) : null,
    speechPps: spoken.length ? round(median(spoken.map((k) => k.pps)), 1) : null,
    uplinkAudioMBh: mbPerHour(wire, seconds),
    // All on the person's connections (RTP, RTCP, STUN, DTLS, both peer connections) + UDP/IP.
    connectionOutMBh: mbPerHour(allOut, seconds),
    connectionInMBh: mbPerHour(allIn, seconds),
  }
}

function ticksPerSecond(): number {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
}

/** % of one core per Chromium process over the window, renderers apart; main-thread % per page. */
export function cpuFigures(
  before: ProcCpu[],
  after: ProcCpu[],
  wallMs: number,
  mainThread: Record<string, number>,
) {
  const hz = ticksPerSecond()
  const start = new Map(before.map((p) => [p.pid, p.ticks]))
  const pct = (p: ProcCpu) =>
    round(((p.ticks - (start.get(p.pid) ?? p.ticks)) / hz / (wallMs / 1000)) * 100)
  const measured = after.filter((p) => start.has(p.pid)).map((p) => ({ type: p.type, pct: pct(p) }))
  const renderers = measured
    .filter((p) => p.type === 'renderer')
    .map((p) => p.pct)
    .sort((x, y) => y - x)
  const shared = measured.filter((p) => p.type !== 'renderer')
  return {
    seconds: round(wallMs / 1000, 1),
    renderersPct: renderers,
    sharedPct: Object.fromEntries(shared.map((p) => [p.type, p.pct])),
    sharedTotalPct: round(shared.reduce((s, p) => s + p.pct, 0)),
    mainThreadPct: Object.fromEntries(
      Object.entries(mainThread).map(([k, v]) => [k, round((v / (wallMs / 1000)) * 100)]),
    ),
  }
}

export type Rep = {
  joinMs: number
  /** Amy's join, stage by stage: ms from her click (media-stages.ts). */
  stages: Record<string, number>
  remove: { sfuMs: number; pageMs: number; bothMs: number }
  end: { roomsMs: number; pagesMs: number; bothMs: number }
}

const waits = (reps: Rep[]) => reps.flatMap((x) => x.stages['wait.total'] ?? [])

const verdict = (ms: number, budget: number) => (ms <= budget ? 'PASS' : 'OVER')

export function printMedia(r: {
  reps: Rep[]
  audio?: ReturnType<typeof audioFigures>
  cpu?: ReturnType<typeof cpuFigures>
  load: { before: number; after: number; max: number; cpus: number }
}) {
  const rows: [string, number[], number | null][] = [
    // Without the time she spends in the device check (media-stages.ts, withWait).
    ['her wait: join -> check ready + call -> face', waits(r.reps), null],
    ['join -> first remote frame (with the check)', r.reps.map((x) => x.joinMs), null],
    ['remove -> identity gone from the SFU', r.reps.map((x) => x.remove.sfuMs), null],
    ["remove -> her page's PCs closed", r.reps.map((x) => x.remove.pageMs), null],
    ['remove -> both', r.reps.map((x) => x.remove.bothMs), BUDGET_MS.remove],
    ['end -> LiveKit room gone', r.reps.map((x) => x.end.roomsMs), null],
    ["end -> every page's PCs closed", r.reps.map((x) => x.end.pagesMs), null],
    ['end -> both', r.reps.map((x) => x.end.bothMs), BUDGET_MS.end],
  ]
  const lines = ['', 'Media against the real livekit-server, Chromium (ms from the click)', '']
  const row = (cells: (string | number)[]) =>
    String(cells[0]).padEnd(42) +
    cells
      .slice(1, 4)
      .map((c) => String(c).padStart(7))
      .join('') +
    (cells[4] ?? '')
  lines.push(row(['measure', 'n', 'p50', 'max', '  budget']))
  for (const [name, xs, budget] of rows) {
    const s = p50max(xs)
    const b = budget === null ? '' : `  max ≤ ${budget} ms ${verdict(s.max, budget)}`
    lines.push(row([name, s.n, s.p50, s.max, b]))
  }
  const a = r.audio
  if (a) {
    lines.push(
      '',
      `Audio-only uplink over ${a.seconds} s of speech and silence: payload ${a.payloadKbps} kbit/s, ` +
        `RTP ${a.rtpKbps} kbit/s, wire (+${UDP_IP_BYTES} B/packet UDP/IP) ${a.wireKbps} kbit/s, ` +
        `${a.packetsPerSecond} packets/s`,
      `  packets/s in silence (DTX): ${a.silencePps ?? '—'} (median of ${a.silentSeconds} silent ` +
        `windows of ≥ 1 s, ${a.samples} samples); ` +
        `in speech: ${a.speechPps ?? '—'}`,
      `  data plan: ${a.uplinkAudioMBh} MB/h of audio uplink; everything on her connections ` +
        `${a.connectionOutMBh} MB/h up + ${a.connectionInMBh} MB/h down (two others speaking)`,
    )
  }
  const c = r.cpu
  if (c) {
    lines.push(
      '',
      `Chromium CPU over ${c.seconds} s, % of one core: renderers ${c.renderersPct.join(', ')} ` +
        `(3 media pages: facilitator video, participant video, participant audio-only)`,
      `  shared processes ${c.sharedTotalPct}: ${JSON.stringify(c.sharedPct)}`,
      `  main thread busy per page, wall time (CDP TaskDuration; includes waiting for a CPU): ` +
        JSON.stringify(c.mainThreadPct),
    )
  }
  const busy = Math.max(r.load.before, r.load.after, r.load.max) > r.load.cpus
  lines.push(
    '',
    `Host: ${r.load.cpus} CPUs, load average ${r.load.before} before, ${r.load.after} after, ` +
      `${r.load.max} at most` +
      (busy ? ' — the machine was busy: figures are upper bounds' : ''),
  )
  console.log(lines.join('\n'))
  console.log(JSON.stringify({ bench: 'havre-media', at: new Date().toISOString(), ...r }))
}
