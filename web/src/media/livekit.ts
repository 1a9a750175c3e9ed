// The only module that imports livekit-client (a lazy chunk, loaded when a person picks video or
// audio): an end-to-end encrypted LiveKit room, local tracks as the grant allows, audio-only
// subscriptions, the interpreter's camera on request, and the local connection quality.
import {
  AudioPresets,
  ConnectionQuality,
  createLocalTracks,
  ExternalE2EEKeyProvider,
  isE2EESupported,
  Room,
  RoomEvent,
  Track,
  VideoPresets,
  VideoQuality,
  type LocalTrack,
  type RemoteParticipant,
} from 'livekit-client'
import type { Mode } from '../../../worker/protocol/common'
import { deriveMediaKey } from './key'

export { isE2EESupported }

export type MediaOptions = {
  url: string
  token: string
  sessionId: string
  /** The session key from the link fragment (base64url). */
  key: string
  identity: string
  mode: Mode
  /** What the grant lets this seat publish. */
  sources: string[]
  subscribe: 'all' | 'audio'
}

export type MediaEvents = {
  /** Whether a camera picture is shown for this identity now. */
  onVideo: (identity: string, on: boolean) => void
  onQuality: (quality: 'poor' | 'good') => void
  /** The media connection ended without being asked to. */
  onLost: () => void
  /** The browser will not play the group's audio until the person taps (autoplay rules). */
  onAudioBlocked: (blocked: boolean) => void
}

export type MediaHandle = {
  /** Resolves once connected and publishing; rejects with `devices` or a connection error. */
  ready: Promise<void>
  /** A tile's video element for an identity (null when the tile goes away). */
  bind: (identity: string, el: HTMLVideoElement | null) => void
  /** Audio-only: also receive this identity's camera, at the lowest layer (undefined: nobody). */
  showCameraOf: (identity: string | undefined) => void
  /** A facilitator stopped this seat's publishing: unpublish and release the devices. */
  stopPublishing: () => void
  /** Starts the group's audio from a tap, where the browser blocked it. */
  startAudio: () => Promise<void>
  disconnect: () => void
}

export class DevicesError extends Error {}

export function startMedia(o: MediaOptions, ev: MediaEvents): MediaHandle {
  let stopped = false
  let shown: string | undefined
  let local: LocalTrack[] = []
  const els = new Map<string, HTMLVideoElement>()
  const videos = new Map<string, Track>()
  const sink = document.createElement('div')
  sink.hidden = true
  document.body.appendChild(sink)
  const worker = new Worker(new URL('livekit-client/e2ee-worker', import.meta.url), {
    type: 'module',
  })
  const keyProvider = new ExternalE2EEKeyProvider()
  const room = new Room({
    adaptiveStream: true,
    dynacast: true,
    e2ee: { keyProvider, worker },
    // A support group on phones and weak links: faces at 360p are plenty, and cost a third of 720p
    // to encode and send; a low layer too for audio-only people who ask for the interpreter.
    videoCaptureDefaults: { resolution: VideoPresets.h360.resolution },
    publishDefaults: { videoSimulcastLayers: [VideoPresets.h180] },
  })
  const autoSubscribe = o.subscribe === 'all'

  const show = (identity: string, track: Track | undefined) => {
    const el = els.get(identity)
    videos.get(identity)?.detach()
    if (track) videos.set(identity, track)
    else videos.delete(identity)
    if (el && track) track.attach(el)
    ev.onVideo(identity, Boolean(track))
  }

  /** Audio-only: every microphone, and a camera only for the identity asked for. */
  const pick = (p: RemoteParticipant) => {
    if (autoSubscribe) return
    for (const pub of p.trackPublications.values()) {
      if (pub.kind === Track.Kind.Audio) {
        if (!pub.isDesired) pub.setSubscribed(true)
      } else if (pub.source === Track.Source.Camera) {
        const on = p.identity === shown
        if (pub.isDesired !== on) pub.setSubscribed(on)
        if (on) pub.setVideoQuality(VideoQuality.LOW)
      }
    }
  }

  room
    .on(RoomEvent.TrackPublished, (_pub, p) => pick(p))
    .on(RoomEvent.ParticipantConnected, pick)
    .on(RoomEvent.TrackSubscribed, (track, _pub, p) => {
      if (track.kind === Track.Kind.Audio) sink.appendChild(track.attach())
      else if (track.source === Track.Source.Camera) show(p.identity, track)
    })
    .on(RoomEvent.TrackUnsubscribed, (track, _pub, p) => {
      if (track.kind === Track.Kind.Audio) for (const el of track.detach()) el.remove()
      else if (videos.get(p.identity) === track) show(p.identity, undefined)
    })
    .on(RoomEvent.ConnectionQualityChanged, (quality, p) => {
      if (p !== room.localParticipant) return
      if (quality === ConnectionQuality.Poor) ev.onQuality('poor')
      if (quality === ConnectionQuality.Good || quality === ConnectionQuality.Excellent) {
        ev.onQuality('good')
      }
    })
    .on(RoomEvent.AudioPlaybackStatusChanged, () => ev.onAudioBlocked(!room.canPlaybackAudio))
    .on(RoomEvent.Disconnected, () => {
      if (!stopped) ev.onLost()
    })

  const release = () => {
    for (const t of local) t.stop()
    if (videos.get(o.identity)) show(o.identity, undefined)
    local = []
  }

  const ready = (async () => {
    await keyProvider.setKey(await deriveMediaKey(o.key, o.sessionId))
    // Before anything is published: nothing leaves this browser unencrypted.
    await room.setE2EEEnabled(true)
    const audio = o.sources.includes('microphone')
    const video = o.sources.includes('camera')
    if (audio || video) {
      try {
        local = await createLocalTracks({ audio, video })
      } catch (err) {
        throw new DevicesError(String(err))
      }
    }
    if (stopped) return release()
    const camera = local.find((t) => t.kind === Track.Kind.Video)
    if (camera) show(o.identity, camera)
    await room.connect(o.url, o.token, { autoSubscribe })
    if (stopped) return
    if (!room.canPlaybackAudio) ev.onAudioBlocked(true)
    for (const p of room.remoteParticipants.values()) pick(p)
    for (const t of local) {
      const speech = t.kind === Track.Kind.Audio && o.mode === 'audio'
      await room.localParticipant.publishTrack(
        t,
        speech ? { audioPreset: AudioPresets.speech, dtx: true } : { dtx: true },
      )
    }
  })()
  ready.catch(() => {
    release()
    void room.disconnect()
  })

  return {
    ready,
    bind(identity, el) {
      if (el) {
        els.set(identity, el)
        videos.get(identity)?.attach(el)
      } else {
        const old = els.get(identity)
        if (old) videos.get(identity)?.detach(old)
        els.delete(identity)
      }
    },
    showCameraOf(identity) {
      shown = identity
      for (const p of room.remoteParticipants.values()) pick(p)
    },
    stopPublishing() {
      for (const t of local) void room.localParticipant.unpublishTrack(t)
      release()
    },
    async startAudio() {
      await room.startAudio()
      ev.onAudioBlocked(!room.canPlaybackAudio)
    },
    disconnect() {
      if (stopped) return
      stopped = true
      release()
      for (const track of videos.values()) track.detach()
      sink.remove()
      void room.disconnect().finally(() => worker.terminate())
    },
  }
}
