// What a participant's LiveKit publications say now: microphone on, camera on, screen shared.
// Read from track state (publish, mute, unmute), so every page agrees with the SFU.
import { Track, type Participant } from 'livekit-client'

export type TrackState = { mic: boolean; camera: boolean; screen: boolean }

export function trackState(p: Participant): TrackState {
  const out: TrackState = { mic: false, camera: false, screen: false }
  for (const pub of p.trackPublications.values()) {
    if (pub.source === Track.Source.Microphone && !pub.isMuted) out.mic = true
    if (pub.source === Track.Source.Camera && !pub.isMuted) out.camera = true
    if (pub.source === Track.Source.ScreenShare && !pub.isMuted) out.screen = true
  }
  return out
}

/** The key of the tile showing someone's shared screen (their camera tile is their identity). */
export const screenKey = (identity: string) => `${identity}#screen`
