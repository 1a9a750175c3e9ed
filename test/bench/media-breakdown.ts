// The first face's wait, stage by stage (stamps from media-stages.ts, in ms from the click on
// "Join"): a timeline of when each step first happened, then the spans between the steps that
// follow one another in the app's code, each as p50 / p95 / max over the sessions.
import { summarize, type Summary } from './stats.mjs'

export type Stages = Record<string, number>

/** The spans worth a figure: [what, from stage, to stage]; `click` is 0. */
// prettier-ignore
export const SPANS: [string, string, string][] = [
  ['her wait: click → check ready, + check\'s Join → face', 'click', 'wait.total'],
  ['click → device check ready (her choices shown)', 'click', 'check.ready'],
  ['device check\'s Join → first remote frame shown after it', 'click:join-call', 'video.remote.presented.afterCheck'],
  ['click → device check\'s Join clicked (since issue 18)', 'click', 'click:join-call'],
  ['device check\'s Join → token asked', 'click:join-call', 'room.out.media.video'],
  ['device check\'s Join → first remote frame presented', 'click:join-call', 'video.remote.presented'],
  ['click → Room chunk fetched (not preloaded)', 'click', 'chunk.Room.end'],
  ['click → room socket open', 'click', 'room.ws.open'],
  ['room socket open → welcome', 'room.ws.open', 'room.in.welcome'],
  ['./media chunk fetched (start → end)', 'chunk.media.start', 'chunk.media.end'],
  ['livekit chunk fetched (start → end)', 'chunk.livekit.start', 'chunk.livekit.end'],
  ['livekit chunk fetched → token asked (its eval)', 'chunk.livekit.end', 'room.out.media.video'],
  ['welcome → token asked (waits for the chunks)', 'room.in.welcome', 'room.out.media.video'],
  ['click → token asked', 'click', 'room.out.media.video'],
  ['token asked → token answered', 'room.out.media.video', 'room.in.media.video.token'],
  ['token answered → E2EE worker created', 'room.in.media.video.token', 'e2ee.worker.created'],
  ['E2EE worker created → initAck', 'e2ee.worker.created', 'e2ee.in.initAck'],
  ['key: HKDF import → derived', 'key.import', 'key.derived'],
  ['getUserMedia (start → tracks)', 'gum.start', 'gum.done'],
  ['getUserMedia done → signal socket created', 'gum.done', 'signal.ws.created'],
  ['token answered → signal socket created', 'room.in.media.video.token', 'signal.ws.created'],
  ['signal socket created → open', 'signal.ws.created', 'signal.ws.open'],
  ['signal open → JoinResponse', 'signal.ws.open', 'signal.in.join'],
  ['JoinResponse → media_sections_requirement', 'signal.in.join', 'signal.in.media_sections_requirement'],
  ['JoinResponse → remote answer applied', 'signal.in.join', 'sub.remote.answer'],
  ['remote answer applied → ICE connected', 'sub.remote.answer', 'sub.ice.connected'],
  ['ICE checking → connected', 'sub.ice.checking', 'sub.ice.connected'],
  ['ICE connected → DTLS connected', 'sub.ice.connected', 'sub.dtls.connected'],
  ['DTLS connected → peer connection connected', 'sub.dtls.connected', 'sub.conn.connected'],
  ['peer connection connected → remote video attached', 'sub.conn.connected', 'video.remote.attached'],
  ['remote video attached → first frame presented', 'video.remote.attached', 'video.remote.presented'],
  ['click → first remote frame presented (rVFC)', 'click', 'video.remote.presented'],
  ['click → first remote frame decoded (getStats, 50 ms poll)', 'click', 'frame.decoded'],
  ['off the path: own first track added → published', 'pub.addTransceiver.audio.sendonly', 'signal.in.track_published'],
]

const at = (s: Stages, name: string) => (name === 'click' ? 0 : s[name])

/** Each span's figures over the sessions where both its ends were seen. */
export function spans(reps: Stages[]) {
  return SPANS.map(([what, from, to]) => {
    const ms = reps
      .map((s) => [at(s, from), at(s, to)] as const)
      .filter((p): p is readonly [number, number] => p[0] !== undefined && p[1] !== undefined)
      .map(([a, b]) => b - a)
    return { what, from, to, ...summarize(ms) }
  })
}

/** When each stage first happened, in order of its median (pcN names left out: see sub./pub.). */
export function timeline(reps: Stages[]) {
  const names = [...new Set(reps.flatMap((s) => Object.keys(s)))].filter((n) => !/^pc\d/.test(n))
  return names
    .map((name) => ({ name, ...summarize(reps.flatMap((s) => (name in s ? [s[name]!] : []))) }))
    .filter((row) => row.n >= Math.ceil(reps.length / 2))
    .sort((a, b) => a.p50! - b.p50!)
}

const cells = (s: Summary) => [s.n, s.p50, s.p95, s.max].map((v) => String(v ?? '—').padStart(7))

const header = (first: string) =>
  first.padEnd(58) + ['n', 'p50', 'p95', 'max'].map((h) => h.padStart(7)).join('')

export function printBreakdown(reps: Stages[]) {
  const title = 'First face, stage by stage (ms from the click on "Join"; p95 of few = max)'
  const lines = ['', title, '']
  lines.push(header('when first'))
  for (const row of timeline(reps)) lines.push(row.name.padEnd(58) + cells(row).join(''))
  lines.push('', header('span'))
  const figures = spans(reps)
  for (const row of figures) lines.push(row.what.padEnd(58) + cells(row).join(''))
  console.log(lines.join('\n'))
  const at = new Date().toISOString()
  console.log(JSON.stringify({ bench: 'havre-media-stages', at, spans: figures, reps }))
}
