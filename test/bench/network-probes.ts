// What `npm run bench:network` reads at a receiver: her inbound audio and video stats summed over
// her peer connections (support/rtc's captureRtc keeps them), the selected pair's protocol and the
// audio codec; page-side stamps for the first audio heard and for audio heard again; and a bare
// livekit-client page (the UMD build, no Havre UI) for trying client options Havre does not use.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { root } from '../browser/support/wrangler'

export type Receiver = {
  concealedSamples: number
  totalSamplesReceived: number
  audioPacketsLost: number
  audioPacketsReceived: number
  jitterBufferDelay: number
  jitterBufferEmittedCount: number
  framesDecoded: number
  videoPacketsLost: number
  videoBytes: number
  audioCodecs: string[]
  protocols: string[]
}

/** The receiver's counters now (sums over her open peer connections). */
export function receiver(page: Page): Promise<Receiver> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []
    const r: Receiver = {
      concealedSamples: 0,
      totalSamplesReceived: 0,
      audioPacketsLost: 0,
      audioPacketsReceived: 0,
      jitterBufferDelay: 0,
      jitterBufferEmittedCount: 0,
      framesDecoded: 0,
      videoPacketsLost: 0,
      videoBytes: 0,
      audioCodecs: [],
      protocols: [],
    }
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue
      const stats = await pc.getStats()
      const byId = new Map<string, Record<string, unknown>>()
      stats.forEach((s: Record<string, unknown>) => byId.set(String(s.id), s))
      for (const s of byId.values()) {
        const n = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : 0)
        if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          r.concealedSamples += n('concealedSamples')
          r.totalSamplesReceived += n('totalSamplesReceived')
          r.audioPacketsLost += n('packetsLost')
          r.audioPacketsReceived += n('packetsReceived')
          r.jitterBufferDelay += n('jitterBufferDelay')
          r.jitterBufferEmittedCount += n('jitterBufferEmittedCount')
          const codec = byId.get(String(s.codecId))
          if (codec && n('packetsReceived') > 0) r.audioCodecs.push(String(codec.mimeType))
        } else if (s.type === 'inbound-rtp' && s.kind === 'video') {
          r.framesDecoded += n('framesDecoded')
          r.videoPacketsLost += n('packetsLost')
          r.videoBytes += n('bytesReceived')
        } else if (s.type === 'transport' && s.selectedCandidatePairId) {
          const pair = byId.get(String(s.selectedCandidatePairId))
          const local = pair && byId.get(String(pair.localCandidateId))
          if (local) r.protocols.push(`${local.protocol}${local.candidateType === 'relay' ? '/relay' : ''}`)
        }
      }
    }
    r.audioCodecs = [...new Set(r.audioCodecs)]
    r.protocols = [...new Set(r.protocols)]
    return r
  })
}

/** What a receiver got between two readings, as the figures the issue asks for. */
export function figures(a: Receiver, b: Receiver) {
  const samples = b.totalSamplesReceived - a.totalSamplesReceived
  const emitted = b.jitterBufferEmittedCount - a.jitterBufferEmittedCount
  const round = (v: number, d = 1) => Math.round(v * 10 ** d) / 10 ** d
  return {
    concealedPct: samples > 0 ? round((100 * (b.concealedSamples - a.concealedSamples)) / samples, 2) : null,
    audioPacketsLost: b.audioPacketsLost - a.audioPacketsLost,
    audioPacketsReceived: b.audioPacketsReceived - a.audioPacketsReceived,
    jitterBufferMs: emitted > 0 ? round((1000 * (b.jitterBufferDelay - a.jitterBufferDelay)) / emitted) : null,
    framesDecoded: b.framesDecoded - a.framesDecoded,
    videoPacketsLost: b.videoPacketsLost - a.videoPacketsLost,
    videoKbit: round(((b.videoBytes - a.videoBytes) * 8) / 1000),
    audioCodec: b.audioCodecs.join(','),
    protocol: b.protocols.join(','),
  }
}

/**
 * Stamps `name` (Date.now() in the page) at the first 100 ms tick where audio packets arrived and
 * the audio energy played out rose since the tick before: speech heard (60 s at most).
 */
export function armHeard(page: Page, name: string): Promise<void> {
  return page.evaluate(async (name) => {
    const w = window as unknown as { __pcs?: RTCPeerConnection[]; __stamps?: Record<string, number> }
    w.__stamps ??= {}
    delete w.__stamps[name]
    const read = async () => {
      let packets = 0
      let energy = 0
      for (const pc of w.__pcs ?? []) {
        if (pc.connectionState === 'closed') continue
        ;(await pc.getStats()).forEach((s: Record<string, unknown>) => {
          if (s.type !== 'inbound-rtp' || s.kind !== 'audio') return
          packets += Number(s.packetsReceived ?? 0)
          energy += Number(s.totalAudioEnergy ?? 0)
        })
      }
      return { packets, energy }
    }
    let previous = await read()
    const deadline = Date.now() + 60_000
    const tick = async () => {
      const now = await read()
      if (now.packets > previous.packets && now.energy > previous.energy) {
        w.__stamps![name] = Date.now()
        return
      }
      previous = now
      if (Date.now() < deadline) setTimeout(tick, 100)
    }
    setTimeout(tick, 100)
  }, name)
}

/**
 * A page of Havre's own origin (so Chromium counts it as loopback, as it must be to reach LiveKit
 * there) with livekit-client's UMD build added; the context must be created with bypassCSP.
 */
export async function bareLivekitPage(context: BrowserContext, origin: string): Promise<Page> {
  const umd = readFileSync(path.join(root, 'node_modules', 'livekit-client', 'dist', 'livekit-client.umd.js'), 'utf8')
  const page = await context.newPage()
  await page.goto(`${origin}/api/config`)
  await page.addScriptTag({ content: umd })
  return page
}

/**
 * In a bare page: connects with livekit-client (`publish`: the microphone), plays what it receives,
 * and with `watchdogMs` set, resumes the connection (livekit-client's own resume: a new signal
 * connection and an ICE restart) once a peer connection's ICE has been 'disconnected' that long,
 * instead of waiting for 'failed'. Stamps `iceDisconnected` when ICE first reports it.
 */
export function connectBare(
  page: Page,
  opts: {
    url: string
    token: string
    publish: boolean
    watchdogMs?: number
    /** Opus RED on the published microphone (livekit-client's default without E2EE). */
    red?: boolean
    /** RTCRtpReceiver.jitterBufferTarget (ms) on every track received. */
    jitterBufferTargetMs?: number
  },
): Promise<void> {
  return page.evaluate(async ({ url, token, publish, watchdogMs, red, jitterBufferTargetMs }) => {
    type Lk = {
      Room: new (o?: object) => {
        connect: (u: string, t: string) => Promise<void>
        on: (e: string, f: (...a: unknown[]) => void) => void
        localParticipant: {
          setMicrophoneEnabled: (on: boolean, capture?: object, publish?: object) => Promise<unknown>
        }
        simulateScenario: (s: string) => Promise<void>
      }
    }
    const w = window as unknown as {
      LivekitClient: Lk
      __pcs?: RTCPeerConnection[]
      __stamps?: Record<string, number>
    }
    w.__stamps ??= {}
    const room = new w.LivekitClient.Room({ adaptiveStream: false, dynacast: false })
    room.on('trackSubscribed', (track: unknown) => {
      const remote = track as { attach: () => HTMLMediaElement; receiver?: RTCRtpReceiver }
      document.body.appendChild(remote.attach())
      if (jitterBufferTargetMs !== undefined && remote.receiver) {
        remote.receiver.jitterBufferTarget = jitterBufferTargetMs
      }
    })
    await room.connect(url, token)
    if (publish) await room.localParticipant.setMicrophoneEnabled(true, {}, { red: red ?? true })
    const watched = new Set<RTCPeerConnection>()
    let resuming = false
    setInterval(() => {
      for (const pc of w.__pcs ?? []) {
        if (watched.has(pc)) continue
        watched.add(pc)
        let timer: ReturnType<typeof setTimeout> | undefined
        pc.addEventListener('iceconnectionstatechange', () => {
          if (pc.iceConnectionState === 'disconnected') {
            w.__stamps!.iceDisconnected ??= Date.now()
            if (watchdogMs !== undefined && !timer) {
              timer = setTimeout(() => {
                timer = undefined
                if (pc.iceConnectionState !== 'disconnected' || resuming) return
                resuming = true
                void room.simulateScenario('resume-reconnect').finally(() => (resuming = false))
              }, watchdogMs)
            }
          } else if (timer) {
            clearTimeout(timer)
            timer = undefined
          }
        })
      }
    }, 100)
  }, opts)
}
