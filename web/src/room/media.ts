// Video and audio in the room: the mode this person chose, the server's media frames and the
// LiveKit chunk (../media/livekit), imported only once someone picks video or audio.
import { onCleanup } from 'solid-js'
import { createStore } from 'solid-js/store'
import type { Mode, Role } from '../../../worker/protocol/roles'
import type { ClientMessage, Member } from '../../../worker/protocol/messages'
import { onQuickExit } from '../lib/quick-exit'
import { createCall } from '../media/call'
import type { MediaHandle } from '../media/livekit'
import type { DeviceKind } from '../media/preview'
import type { MediaFrame } from './connection'

/** off: text-only; loading: fetching the chunk; waiting: a token is asked for. */
export type MediaStatus =
  'off' | 'loading' | 'waiting' | 'connecting' | 'live' | 'unsupported' | 'error'
export type Problem = 'mediaDevices' | 'err_media_failed' | 'err_media_unavailable'
export type Moderated = Extract<MediaFrame, { type: 'moderated' }>['action']

export type MediaState = {
  mode: Mode
  status: MediaStatus
  problem: Problem | null
  /** Identities whose camera picture is showing. */
  video: Record<string, boolean>
  /** A connection-quality suggestion: switch down (weak) or back up (recovered). */
  offer: { mode: Mode; up: boolean } | null
  interpreterShown: boolean
  moderated: Moderated | null
  /** The browser blocked the group's audio until a tap (autoplay rules, e.g. after a reload). */
  audioBlocked: boolean
  /** A facilitator stopped this person's publishing: nothing is published again this session. */
  publishingStopped: boolean
}

export type MediaOptions = {
  sessionId: string
  key: string
  initial: Mode
  /** Participants join muted with the camera off (../media/call). */
  role: Role
  send: (msg: ClientMessage) => boolean
  onMode?: (mode: Mode) => void
}

const loadLiveKit = () => import('../media/livekit')
/** How long the connection must stay good before offering to switch back up. */
const RECOVERY_MS = 20_000

export function createMedia(o: MediaOptions) {
  const [state, setState] = createStore<MediaState>({
    mode: 'text',
    status: 'off',
    problem: null,
    video: {},
    offer: null,
    interpreterShown: false,
    moderated: null,
    audioBlocked: false,
    publishingStopped: false,
  })
  let handle: MediaHandle | undefined
  let generation = 0
  let shown: string | undefined
  let upTo: Mode | undefined
  let recovery: ReturnType<typeof setTimeout> | undefined
  const els = new Map<string, HTMLVideoElement>()
  const call = createCall(o.role, () => handle)

  const drop = () => {
    generation++
    clearTimeout(recovery)
    recovery = undefined
    // Forgotten first: the events of its own teardown (tracks unpublished) are not this call's.
    const old = handle
    handle = undefined
    old?.disconnect()
    setState({ video: {}, audioBlocked: false })
  }

  const fail = (problem: Problem) => {
    drop()
    setState({ status: 'error', problem })
  }

  const request = () => {
    if (state.status === 'waiting') o.send({ type: 'media', mode: state.mode })
  }

  const choose = async (mode: Mode) => {
    drop()
    const gen = generation
    setState({ mode, offer: null, problem: null, moderated: null })
    o.onMode?.(mode)
    if (mode === 'text') {
      setState('status', 'off')
      o.send({ type: 'media', mode })
      return
    }
    setState('status', 'loading')
    const lk = await loadLiveKit().catch(() => undefined)
    if (gen !== generation) return
    if (!lk) return fail('err_media_failed')
    // Never unencrypted: without E2EE in this browser, no token is even asked for.
    if (!lk.isE2EESupported()) {
      setState({ mode: 'text', status: 'unsupported' })
      o.onMode?.('text')
      return
    }
    setState('status', 'waiting')
    request()
  }

  const onQuality = (quality: 'poor' | 'good') => {
    if (quality === 'poor') {
      clearTimeout(recovery)
      recovery = undefined
      if (state.mode !== 'text') {
        setState('offer', { mode: state.mode === 'video' ? 'audio' : 'text', up: false })
      }
      return
    }
    if (state.offer && !state.offer.up) setState('offer', null)
    if (!upTo || upTo === state.mode || recovery) return
    recovery = setTimeout(() => {
      recovery = undefined
      if (upTo && upTo !== state.mode) setState('offer', { mode: upTo, up: true })
    }, RECOVERY_MS)
  }

  const connect = async (frame: Extract<MediaFrame, { type: 'media' }>) => {
    drop()
    const gen = generation
    if (frame.mode === 'text') return setState('status', 'off')
    if (!frame.url || !frame.token) return fail('err_media_unavailable')
    setState('status', 'connecting')
    const lk = await loadLiveKit()
    if (gen !== generation) return
    // Once stopped, never published again, whatever a later frame says.
    const sources = state.publishingStopped ? [] : frame.sources
    const h = lk.startMedia(
      {
        url: frame.url,
        token: frame.token,
        sessionId: o.sessionId,
        key: o.key,
        identity: frame.identity,
        mode: frame.mode,
        sources,
        subscribe: frame.subscribe,
        publishNow: call.connecting(frame.identity, sources),
      },
      {
        ...call.eventsFor(() => handle === h),
        onVideo: (identity, on) => setState('video', identity, on),
        onQuality,
        onLost: () => handle === h && fail('err_media_failed'),
        onAudioBlocked: (blocked) => handle === h && setState('audioBlocked', blocked),
      },
    )
    handle = h
    for (const [identity, el] of els) h.bind(identity, el)
    if (state.interpreterShown) h.showCameraOf(shown)
    h.ready.then(
      () => handle === h && setState('status', 'live'),
      (err) =>
        handle === h && fail(err instanceof lk.DevicesError ? 'mediaDevices' : 'err_media_failed'),
    )
  }

  const stop = () => drop()
  onCleanup(onQuickExit(stop))
  onCleanup(stop)
  if (o.initial !== 'text') void choose(o.initial)

  return {
    state,
    call,
    choose: (mode: Mode) => void choose(mode),
    /** After each welcome: ask again for what was not delivered, or settle on text-only. */
    welcome(configured: boolean, self: Member | undefined) {
      if (!configured && state.mode !== 'text') {
        drop()
        setState({ mode: 'text', status: 'off' })
      } else if (state.mode === 'text' && self && self.mode !== 'text') {
        o.send({ type: 'media', mode: 'text' })
      }
      request()
    },
    frame(frame: MediaFrame) {
      if (frame.type === 'moderated') {
        setState('moderated', frame.action)
        if (frame.action === 'muted_microphone') call.mutedBy('mic')
        if (frame.action === 'muted_camera') call.mutedBy('camera')
        if (frame.action === 'publishing_stopped') {
          setState('publishingStopped', true)
          handle?.stopPublishing()
        }
      } else if (frame.type === 'error') {
        // Media's own failures only (media_failed, media_unavailable): a refused mute or stop is
        // about the member and is shown as the room's error, never here (her media stays up).
        fail(`err_${frame.code}`)
      } else if (frame.mode === state.mode) {
        // An answer to an earlier choice is stale; the latest one will come.
        void connect(frame)
      }
    },
    bind(identity: string, el: HTMLVideoElement | null) {
      if (el) els.set(identity, el)
      else els.delete(identity)
      handle?.bind(identity, el)
    },
    toggleInterpreter(identity: string | undefined) {
      const on = !state.interpreterShown
      shown = on ? identity : undefined
      setState('interpreterShown', on)
      handle?.showCameraOf(shown)
    },
    accept() {
      const offer = state.offer
      if (!offer) return
      upTo = offer.up ? undefined : (upTo ?? state.mode)
      void choose(offer.mode)
    },
    dismissOffer: () => setState('offer', null),
    activeDevice: (kind: DeviceKind) => handle?.own.activeDevice(kind),
    /** A tap on "hear the group": the gesture the browser asked for. */
    startAudio: () => void handle?.startAudio(),
    stop,
  }
}

export type Media = ReturnType<typeof createMedia>
