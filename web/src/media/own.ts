// One's own media in a connected LiveKit room: microphone, camera and screen share on and off in
// one step (setMicrophoneEnabled, setCameraEnabled, setScreenShareEnabled: no reconnect), devices
// switched mid-call (switchActiveDevice), and "you are muted" from a muted microphone's level.
import { AudioPresets, Track, type LocalTrack, type Room } from 'livekit-client'
import { levelMeter, type LevelMeter } from './level'
import type { DeviceKind } from './preview'

/** Loud enough, often enough (4 of the last 10 readings) to be speech, not a cough or a door. */
const SPEECH_LEVEL = 0.08
const WINDOW = 10
const SPEECH_TICKS = 4
const QUIET_TICKS = 20

export function ownMedia(room: Room, speech: boolean, onMutedSpeech: (on: boolean) => void) {
  const lp = room.localParticipant
  const micOptions = speech ? { audioPreset: AudioPresets.speech, dtx: true } : { dtx: true }
  let stopped = false
  let meter: LevelMeter | undefined
  let recent: boolean[] = []
  let quiet = 0
  let told = false
  const mic = () => lp.getTrackPublication(Track.Source.Microphone)?.track
  const tell = (on: boolean) => {
    if (told !== on) onMutedSpeech((told = on))
  }
  // Only while the microphone is published and muted: nothing is measured otherwise.
  const tick = setInterval(() => {
    const track = mic()
    if (!track || !track.isMuted || stopped) {
      meter?.stop()
      meter = undefined
      recent = []
      quiet = 0
      return tell(false)
    }
    if (meter?.source !== track.mediaStreamTrack) {
      meter?.stop()
      meter = levelMeter(track.mediaStreamTrack)
    }
    const loud = meter.read() > SPEECH_LEVEL
    recent = [...recent.slice(1 - WINDOW), loud]
    quiet = loud ? 0 : quiet + 1
    if (recent.filter(Boolean).length >= SPEECH_TICKS) tell(true)
    else if (quiet >= QUIET_TICKS) tell(false)
  }, 150)

  return {
    /** Publishes the tracks checked before joining; the microphone muted unless chosen on. */
    async publish(tracks: LocalTrack[], on: { mic: boolean; camera: boolean }) {
      for (const t of tracks) {
        const id = t.mediaStreamTrack.getSettings().deviceId
        const kind = t.kind === Track.Kind.Audio ? 'audioinput' : 'videoinput'
        // Later starts (a camera turned on) use the same device.
        if (id) await room.switchActiveDevice(kind, id, false).catch(() => undefined)
        if (t.kind === Track.Kind.Video && !on.camera) {
          t.stop()
          continue
        }
        // Muted before it is published: not one sample leaves unless she chose it.
        if (t.kind === Track.Kind.Audio && !on.mic) await t.mute()
        if (stopped) return t.stop()
        await lp.publishTrack(t, t.kind === Track.Kind.Audio ? micOptions : { dtx: true })
      }
    },
    // Once stopped by a facilitator, nothing is published again.
    setMic: async (on: boolean) => {
      if (!stopped) await lp.setMicrophoneEnabled(on, undefined, micOptions)
    },
    setCamera: async (on: boolean) => {
      if (!stopped) await lp.setCameraEnabled(on)
    },
    setScreen: async (on: boolean) => {
      if (!stopped) await lp.setScreenShareEnabled(on, { audio: false })
    },
    switchDevice: (kind: DeviceKind, id: string) => room.switchActiveDevice(kind, id),
    activeDevice: (kind: DeviceKind) => room.getActiveDevice(kind),
    /** Nothing published from now on; unpublished and released too (a facilitator's stop). */
    async stop(unpublish = true) {
      stopped = true
      clearInterval(tick)
      meter?.stop()
      tell(false)
      if (unpublish) for (const pub of lp.trackPublications.values()) {
        if (pub.track) await lp.unpublishTrack(pub.track, true).catch(() => undefined)
      }
    },
  }
}
