// Audio first on a narrow link. When her own connection reads weak, the video she receives is
// switched off at the SFU (RemoteTrackPublication.setEnabled(false)) so the group's speech keeps the
// link, the interpreter's camera excepted (for a Deaf person it is the speech). Measured in a
// network namespace at 50 and 100 kbit/s, LiveKit's congestion control only steps video down to
// its lowest layer and keeps sending it while audio packets fall to a fifth. Video comes back when
// she asks for it: switched back on by itself after the link read good for 10 s, on a link still
// too narrow, it took the sound away again (41 % of speech concealed in the window after).
import { Track, type RemoteParticipant, type RemoteTrackPublication, type Room } from 'livekit-client'
import type { Link } from './tracks'

/** Weak this long before video is paused: the SFU's measure is already smoothed over seconds. */
const WEAK_FOR_MS = 1000

const pausable = (pub: RemoteTrackPublication, p: RemoteParticipant) =>
  pub.kind === Track.Kind.Video && p.attributes.role !== 'interpreter'

export function keepSound(room: Room, onChange: () => void) {
  let paused = false
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
      if (link !== 'weak' || paused) return
      timer = setTimeout(() => {
        paused = true
        apply()
      }, WEAK_FOR_MS)
    },
    /** She asks for video again (it pauses again if the link still reads weak). */
    resume() {
      if (!paused) return
      paused = false
      apply()
    },
    /** A video subscribed while paused starts paused too. */
    subscribed(pub: RemoteTrackPublication, p: RemoteParticipant) {
      if (paused && pausable(pub, p)) pub.setEnabled(false)
    },
    stop: () => clearTimeout(timer),
  }
}
