// A signal-only LiveKit client (what a person replaying a captured token needs, no WebRTC): opens
// LiveKit's /rtc WebSocket with a token and reads what the server says back — the room it joined,
// who else is there, and the fresh token the server hands every joining client. Runs in workerd
// and Node. It never publishes or receives media; it shows what a token still opens.
import { SignalResponse } from '@livekit/protocol'

export type SignalJoin =
  | {
      joined: true
      room: string
      /** Identities of the others already in the room. */
      others: string[]
      /** The token LiveKit sends a joining client (valid for minutes, for the same room). */
      refreshToken: string | null
      close: () => void
    }
  | { joined: false; status: number | null; reason: string }

/** Joins `url` (ws:// or http://) with `token`; resolves with what the server answered. */
export function signalJoin(url: string, token: string, waitMs = 4000): Promise<SignalJoin> {
  const base = url.replace(/^http/, 'ws').replace(/\/$/, '')
  const query = new URLSearchParams({
    access_token: token,
    auto_subscribe: '0',
    sdk: 'js',
    version: '2.23.0',
    protocol: '16',
  })
  return new Promise((resolve) => {
    const ws = new WebSocket(`${base}/rtc?${query}`)
    ws.binaryType = 'arraybuffer'
    let join: Extract<SignalJoin, { joined: true }> | undefined
    const timer = setTimeout(() => finish(), waitMs)
    const finish = (failure?: string) => {
      clearTimeout(timer)
      if (join) return resolve(join)
      try {
        ws.close()
      } catch {
        // Already closed.
      }
      resolve({ joined: false, status: null, reason: failure ?? 'no answer' })
    }
    ws.addEventListener('message', (event) => {
      if (!(event.data instanceof ArrayBuffer)) return
      const msg = SignalResponse.fromBinary(new Uint8Array(event.data))
      if (msg.message.case === 'join') {
        const info = msg.message.value
        join = {
          joined: true,
          room: info.room?.name ?? '',
          others: info.otherParticipants.map((p) => p.identity),
          refreshToken: null,
          close: () => ws.close(),
        }
      } else if (msg.message.case === 'refreshToken' && join) {
        join.refreshToken = msg.message.value
        finish()
      } else if (msg.message.case === 'leave' && !join) {
        finish(`leave: ${msg.message.value.reason}`)
      }
    })
    ws.addEventListener('close', (event) => finish(`closed ${event.code} ${event.reason}`))
    ws.addEventListener('error', () => finish('socket error'))
  })
}
