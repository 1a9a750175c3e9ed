// What the Chromium media benchmark reads: wall-clock stamps taken inside the pages (a click, the
// first remote video frame decoded, every peer connection closed), the SFU's rooms and people, an
// audio sender's stats over a window, and the CPU time of Chromium's processes from /proc.
import { readdirSync, readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import type { RoomServiceClient } from 'livekit-server-sdk'

type Stamps = { __stamps?: Record<string, number> }
type Kept = { __pcs?: RTCPeerConnection[] }

/** Stamps `name` (Date.now(), in the page) when an element with `testId` is next clicked. */
export function armClick(page: Page, testId: string, name = 'click'): Promise<void> {
  return page.evaluate(
    ([testId, name]) => {
      const w = window as unknown as Stamps
      w.__stamps ??= {}
      delete w.__stamps[name]
      const on = (e: Event) => {
        if (!(e.target as Element | null)?.closest?.(`[data-testid="${testId}"]`)) return
        w.__stamps![name] = Date.now()
        document.removeEventListener('click', on, true)
      }
      document.addEventListener('click', on, true)
    },
    [testId, name] as const,
  )
}

/** Stamps `firstFrame` when an inbound video stream of the page has decoded a frame (50 ms poll, 90 s at most). */
export function armFirstFrame(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as Stamps & Kept
    w.__stamps ??= {}
    const deadline = Date.now() + 90_000
    const tick = async () => {
      for (const pc of w.__pcs ?? []) {
        if (pc.connectionState === 'closed') continue
        const stats = await pc.getStats()
        let decoded = false
        stats.forEach((r: Record<string, unknown>) => {
          if (r.type === 'inbound-rtp' && r.kind === 'video' && Number(r.framesDecoded) > 0) decoded = true
        })
        if (decoded) {
          w.__stamps!.firstFrame = Date.now()
          return
        }
      }
      if (Date.now() < deadline) setTimeout(tick, 50)
    }
    void tick()
  })
}

/** Stamps `closed` when every peer connection the page made is closed (20 ms poll, 30 s at most). */
export async function armClosed(page: Page): Promise<void> {
  const open = await page.evaluate(() => {
    const w = window as unknown as Stamps & Kept
    w.__stamps ??= {}
    delete w.__stamps.closed
    const deadline = Date.now() + 30_000
    const tick = () => {
      if ((w.__pcs ?? []).every((pc) => pc.connectionState === 'closed')) {
        w.__stamps!.closed = Date.now()
      } else if (Date.now() < deadline) setTimeout(tick, 20)
    }
    const before = (w.__pcs ?? []).filter((pc) => pc.connectionState !== 'closed').length
    tick()
    return before
  })
  if (open === 0) throw new Error('armClosed: the page has no open peer connection to watch')
}

/** The page's stamp `name`, waiting up to `ms` for it. */
export async function stamp(page: Page, name: string, ms = 30_000): Promise<number> {
  const deadline = Date.now() + ms
  for (;;) {
    const at = await page.evaluate((n) => (window as unknown as Stamps).__stamps?.[n], name)
    if (typeof at === 'number') return at
    if (Date.now() > deadline) throw new Error(`no "${name}" stamp within ${ms} ms`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Date.now() when `check` first holds, polled back to back (25 ms apart) for up to `ms`. */
export async function when(check: () => Promise<boolean>, what: string, ms = 30_000): Promise<number> {
  const deadline = Date.now() + ms
  for (;;) {
    if (await check()) return Date.now()
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** The SFU's rooms of a session (`${sessionId}.${generation}`) and who is in each. */
export async function sessionMedia(rooms: RoomServiceClient, sessionId: string) {
  const names = (await rooms.listRooms()).map((r) => r.name).filter((n) => n.startsWith(`${sessionId}.`))
  const people = await Promise.all(
    names.map((n) => rooms.listParticipants(n).catch(() => [])),
  )
  return { names, participants: people.flat() }
}

export type AudioSample = {
  t: number
  payload: number
  header: number
  packets: number
  sourceEnergy: number
  transportOut: number
  transportPacketsOut: number
  transportIn: number
  transportPacketsIn: number
}

/** Samples the page's audio sender and its transports every 250 ms for `seconds`. */
export function sampleAudio(page: Page, seconds: number): Promise<AudioSample[]> {
  return page.evaluate(async (seconds) => {
    const pcs = ((window as unknown as Kept).__pcs ?? []).filter((pc) => pc.connectionState !== 'closed')
    const read = async () => {
      const s = { t: performance.now(), payload: 0, header: 0, packets: 0, sourceEnergy: 0 }
      const t = { transportOut: 0, transportPacketsOut: 0, transportIn: 0, transportPacketsIn: 0 }
      for (const pc of pcs) {
        ;(await pc.getStats()).forEach((r: Record<string, unknown>) => {
          const n = (k: string) => (typeof r[k] === 'number' ? (r[k] as number) : 0)
          if (r.type === 'outbound-rtp' && r.kind === 'audio') {
            s.payload += n('bytesSent')
            s.header += n('headerBytesSent')
            s.packets += n('packetsSent')
          } else if (r.type === 'media-source' && r.kind === 'audio') {
            s.sourceEnergy += n('totalAudioEnergy')
          } else if (r.type === 'transport') {
            t.transportOut += n('bytesSent')
            t.transportPacketsOut += n('packetsSent')
            t.transportIn += n('bytesReceived')
            t.transportPacketsIn += n('packetsReceived')
          }
        })
      }
      return { ...s, ...t }
    }
    const samples = [await read()]
    const end = performance.now() + seconds * 1000
    while (performance.now() < end) {
      await new Promise((r) => setTimeout(r, 250))
      samples.push(await read())
    }
    return samples
  }, seconds)
}

export type ProcCpu = { pid: number; type: string; ticks: number }

/** Chromium's processes under this one (browser, renderers, GPU, utilities) and their CPU ticks. */
export function chromiumCpu(): ProcCpu[] {
  const procs = new Map<number, { ppid: number; ticks: number }>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // Fields after the command (which may hold spaces) in parentheses: state ppid … utime stime.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      procs.set(Number(entry), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) })
    } catch {
      // Gone meanwhile.
    }
  }
  const mine = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 20; hops++) {
      if (p === process.pid) return true
      p = procs.get(p)?.ppid ?? 0
    }
    return false
  }
  const out: ProcCpu[] = []
  for (const [pid, { ticks }] of procs) {
    if (pid === process.pid || !mine(pid)) continue
    let cmd = ''
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    } catch {
      continue
    }
    if (!/chrom/i.test(cmd.split('\0')[0] ?? '')) continue
    const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser'
    const sub = /--utility-sub-type=([\w.]+)/.exec(cmd)?.[1]
    out.push({ pid, type: sub ? `utility:${sub.split('.').at(-1)}` : type, ticks })
  }
  return out
}
