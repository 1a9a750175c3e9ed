// Mints a LiveKit join token from the grant policy's answer; nothing else ever signs one.
import { AccessToken, TrackSource } from 'livekit-server-sdk'
import type { LiveKitConfig } from './config'
import { MEDIA_TOKEN_TTL_SECONDS, videoGrant, type MediaGrant, type MediaSource } from './grant-policy'

const SOURCES: Record<MediaSource, TrackSource> = {
  camera: TrackSource.CAMERA,
  microphone: TrackSource.MICROPHONE,
  screen_share: TrackSource.SCREEN_SHARE,
}

export async function mintMediaToken(
  config: LiveKitConfig,
  seat: { identity: string; pseudonym: string; role: string; mode: string },
  room: string,
  grant: MediaGrant,
): Promise<string> {
  const token = new AccessToken(config.apiKey, config.apiSecret, {
    identity: seat.identity,
    name: seat.pseudonym,
    ttl: MEDIA_TOKEN_TTL_SECONDS,
    // Server-set, and the participant cannot change them (canUpdateOwnMetadata: false).
    attributes: { role: seat.role, mode: seat.mode },
  })
  const g = videoGrant(room, grant)
  token.addGrant({ ...g, canPublishSources: g.canPublishSources.map((s) => SOURCES[s]) })
  return token.toJwt()
}
