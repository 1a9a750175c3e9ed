// The LiveKit room (a lazy chunk with ./own, ./preview and ./tracks, the only modules importing
// livekit-client, loaded when a person picks video or audio): end-to-end encrypted, local tracks
// as the grant allows, audio-only subscriptions, the interpreter's camera on request, track state
// and active speakers for the tiles, everyone's connection quality, and video the SFU paused.
import {
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
  type Participant,
  type RemoteParticipant,
} from 'livekit-client'
import type { Mode } from '../../../worker/protocol/roles'
import { deriveMediaKey } from './key'
import { ownMedia } from './own'
import { keepSound } from './keep-sound'
import { stallWatch } from './stall'
import { linkOf, screenKey, trackState, type TrackState } from './tracks'

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
  /** Publish at once with these on (staff, interpreters, a reconnect); null: after the check. */
  publishNow: { mic: boolean; camera: boolean } | null
}

export type MediaEvents = {
  /** Whether a picture is bound for this tile key (an identity, or its screen) now. */
  onVideo: (key: string, on: boolean) => void
  /** A participant's microphone, camera and screen as LiveKit says (null: gone from media). */
  onTracks: (identity: string, state: TrackState | null) => void
  /** The identities speaking now, loudest first (LiveKit's active speakers). */
  onSpeakers: (identities: string[]) => void
  /** Speaking into a muted microphone (or no longer). */
  onMutedSpeech: (on: boolean) => void
  onQuality: (quality: 'poor' | 'good') => void
  /** The SFU paused video she receives to keep the sound (congestion), or let it flow again. */
  onVideoPaused: (paused: boolean) => void
  /** The media connection ended without being asked to. */
  onLost: () => void
  /** The browser will not play the group's audio until the person taps (autoplay rules). */
  onAudioBlocked: (blocked: boolean) => void
}

export type MediaHandle = {
  /** Resolves once connected and publishing; rejects with `devices` or a connection error. */
  ready: Promise<void>
  /** A tile's video element for a tile key (null when the tile goes away). */
  bind: (key: string, el: HTMLVideoElement | null) => void
  /** One's own microphone, camera, screen and devices (./own). */
  own: ReturnType<typeof ownMedia>
  /** Audio-only: also receive this identity's camera, at the lowest layer (undefined: nobody). */
  showCameraOf: (identity: string | undefined) => void
  /** A facilitator stopped this seat's publishing: unpublish and release the devices. */
  stopPublishing: () => void
  /** Video she receives, paused to keep the sound, back on at her request. */
  resumeVideo: () => void
  /** Starts the group's audio from a tap, where the browser blocked it. */
  startAudio: () => Promise<void>
  disconnect: () => void
}

export class DevicesError extends Error {}

/**
 * The room this page is leaving (a move to a new room, a mode change), until it has let go of the
 * camera and microphone and closed its connections. The next room asks for the devices only after
 * that: after a removal everyone left reconnects at the same moment, and a camera opened while the
 * old room was still stopping its own and closing its connections could be acknowledged yet never
 * reach the SFU (one room at a time holds the devices and the network).
 */
let leaving: Promise<void> = Promise.resolve()
/** A leave that hangs (a dead signal connection) never holds the next room longer than this. */
const LEAVE_WAIT_MS = 3000

export function startMedia(o: MediaOptions, ev: MediaEvents): MediaHandle {
  let stopped = false
  let unwatch = () => {}
  let shown: string | undefined
  let local: LocalTrack[] = []
  const els = new Map<string, HTMLVideoElement>()
  /** Video she receives that the SFU paused (participant/track). */
  const paused = new Set<string>()
  const videos = new Map<string, Track>()
  const sink = document.createElement('div')
  sink.hidden = true
  document.body.appendChild(sink)
  const worker = new Worker(new URL('livekit-client/e2ee-worker', import.meta.url), {
    type: 'module',
  })
  const keyProvider = new ExternalE2EEKeyProvider()
  const stalls = stallWatch()
  const room = new Room({
    adaptiveStream: true,
    dynacast: true,
    e2ee: { keyProvider, worker },
    reconnectPolicy: stalls.reconnectPolicy,
    // A support group on phones and weak links: faces at 360p are plenty, and cost a third of 720p
    // to encode and send; a low layer too for audio-only people who ask for the interpreter.
    videoCaptureDefaults: { resolution: VideoPresets.h360.resolution },
    publishDefaults: { videoSimulcastLayers: [VideoPresets.h180] },
  })
  const autoSubscribe = o.subscribe === 'all'

  const own = ownMedia(room, o.mode === 'audio', ev.onMutedSpeech)
  const videoPaused = () => ev.onVideoPaused(paused.size > 0 || keep.paused())
  const keep = keepSound(room, videoPaused)

  const show = (key: string, track: Track | undefined) => {
    const el = els.get(key)
    videos.get(key)?.detach()
    if (track) videos.set(key, track)
    else videos.delete(key)
    if (el && track) track.attach(el)
    ev.onVideo(key, Boolean(track))
  }
  const tracksOf = (p: Participant) => ev.onTracks(p.identity, trackState(p))
  /** A video track's tile key: the camera's is the identity, a shared screen has its own. */
  const keyOf = (track: Track, identity: string) =>
    track.source === Track.Source.ScreenShare ? screenKey(identity) : identity

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
    .on(RoomEvent.TrackPublished, (_pub, p) => {
      pick(p)
      tracksOf(p)
    })
    .on(RoomEvent.TrackUnpublished, (_pub, p) => tracksOf(p))
    .on(RoomEvent.TrackMuted, (_pub, p) => tracksOf(p))
    .on(RoomEvent.TrackUnmuted, (_pub, p) => tracksOf(p))
    .on(RoomEvent.ParticipantConnected, (p) => {
      pick(p)
      tracksOf(p)
    })
    .on(RoomEvent.ParticipantDisconnected, (p) => ev.onTracks(p.identity, null))
    .on(RoomEvent.LocalTrackPublished, (pub, p) => {
      if (pub.track && pub.kind === Track.Kind.Video) show(keyOf(pub.track, p.identity), pub.track)
      tracksOf(p)
    })
    .on(RoomEvent.LocalTrackUnpublished, (pub, p) => {
      const key = pub.track ? keyOf(pub.track, p.identity) : ''
      if (pub.track && videos.get(key) === pub.track) show(key, undefined)
      tracksOf(p)
    })
    .on(RoomEvent.ActiveSpeakersChanged, (speakers) =>
      ev.onSpeakers(speakers.map((p) => p.identity)),
    )
    .on(RoomEvent.TrackSubscribed, (track, pub, p) => {
      keep.subscribed(pub, p)
      if (track.kind === Track.Kind.Audio) sink.appendChild(track.attach())
      else show(keyOf(track, p.identity), track)
    })
    .on(RoomEvent.TrackUnsubscribed, (track, pub, p) => {
      if (paused.delete(`${p.identity}/${pub.trackSid}`)) videoPaused()
      const key = keyOf(track, p.identity)
      if (track.kind === Track.Kind.Audio) for (const el of track.detach()) el.remove()
      else if (videos.get(key) === track) show(key, undefined)
    })
    .on(RoomEvent.TrackStreamStateChanged, (pub, streamState, p) => {
      if (pub.kind !== Track.Kind.Video) return
      const key = `${p.identity}/${pub.trackSid}`
      if (streamState === Track.StreamState.Paused) paused.add(key)
      else paused.delete(key)
      videoPaused()
    })
    .on(RoomEvent.ConnectionQualityChanged, (quality, p) => {
      // Everyone's, for the tiles and the roster (a facilitator sees who is on a weak link).
      tracksOf(p)
      if (p !== room.localParticipant) return
      keep.link(linkOf(quality))
      if (quality === ConnectionQuality.Poor) ev.onQuality('poor')
      if (quality === ConnectionQuality.Good || quality === ConnectionQuality.Excellent) {
        ev.onQuality('good')
      }
    })
    .on(RoomEvent.AudioPlaybackStatusChanged, () => ev.onAudioBlocked(!room.canPlaybackAudio))
    .on(RoomEvent.Disconnected, () => {
      unwatch()
      keep.stop()
      if (!stopped) ev.onLost()
    })

  const release = () => {
    for (const t of local) t.stop()
    if (videos.get(o.identity)) show(o.identity, undefined)
    local = []
  }

  const ready = (async () => {
    await leaving
    await keyProvider.setKey(await deriveMediaKey(o.key, o.sessionId))
    // Before anything is published: nothing leaves this browser unencrypted.
    await room.setE2EEEnabled(true)
    const now = o.publishNow
    const audio = o.sources.includes('microphone') && Boolean(now)
    const video = o.sources.includes('camera') && Boolean(now?.camera)
    if (audio || video) {
      try {
        local = await createLocalTracks({ audio, video })
      } catch (err) {
        throw new DevicesError(String(err))
      }
    }
    if (stopped) return release()
    await room.connect(o.url, o.token, { autoSubscribe })
    if (stopped) return
    // Media that stops on a path LiveKit still calls connected is resumed in seconds (./stall).
    unwatch = stalls.watch(room)
    if (!room.canPlaybackAudio) ev.onAudioBlocked(true)
    for (const p of room.remoteParticipants.values()) {
      pick(p)
      tracksOf(p)
    }
    tracksOf(room.localParticipant)
    const taken = local
    local = []
    if (now) await own.publish(taken, now)
  })()
  ready.catch(() => {
    release()
    void room.disconnect()
  })

  return {
    ready,
    own,
    bind(key, el) {
      if (el) {
        els.set(key, el)
        videos.get(key)?.attach(el)
      } else {
        const old = els.get(key)
        if (old) videos.get(key)?.detach(old)
        els.delete(key)
      }
    },
    showCameraOf(identity) {
      shown = identity
      for (const p of room.remoteParticipants.values()) pick(p)
    },
    stopPublishing() {
      release()
      void own.stop()
    },
    resumeVideo: () => keep.resume(),
    async startAudio() {
      await room.startAudio()
      ev.onAudioBlocked(!room.canPlaybackAudio)
    },
    disconnect() {
      if (stopped) return
      stopped = true
      unwatch()
      keep.stop()
      release()
      void own.stop(false)
      for (const track of videos.values()) track.detach()
      sink.remove()
      // The devices are released now, not once LiveKit's leave is answered.
      for (const pub of room.localParticipant.trackPublications.values()) pub.track?.stop()
      const left = room.disconnect().finally(() => worker.terminate())
      const waited = new Promise<void>((done) => setTimeout(done, LEAVE_WAIT_MS))
      leaving = Promise.race([left, waited]).catch(() => {})
    },
  }
}
