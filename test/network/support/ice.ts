// What ICE chose in a page (every RTCPeerConnection kept by support/rtc's captureRtc): the selected
// candidate pair of each open connection, with the local candidate's type and protocol, and a way
// to make a page's connections relay-only as `rtcConfig: { iceTransportPolicy: 'relay' }` would.
import type { BrowserContext, Page } from 'playwright-core'

export type SelectedPair = {
  /** host, srflx, prflx or relay. */
  localType: string
  /** udp or tcp: how this page reaches the next hop (the SFU, or the TURN server for relay). */
  protocol: string
  /** For a relay candidate: how the page reaches the TURN server (udp, tcp or tls). */
  relayProtocol?: string
  /** The local candidate's port (for a UDP host candidate: where her downlink arrives). */
  localPort: number
  /** The remote candidate's port: which SFU node (or TURN server) the media goes to. */
  remotePort: number
}

/** The selected candidate pair of every open peer connection in `page`. */
export function selectedPairs(page: Page): Promise<SelectedPair[]> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []
    const out: SelectedPair[] = []
    for (const pc of pcs) {
      if (pc.connectionState === 'closed') continue
      const stats = await pc.getStats()
      const byId = new Map<string, Record<string, unknown>>()
      stats.forEach((r: Record<string, unknown>) => byId.set(String(r.id), r))
      for (const r of byId.values()) {
        if (r.type !== 'transport' || !r.selectedCandidatePairId) continue
        const pair = byId.get(String(r.selectedCandidatePairId))
        const local = pair && byId.get(String(pair.localCandidateId))
        const remote = pair && byId.get(String(pair.remoteCandidateId))
        if (!local || !remote) continue
        out.push({
          localType: String(local.candidateType),
          protocol: String(local.protocol),
          relayProtocol: local.relayProtocol ? String(local.relayProtocol) : undefined,
          localPort: Number(local.port),
          remotePort: Number(remote.port),
        })
      }
    }
    return out
  })
}

/** Every peer connection the context's pages make gathers and uses relay candidates only. */
export async function forceRelay(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Original = window.RTCPeerConnection
    class RelayOnly extends Original {
      constructor(config?: RTCConfiguration) {
        super({ ...config, iceTransportPolicy: 'relay' })
      }
      override setConfiguration(config?: RTCConfiguration) {
        super.setConfiguration({ ...config, iceTransportPolicy: 'relay' })
      }
    }
    window.RTCPeerConnection = RelayOnly as typeof RTCPeerConnection
  })
}
