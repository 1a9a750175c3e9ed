// The LiveKit grant policy: one pure function of (kind, role, mode, settings). DESIGN.md's table.
import type { Mode, Role, SessionKind } from '../protocol'

export type MediaSource = 'camera' | 'microphone' | 'screen_share'

export type GrantSettings = {
  /** Youth sessions: a facilitator has allowed this person's camera. */
  cameraAllowed: boolean
  /** A facilitator has stopped this person from publishing. */
  publishingStopped: boolean
  /** Youth sessions with fewer than two adults present: youth media is paused. */
  unsupervised?: boolean
}

export type MediaGrant = {
  canPublish: boolean
  sources: MediaSource[]
  canSubscribe: boolean
  /** What the client subscribes to: everything, or audio only (plus the interpreter's video on request). */
  subscribe: 'all' | 'audio'
}

const publish = (...sources: MediaSource[]): MediaGrant => ({
  canPublish: sources.length > 0,
  sources,
  canSubscribe: true,
  subscribe: 'all',
})
const audioOnly = (grant: MediaGrant): MediaGrant => ({ ...grant, subscribe: 'audio' })
const subscribeOnly = (subscribe: MediaGrant['subscribe']): MediaGrant => ({
  canPublish: false,
  sources: [],
  canSubscribe: true,
  subscribe,
})

/** null means no LiveKit token at all: text-only seats, and every seat of a text-only `chat` session. */
export function mediaGrantFor(
  kind: SessionKind,
  role: Role,
  mode: Mode,
  settings: GrantSettings,
): MediaGrant | null {
  if (kind === 'chat') return null
  const pausedYouth = kind === 'youth' && role === 'participant' && settings.unsupervised === true
  if (settings.publishingStopped || pausedYouth) {
    // Stopped sticks in every mode: a text-only seat gets no token (not even an interpreter's).
    if (mode === 'text') return null
    return subscribeOnly(mode === 'audio' ? 'audio' : 'all')
  }
  switch (role) {
    case 'interpreter':
      // Always visible and audible, whatever mode they chose.
      return publish('camera', 'microphone')
    case 'facilitator':
    case 'cofacilitator':
      if (mode === 'video') return publish('camera', 'microphone', 'screen_share')
      if (mode === 'audio') return audioOnly(publish('microphone'))
      return null
    case 'participant':
      if (mode === 'video') {
        const camera = kind !== 'youth' || settings.cameraAllowed
        return camera ? publish('camera', 'microphone') : publish('microphone')
      }
      if (mode === 'audio') return audioOnly(publish('microphone'))
      return null
    case 'observer':
      if (mode === 'video') return subscribeOnly('all')
      if (mode === 'audio') return subscribeOnly('audio')
      return null
  }
}

/** The VideoGrant that goes in the JWT: the policy's grant plus what is never allowed. */
export function videoGrant(room: string, grant: MediaGrant) {
  return {
    room,
    roomJoin: true,
    canPublish: grant.canPublish,
    canPublishSources: grant.sources,
    canSubscribe: grant.canSubscribe,
    // Chat travels end-to-end encrypted over the room socket, not LiveKit data.
    canPublishData: false,
    canUpdateOwnMetadata: false,
    roomRecord: false,
    roomAdmin: false,
    roomCreate: false,
    roomList: false,
    ingressAdmin: false,
    recorder: false,
    hidden: false,
  } as const
}

/** Minutes a media token lives; LiveKit refreshes it for a connected client. */
export const MEDIA_TOKEN_TTL_SECONDS = 10 * 60
