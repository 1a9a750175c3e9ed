// Where the first face's wait goes, seen from the bench side only (the app is not changed): an
// init script the bench adds to a person's page wraps what the page uses on the way from "Join" to
// the first remote frame, and stamps (Date.now(), the clock of the other media stamps) each step:
// the room socket and its frames (token asked for and answered), the LiveKit signal socket and the
// kind of each protobuf message, the E2EE worker and its messages, the HKDF key derivation,
// getUserMedia, each RTCPeerConnection's offers, ICE, DTLS and tracks, and a <video> showing a
// remote or the local picture (requestVideoFrameCallback). Script chunks come from Resource Timing.
import type { Page } from 'playwright-core'

/** [name, Date.now()] in order; a name may repeat (the first after `from` counts). */
export type StageEvent = [string, number]

type Probe = { __stageEvents?: StageEvent[] }

/** Call before the page's first navigation. */
export async function captureStages(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as Probe & { __tracks?: MediaStreamTrack[] }
    const events: StageEvent[] = (w.__stageEvents = [])
    const mark = (name: string) => void events.push([name, Date.now()])

    // Which clicks: any element with a test id (the bench picks "join-button").
    let checkDone = false
    document.addEventListener(
      'click',
      (e) => {
        const el = (e.target as Element | null)?.closest?.('[data-testid]')
        if (!el) return
        const id = el.getAttribute('data-testid')
        mark(`click:${id}`)
        if (id === 'join-call') checkDone = true
      },
      true,
    )
    // The device check ready to use: her choices shown (after her own devices answered).
    const checkReady = new MutationObserver(() => {
      if (!document.querySelector('[data-testid="start-mic"], [data-testid="start-camera"]')) return
      mark('check.ready')
      checkReady.disconnect()
    })
    checkReady.observe(document, { childList: true, subtree: true })

    // LiveKit's signal messages are protobuf: the first field's number names the message.
    const SIGNAL_IN = [, 'join', 'answer', 'offer', 'trickle', 'update', 'track_published', ,
      'leave', 'mute', 'speakers_changed', 'room_update', 'connection_quality',
      'stream_state_update', 'subscribed_quality_update', 'subscription_permission_update',
      'refresh_token', 'track_unpublished', 'pong', 'reconnect', 'pong_resp',
      'subscription_response', 'request_response', 'track_subscribed', 'room_moved',
      'media_sections_requirement'] // prettier-ignore
    const SIGNAL_OUT = [, 'offer', 'answer', 'trickle', 'add_track', 'mute', 'subscription',
      'track_setting', 'leave', , 'update_layers', 'subscription_permission', 'sync_state',
      'simulate', 'ping', 'update_metadata', 'ping_req'] // prettier-ignore
    const protoField = (data: unknown, names: (string | undefined)[]) => {
      const bytes =
        data instanceof ArrayBuffer
          ? new Uint8Array(data)
          : ArrayBuffer.isView(data)
            ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
            : undefined
      if (!bytes) return 'text'
      let tag = 0
      for (let i = 0, shift = 0; i < 5 && i < bytes.length; i++, shift += 7) {
        tag |= (bytes[i]! & 0x7f) << shift
        if (!(bytes[i]! & 0x80)) break
      }
      return names[tag >> 3] ?? `field${tag >> 3}`
    }
    const roomFrame = (data: unknown) => {
      if (typeof data !== 'string' || !data.startsWith('{')) return undefined
      try {
        const f = JSON.parse(data) as { type?: string; mode?: string; token?: string }
        return f.type === 'media' ? `media.${f.mode}${f.token ? '.token' : ''}` : f.type
      } catch {
        return undefined
      }
    }

    const NativeWebSocket = window.WebSocket
    const socketKind = new WeakMap<WebSocket, 'room' | 'signal'>()
    class StampedWebSocket extends NativeWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols)
        const u = String(url)
        const kind = u.includes('/api/rooms/') ? 'room' : /\/rtc(\/|\?|$)/.test(u) ? 'signal' : null
        if (!kind) return
        socketKind.set(this, kind)
        mark(`${kind}.ws.created`)
        this.addEventListener('open', () => mark(`${kind}.ws.open`))
        this.addEventListener('message', (e) => {
          const what = kind === 'room' ? roomFrame(e.data) : protoField(e.data, SIGNAL_IN)
          if (what) mark(`${kind}.in.${what}`)
        })
      }
      override send(data: string | ArrayBufferLike | Blob | ArrayBufferView) {
        const kind = socketKind.get(this)
        const what = kind === 'room' ? roomFrame(data) : kind ? protoField(data, SIGNAL_OUT) : null
        if (what) mark(`${kind}.out.${what}`)
        super.send(data)
      }
    }
    window.WebSocket = StampedWebSocket as typeof WebSocket

    // The E2EE worker (livekit-client/e2ee-worker): created, and each message kind each way.
    const kindOf = (m: unknown) => (m as { kind?: string } | null)?.kind ?? 'message'
    const NativeWorker = window.Worker
    class StampedWorker extends NativeWorker {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options)
        if (!String(url).includes('e2ee')) return
        mark('e2ee.worker.created')
        this.addEventListener('message', (e: MessageEvent) => {
          mark('e2ee.in')
          mark(`e2ee.in.${kindOf(e.data)}`)
        })
        // Stamped on the instance: the page's own calls go through it.
        const self = this as unknown as { postMessage: (...a: unknown[]) => void }
        const post = self.postMessage.bind(this)
        self.postMessage = (message, ...rest) => {
          mark(`e2ee.out.${kindOf(message)}`)
          post(message, ...rest)
        }
      }
    }
    window.Worker = StampedWorker as unknown as typeof Worker

    // The media key: HKDF in the page (web/src/media/key.ts), before the worker gets it.
    const subtle = SubtleCrypto.prototype
    const algName = (a: unknown) => (typeof a === 'string' ? a : (a as { name?: string })?.name)
    const nativeImport = subtle.importKey
    subtle.importKey = function (this: SubtleCrypto, ...args: unknown[]) {
      if (algName(args[2]) === 'HKDF') mark('key.import')
      return (nativeImport as (...a: unknown[]) => Promise<CryptoKey>).apply(this, args)
    } as typeof subtle.importKey
    const nativeDeriveBits = subtle.deriveBits
    subtle.deriveBits = async function (this: SubtleCrypto, ...args: unknown[]) {
      const hkdf = algName(args[0]) === 'HKDF'
      const bits = await (nativeDeriveBits as (...a: unknown[]) => Promise<ArrayBuffer>).apply(
        this,
        args,
      )
      if (hkdf) mark('key.derived')
      return bits
    } as typeof subtle.deriveBits

    const md = navigator.mediaDevices
    const nativeGum = md.getUserMedia.bind(md)
    md.getUserMedia = async (c?: MediaStreamConstraints) => {
      mark('gum.start')
      const stream = await nativeGum(c)
      mark('gum.done')
      return stream
    }

    // Each peer connection, numbered in the order made: negotiation, ICE, DTLS, tracks.
    const NativePc = window.RTCPeerConnection
    let pcs = 0
    class StampedPc extends NativePc {
      #id = `pc${pcs++}`
      #dtls = new WeakSet<RTCDtlsTransport>()
      constructor(config?: RTCConfiguration) {
        super(config)
        const id = this.#id
        mark(`${id}.created`)
        this.addEventListener('iceconnectionstatechange', () => {
          mark(`${id}.ice.${this.iceConnectionState}`)
        })
        this.addEventListener('connectionstatechange', () => {
          mark(`${id}.conn.${this.connectionState}`)
        })
        this.addEventListener('signalingstatechange', () => this.#watchDtls())
        this.addEventListener('track', (e) => mark(`${id}.track.${e.track.kind}`))
        // On the instance: the method has a legacy callback overload a subclass cannot match.
        type Offer = (o?: RTCOfferOptions) => Promise<RTCSessionDescriptionInit>
        const offer = (NativePc.prototype.createOffer as Offer).bind(this)
        ;(this as unknown as { createOffer: Offer }).createOffer = (o) => {
          mark(`${id}.createOffer`)
          return offer(o)
        }
      }
      #watchDtls() {
        const transports = this.getTransceivers().map((t) => t.receiver.transport)
        transports.push(this.sctp?.transport ?? null)
        for (const d of transports) {
          if (!d || this.#dtls.has(d)) continue
          this.#dtls.add(d)
          d.addEventListener('statechange', () => mark(`${this.#id}.dtls.${d.state}`))
        }
      }
      override async setLocalDescription(d?: RTCLocalSessionDescriptionInit) {
        await super.setLocalDescription(d)
        mark(`${this.#id}.local.${this.localDescription?.type}`)
      }
      override async setRemoteDescription(d: RTCSessionDescriptionInit) {
        await super.setRemoteDescription(d)
        mark(`${this.#id}.remote.${d.type}`)
      }
      override addTransceiver(track: MediaStreamTrack | string, init?: RTCRtpTransceiverInit) {
        const kind = typeof track === 'string' ? track : track.kind
        mark(`${this.#id}.addTransceiver.${kind}.${init?.direction ?? 'sendrecv'}`)
        return super.addTransceiver(track, init)
      }
    }
    window.RTCPeerConnection = StampedPc as unknown as typeof RTCPeerConnection

    // A <video> given a stream: the local camera (a track from getUserMedia) or a remote one.
    const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject')!
    Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
      ...srcObject,
      set(this: HTMLMediaElement, stream: MediaProvider | null) {
        srcObject.set!.call(this, stream)
        if (!(this instanceof HTMLVideoElement) || !(stream instanceof MediaStream)) return
        const track = stream.getVideoTracks()[0]
        if (!track) return
        const who = (w.__tracks ?? []).includes(track) ? 'local' : 'remote'
        mark(`video.${who}.attached`)
        this.requestVideoFrameCallback(() => mark(`video.${who}.presented`))
        if (who === 'local') return
        // The first remote frame shown once she has left the device check (her stage in view).
        const afterCheck = () => {
          if (checkDone) mark('video.remote.presented.afterCheck')
          else this.requestVideoFrameCallback(afterCheck)
        }
        this.requestVideoFrameCallback(afterCheck)
      },
    })
  })
}

/** Waits (at most `ms`) until the page has stamped `name`; the breakdown says if it never did. */
export async function stageSeen(page: Page, name: string, ms: number): Promise<void> {
  await page
    .waitForFunction(
      (n) => ((window as unknown as Probe).__stageEvents ?? []).some(([e]) => e === n),
      name,
      { timeout: ms, polling: 50 },
    )
    .catch(() => undefined)
}

/** Each stage's first time after `from` (Date.now() in the page), in ms since `from`. */
export async function readStages(page: Page, from: number): Promise<Record<string, number>> {
  const { events, chunks } = await page.evaluate(() => {
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[]
    const chunks = resources
      .filter((r) => /\/assets\/[^/]+\.js/.test(r.name))
      .map((r) => ({
        // e.g. livekit-gPfFxiIc.js → livekit (Vite's content hash dropped).
        name: r.name.split('/').pop()!.replace(/-[\w-]{8}\.js.*$/, ''),
        start: performance.timeOrigin + r.startTime,
        end: performance.timeOrigin + r.responseEnd,
      }))
    return { events: (window as unknown as Probe).__stageEvents ?? [], chunks }
  })
  const all: StageEvent[] = [...events]
  // A chunk's start and end from the same fetch: its first one after `from`.
  const fetched = new Set<string>()
  for (const c of chunks.sort((a, b) => a.start - b.start)) {
    if (c.start < from || fetched.has(c.name)) continue
    fetched.add(c.name)
    all.push([`chunk.${c.name}.start`, c.start], [`chunk.${c.name}.end`, c.end])
  }
  const out: Record<string, number> = {}
  for (const [name, at] of all) {
    if (at < from || name in out) continue
    out[name] = Math.round(at - from)
  }
  return withRoles(withWait(out))
}

/**
 * Names the peer connections by role: `sub.` the one a remote video track came on, `pub.` the
 * first one that sent a track (the same one when livekit-client uses a single peer connection).
 */
function withRoles(stages: Record<string, number>): Record<string, number> {
  const pcOf = (re: RegExp) =>
    Object.keys(stages)
      .filter((n) => re.test(n))
      .sort((a, b) => stages[a]! - stages[b]!)[0]
      ?.split('.')[0]
  const sub = pcOf(/^pc\d+\.track\.video$/)
  const pub = pcOf(/^pc\d+\.addTransceiver\.(audio|video)\.(sendrecv|sendonly)$/)
  const out = { ...stages }
  for (const [name, ms] of Object.entries(stages)) {
    const [pc, ...rest] = name.split('.')
    if (pc === sub) out[`sub.${rest.join('.')}`] = ms
    if (pc === pub) out[`pub.${rest.join('.')}`] = ms
  }
  return out
}

/**
 * What she waits for, without the time she spends in the device check (hers, however long): from
 * "Join" to the check ready, then from the check's "Join the call" to the first face shown after
 * it. `wait.total` is their sum, as if she had clicked the moment the check was ready.
 */
function withWait(stages: Record<string, number>): Record<string, number> {
  const ready = stages['check.ready']
  const joined = stages['click:join-call']
  const face = stages['video.remote.presented.afterCheck']
  if (ready === undefined || joined === undefined || face === undefined) return stages
  return { ...stages, 'wait.total': ready + (face - joined) }
}
