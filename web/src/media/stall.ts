// Media that stops while the room still looks connected (issue 19, item 3): when UDP is cut mid-
// session (a firewall, a captive portal, a NAT rebinding), Chrome takes about 7 s to call ICE
// 'disconnected' and never 'failed' before livekit-server gives up on the transport (15 s) and
// moves it to TCP: 16–18 s of silence. Here the selected candidate pair of each transport her
// tracks use is read four times a second; once nothing has arrived on it for 2 s and its
// connectivity checks go unanswered (so it is the path that is dead, not the room that is quiet),
// the connection is resumed the way livekit-client resumes after losing its signal connection: a
// new signal connection for the same session (her own token and identity), then an ICE restart,
// which finds ICE/TCP (or TURN) when UDP is gone. Once per stall: it re-arms when media flows.
import {
  ConnectionState,
  DefaultReconnectPolicy,
  type ReconnectContext,
  type ReconnectPolicy,
  type Room,
} from 'livekit-client'

const TICK_MS = 250
/** Nothing received on the pair for this long... */
const STALL_MS = 2000
/**
 * ...and this many connectivity checks sent since without an answer. One may be in flight on a
 * healthy link; Chrome checks every 2.5 s on a quiet one and many times a second once the pair
 * has received nothing for 2.5 s.
 */
const UNANSWERED = 3

type Reading = { pair: string; bytes: number; requests: number; responses: number }
type Progress = Reading & { at: number }

/** The selected pair of the transport in `report` (Firefox has no transport stats: its flag). */
function read(report: RTCStatsReport): Reading | undefined {
  const stats = [...report.values()] as Record<string, unknown>[]
  const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId)
  const pair = transport
    ? report.get(String(transport.selectedCandidatePairId))
    : stats.find((s) => s.type === 'candidate-pair' && s.selected === true)
  if (!pair) return undefined
  const n = (v: unknown) => (typeof v === 'number' ? v : 0)
  return {
    pair: String(pair.id),
    // The transport's count runs on across pairs; a pair's own starts again after an ICE restart.
    bytes: n(transport?.bytesReceived ?? pair.bytesReceived),
    requests: n(pair.requestsSent),
    responses: n(pair.responsesReceived),
  }
}

/** One sender or receiver per transport her tracks use (one, unless LiveKit uses two PCs). */
function endpoints(room: Room) {
  const byTransport = new Map<RTCDtlsTransport, RTCRtpSender | RTCRtpReceiver>()
  const add = (e: RTCRtpSender | RTCRtpReceiver | undefined) => {
    if (e?.transport && !byTransport.has(e.transport)) byTransport.set(e.transport, e)
  }
  for (const pub of room.localParticipant.trackPublications.values()) add(pub.track?.sender)
  for (const p of room.remoteParticipants.values()) {
    for (const pub of p.trackPublications.values()) add(pub.track?.receiver)
  }
  return byTransport
}

/**
 * `reconnectPolicy` goes in the Room's options; `watch(room)` watches it until the function it
 * returns is called. The policy is livekit-client's own, except that the resume started here
 * begins at once: the first retry's random 0-500 ms spreads clients a server dropped together,
 * and a stall is seen by each on her own.
 */
export function stallWatch() {
  const base = new DefaultReconnectPolicy()
  let ours = false
  const reconnectPolicy: ReconnectPolicy = {
    nextRetryDelayInMs(context: ReconnectContext) {
      const now = ours && context.retryCount === 0
      ours = false
      return now ? 0 : base.nextRetryDelayInMs(context)
    },
  }
  return { reconnectPolicy, watch: (room: Room) => watchStalls(room, () => (ours = true)) }
}

function watchStalls(room: Room, resuming: () => void): () => void {
  const progress = new Map<RTCDtlsTransport, Progress>()
  let armed = true
  let busy = false

  const tick = async () => {
    if (busy || room.state !== ConnectionState.Connected) return
    busy = true
    try {
      const now = Date.now()
      const seen = endpoints(room)
      for (const key of progress.keys()) if (!seen.has(key)) progress.delete(key)
      let stalled = false
      for (const [key, endpoint] of seen) {
        const r = read(await endpoint.getStats())
        if (!r) continue
        const last = progress.get(key)
        if (!last || r.pair !== last.pair || r.bytes > last.bytes || r.responses > last.responses) {
          // Media resumed on this path since the last resume: a later stall may resume again.
          if (last && r.bytes > last.bytes) armed = true
          progress.set(key, { ...r, at: now })
        } else if (now - last.at >= STALL_MS && r.requests - last.requests >= UNANSWERED) {
          stalled = true
        }
      }
      if (stalled && armed && room.state === ConnectionState.Connected) {
        armed = false
        progress.clear()
        // livekit-client's resume after a lost signal connection, started by hand: no new join.
        resuming()
        await room.simulateScenario('signal-reconnect')
      }
    } catch {
      // Stats of a closing connection: the next tick looks again.
    } finally {
      busy = false
    }
  }
  const timer = setInterval(() => void tick(), TICK_MS)
  return () => clearInterval(timer)
}
