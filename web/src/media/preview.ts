// The device check before joining the call: local preview tracks from createLocalTracks (asked
// for only once someone picks video or audio), the devices the browser lists, a live microphone
// level. Nothing here is stored: the choices live in memory for this page only.
import { createLocalTracks, Room, Track, type LocalTrack } from 'livekit-client'
import { createStore } from 'solid-js/store'
import { levelMeter, type LevelMeter } from './level'

export type DeviceKind = 'videoinput' | 'audioinput' | 'audiooutput'
export type DeviceProblem = 'denied' | 'noDevice' | null
export type Devices = Record<DeviceKind, { id: string; label: string }[]>

export type PreviewState = {
  status: 'asking' | 'ready' | 'problem'
  problem: DeviceProblem
  devices: Devices
  chosen: Partial<Record<DeviceKind, string>>
  level: number
}

const KINDS: DeviceKind[] = ['videoinput', 'audioinput', 'audiooutput']

/** The devices the browser lists now (labels only once permission was given). */
export async function listDevices(): Promise<Devices> {
  const out = { videoinput: [], audioinput: [], audiooutput: [] } as Devices
  for (const kind of KINDS) {
    const list = await Room.getLocalDevices(kind, false).catch(() => [])
    out[kind] = list
      .filter((d) => d.deviceId)
      .map((d, i) => ({ id: d.deviceId, label: d.label || `${kind} ${i + 1}` }))
  }
  return out
}

export function createPreview(want: { audio: boolean; video: boolean }) {
  const [state, setState] = createStore<PreviewState>({
    status: 'asking',
    problem: null,
    devices: { videoinput: [], audioinput: [], audiooutput: [] },
    chosen: {},
    level: 0,
  })
  let tracks: LocalTrack[] = []
  let meter: LevelMeter | undefined
  let closed = false
  const tick = setInterval(() => {
    const mic = tracks.find((t) => t.kind === Track.Kind.Audio)
    if (mic && meter?.source !== mic.mediaStreamTrack) {
      meter?.stop()
      meter = levelMeter(mic.mediaStreamTrack)
    }
    if (meter) setState('level', meter.read())
  }, 150)

  const start = async () => {
    setState({ status: 'asking', problem: null })
    try {
      tracks = await createLocalTracks({ audio: want.audio, video: want.video })
    } catch (err) {
      const name = (err as { name?: string }).name
      const denied = name === 'NotAllowedError' || name === 'SecurityError'
      setState({ status: 'problem', problem: denied ? 'denied' : 'noDevice' })
      return
    }
    if (closed) return stopTracks()
    const devices = await listDevices()
    const chosen: PreviewState['chosen'] = {}
    for (const t of tracks) {
      const id = t.mediaStreamTrack.getSettings().deviceId
      if (id) chosen[t.kind === Track.Kind.Audio ? 'audioinput' : 'videoinput'] = id
    }
    setState({ status: 'ready', devices, chosen })
  }

  const stopTracks = () => {
    for (const t of tracks) t.stop()
    tracks = []
  }

  void start()
  return {
    state,
    retry: () => void start(),
    camera: () => tracks.find((t) => t.kind === Track.Kind.Video),
    async choose(kind: DeviceKind, id: string) {
      setState('chosen', kind, id)
      const track = tracks.find((t) => (kind === 'audioinput' ? t.kind === 'audio' : t.kind === 'video'))
      if (kind !== 'audiooutput') await track?.setDeviceId(id)
    },
    /** Hands the tracks over to the call (which then owns them). */
    take(): LocalTrack[] {
      const out = tracks
      tracks = []
      return out
    },
    close() {
      closed = true
      clearInterval(tick)
      meter?.stop()
      meter = undefined
      stopTracks()
    },
  }
}

export type Preview = ReturnType<typeof createPreview>
