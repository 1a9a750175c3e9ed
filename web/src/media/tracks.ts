// What a participant's LiveKit publications say now: microphone on, camera on, screen shared, and
// the connection quality the SFU measured for them. Read from LiveKit's own state (publish, mute,
// unmute, quality updates), so every page agrees with the SFU.
import { ConnectionQuality, Track, type Participant } from 'livekit-client'

/** In words: good, weak (the SFU sees loss or delay), lost (no packets), or not known yet. */
export type Link = 'good' | 'weak' | 'lost' | 'unknown'
export type TrackState = { mic: boolean; camera: boolean; screen: boolean; link: Link }

const LINKS: Record<ConnectionQuality, Link> = {
  [ConnectionQuality.Excellent]: 'good',
  [ConnectionQuality.Good]: 'good',
  [ConnectionQuality.Poor]: 'weak',
  [ConnectionQuality.Lost]: 'lost',
  [ConnectionQuality.Unknown]: 'unknown',
}

export const linkOf = (quality: ConnectionQuality): Link => LINKS[quality]

export function trackState(p: Participant): TrackState {
  const out: TrackState = { mic: false, camera: false, screen: false, link: linkOf(p.connectionQuality) }
  for (const pub of p.trackPublications.values()) {
    if (pub.source === Track.Source.Microphone && !pub.isMuted) out.mic = true
    if (pub.source === Track.Source.Camera && !pub.isMuted) out.camera = true
    if (pub.source === Track.Source.ScreenShare && !pub.isMuted) out.screen = true
  }
  return out
}

/** The key of the tile showing someone's shared screen (their camera tile is their identity). */
export const screenKey = (identity: string) => `${identity}#screen`
