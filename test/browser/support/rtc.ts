// What WebRTC is doing inside a page: every RTCPeerConnection the page makes is kept (an init script
// wraps the constructor), and their getStats() summed into what a person would notice — video
// frames decoded, audio energy heard, packets and bytes each way — plus the audio sink's state.
import type { BrowserContext, Page } from 'playwright-core'

/** Call once per context, before its pages load. */
export async function captureRtc(context: BrowserContext) {
  await context.addInitScript(() => {
    const w = window as unknown as { __pcs: RTCPeerConnection[] }
    w.__pcs = []
    const Original = window.RTCPeerConnection
    class Kept extends Original {
      constructor(config?: RTCConfiguration) {
        super(config)
        w.__pcs.push(this)
      }
    }
    window.RTCPeerConnection = Kept as typeof RTCPeerConnection
  })
}

export type RtcSummary = {
  /** Peer connections not closed. */
  open: number
  /** Inbound video, per track: frames decoded, bytes received, the frame height. */
  videoIn: { trackId: string; framesDecoded: number; bytes: number; height: number }[]
  framesDecoded: number
  audioEnergyIn: number
  audioPacketsIn: number
  audioBytesIn: number
  videoBytesIn: number
  audioPacketsOut: number
  /** Audio payload bytes sent (RTP payload, E2EE trailer included) and the same with headers. */
  audioPayloadBytesOut: number
  audioBytesOutWithHeaders: number
  videoBytesOut: number
  /** Audio <audio> elements LiveKit attached that are playing. */
  audioPlaying: number
}

export async function rtcStats(page: Page): Promise<RtcSummary> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []
    const sum: RtcSummary = {
      open: 0,
      videoIn: [],
      framesDecoded: 0,
      audioEnergyIn: 0,
      audioPacketsIn: 0,
      audioBytesIn: 0,
      videoBytesIn: 0,
      audioPacketsOut: 0,
      audioPayloadBytesOut: 0,
      audioBytesOutWithHeaders: 0,
      videoBytesOut: 0,
      audioPlaying: 0,
    }
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue
      sum.open++
      const stats = await pc.getStats()
      stats.forEach((r: Record<string, unknown>) => {
        const n = (k: string) => (typeof r[k] === 'number' ? (r[k] as number) : 0)
        if (r.type === 'inbound-rtp' && r.kind === 'video') {
          sum.videoIn.push({
            trackId: String(r.trackIdentifier ?? r.id),
            framesDecoded: n('framesDecoded'),
            bytes: n('bytesReceived'),
            height: n('frameHeight'),
          })
          sum.framesDecoded += n('framesDecoded')
          sum.videoBytesIn += n('bytesReceived')
        } else if (r.type === 'inbound-rtp' && r.kind === 'audio') {
          sum.audioEnergyIn += n('totalAudioEnergy')
          sum.audioPacketsIn += n('packetsReceived')
          sum.audioBytesIn += n('bytesReceived')
        } else if (r.type === 'outbound-rtp' && r.kind === 'audio') {
          sum.audioPacketsOut += n('packetsSent')
          sum.audioPayloadBytesOut += n('bytesSent')
          sum.audioBytesOutWithHeaders += n('bytesSent') + n('headerBytesSent')
        } else if (r.type === 'outbound-rtp' && r.kind === 'video') {
          sum.videoBytesOut += n('bytesSent')
        }
      })
    }
    for (const el of document.querySelectorAll('audio')) {
      if (!el.paused && el.srcObject) sum.audioPlaying++
    }
    return sum
  })
}

/** Polls until `check` holds for a page's stats; returns the last stats. */
export async function untilStats(
  page: Page,
  check: (s: RtcSummary) => boolean,
  what: string,
  ms = 20_000,
): Promise<RtcSummary> {
  const deadline = Date.now() + ms
  let last = await rtcStats(page)
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`)
    await new Promise((r) => setTimeout(r, 200))
    last = await rtcStats(page)
  }
  return last
}
