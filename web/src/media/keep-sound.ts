// Audio first on a narrow link. When her own connection stays weak, the video she receives is
// switched off at the SFU (RemoteTrackPublication.setEnabled(false)) so the group's speech keeps the
// link, the interpreter's camera excepted (for a Deaf person it is the speech). Measured in a
// network namespace at 50 and 100 kbit/s, LiveKit's congestion control only steps video down to
// its lowest layer and keeps sending it while audio packets fall to a fifth. Video comes back once
// the link has stayed good; if it turns weak again soon after, the next wait is twice as long.
import { Track, type RemoteParticipant, type RemoteTrackPublication, type Room } from 'livekit-client'
import type { Link } from './tracks'

/** Weak this long before video is paused: the SFU's measure is already smoothed over seconds. */
const WEAK_FOR_MS = 1000
/** Good this long before video comes back; doubled, up to two minutes, when it flaps. */
const GOOD_FOR_MS = 10_000
const GOOD_FOR_MAX_MS = 120_000

const pausable = (pub: RemoteTrackPublication, p: RemoteParticipant) =>
  pub.kind === Track.Kind.Video && p.attributes.role !== 'interpreter'

export function keepSound(room: Room, onChange: () => void) {
  let paused = false
  let goodFor = GOOD_FOR_MS
  let resumedAt = 0
  let timer: ReturnType<typeof setTimeout> | undefined
  const apply = () => {
    for (const p of room.remoteParticipants.values()) {
      for (const pub of p.videoTrackPublications.values()) {
        if (pausable(pub, p) && pub.isDesired) pub.setEnabled(!paused)
      }
    }
    onChange()
  }
  return {
    paused: () => paused,
    /** Her own connection as the SFU measures it. */
    link(link: Link) {
      clearTimeout(timer)
      if (link === 'weak' && !paused) {
        timer = setTimeout(() => {
          // Weak again soon after video came back: the link cannot carry it; wait longer next time.
          if (Date.now() - resumedAt < goodFor * 2) goodFor = Math.min(goodFor * 2, GOOD_FOR_MAX_MS)
          paused = true
          apply()
        }, WEAK_FOR_MS)
      } else if (link === 'good' && paused) {
        timer = setTimeout(() => {
          paused = false
          resumedAt = Date.now()
          apply()
        }, goodFor)
      }
    },
    /** A video subscribed while paused starts paused too. */
    subscribed(pub: RemoteTrackPublication, p: RemoteParticipant) {
      if (paused && pausable(pub, p)) pub.setEnabled(false)
    },
    stop: () => clearTimeout(timer),
  }
}
