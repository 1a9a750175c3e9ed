// The call around the media (state shared by the stage, the tiles, the call bar and the roster):
// who has their microphone and camera on, who speaks, one's own controls and the device check.
// It holds no device choice beyond this page's memory: nothing is stored.
import { createStore } from 'solid-js/store'
import type { Role } from '../../../worker/protocol/roles'
import type { MediaHandle } from './livekit'
import type { DeviceKind } from './preview'
import type { TrackState } from './tracks'
import type { LocalTrack } from 'livekit-client'

export type On = { mic: boolean; camera: boolean }

export type CallState = {
  /** This seat's LiveKit identity and what its grant lets it publish. */
  identity: string
  sources: string[]
  tracks: Record<string, TrackState | undefined>
  /** Speaking now, loudest first. */
  speakers: string[]
  /** Speaking into a muted microphone. */
  mutedSpeech: boolean
  /** The device check is open: nothing of hers is published until she joins the call. */
  checking: boolean
  /** The devices panel is open during the call. */
  devicesOpen: boolean
  /** A device could not be started mid-call. */
  deviceProblem: 'denied' | 'noDevice' | null
  /** Video she receives is paused by the SFU to keep the sound; 'back' for a moment after. */
  videoPause: 'paused' | 'back' | null
}

/** How long "Video is back" stays before it clears by itself. */
const VIDEO_BACK_MS = 5000

/** Participants join muted with the camera off; staff and interpreters as they always have. */
export const startsOn = (role: Role): On | null =>
  role === 'participant' ? null : { mic: true, camera: true }

export function createCall(role: Role, handle: () => MediaHandle | undefined) {
  const [state, setState] = createStore<CallState>({
    identity: '',
    sources: [],
    tracks: {},
    speakers: [],
    mutedSpeech: false,
    checking: false,
    devicesOpen: false,
    deviceProblem: null,
    videoPause: null,
  })
  let backTimer: ReturnType<typeof setTimeout> | undefined
  const videoPaused = (paused: boolean) => {
    clearTimeout(backTimer)
    if (paused) return setState('videoPause', 'paused')
    if (state.videoPause !== 'paused') return
    setState('videoPause', 'back')
    backTimer = setTimeout(() => setState('videoPause', null), VIDEO_BACK_MS)
  }
  /** What to publish on the next connection (a mode change, a new token): kept in memory only. */
  let prefs: On | null = startsOn(role)
  const self = () => state.tracks[state.identity]
  const problem = (err: unknown) => {
    const name = (err as { name?: string }).name
    setState('deviceProblem', name === 'NotAllowedError' ? 'denied' : 'noDevice')
  }
  const act = (fn: (h: MediaHandle) => Promise<unknown>) => {
    const h = handle()
    if (!h) return
    setState('deviceProblem', null)
    h.ready.then(() => fn(h)).catch(problem)
  }

  return {
    state,
    /** For the next connection: publish at once (with what), or open the device check. */
    connecting(identity: string, sources: string[]) {
      const publishes = sources.includes('microphone') || sources.includes('camera')
      clearTimeout(backTimer)
      setState({ identity, sources, tracks: {}, speakers: [], mutedSpeech: false, videoPause: null })
      setState('checking', publishes && !prefs)
      return publishes ? prefs : null
    },
    /** LiveKit's events for one connection: ignored once it is replaced (a mode change, a move). */
    eventsFor(current: () => boolean) {
      return {
        onTracks(identity: string, st: TrackState | null) {
          if (!current()) return
          setState('tracks', identity, st ?? undefined)
        },
        onSpeakers: (ids: string[]) => current() && setState('speakers', ids),
        onMutedSpeech: (on: boolean) => current() && setState('mutedSpeech', on),
        onVideoPaused: (paused: boolean) => current() && videoPaused(paused),
      }
    },
    mic: () => Boolean(self()?.mic),
    /** Her own connection, as the SFU measures it. */
    link: () => self()?.link ?? 'unknown',
    camera: () => Boolean(self()?.camera),
    screen: () => Boolean(self()?.screen),
    /** Joins the call from the device check with its tracks and choices. */
    join(tracks: LocalTrack[], on: On) {
      prefs = on
      setState('checking', false)
      const h = handle()
      if (h) h.ready.then(() => h.own.publish(tracks, on)).catch(problem)
      else for (const t of tracks) t.stop()
    },
    // What she turns on or off is what the next connection (a mode change, a move) publishes: never
    // read back from LiveKit, whose teardown unpublishes everything.
    toggleMic: () => {
      const on = !self()?.mic
      if (prefs) prefs = { ...prefs, mic: on }
      act((h) => h.own.setMic(on))
    },
    toggleCamera: () => {
      const on = !self()?.camera
      if (prefs) prefs = { ...prefs, camera: on }
      act((h) => h.own.setCamera(on))
    },
    /** A facilitator muted her microphone or camera: it stays off on the next connection too. */
    mutedBy: (what: 'mic' | 'camera') => {
      if (prefs) prefs = { ...prefs, [what]: false }
    },
    toggleScreen: () => act((h) => h.own.setScreen(!self()?.screen)),
    resumeVideo: () => handle()?.resumeVideo(),
    switchDevice: (kind: DeviceKind, id: string) => act((h) => h.own.switchDevice(kind, id)),
    showDevices: (open: boolean) => setState('devicesOpen', open),
  }
}

export type Call = ReturnType<typeof createCall>
