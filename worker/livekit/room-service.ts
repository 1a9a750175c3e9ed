// The Worker's calls to LiveKit's RoomService (Twirp): room setup, moderation and teardown.
import { RoomServiceClient, TrackSource, TwirpError } from 'livekit-server-sdk'
import { apiOrigin, type LiveKitConfig } from './config'

/** Seconds before giving up on one RoomService call; the room's alarm retries what must happen. */
const REQUEST_TIMEOUT_SECONDS = 5

export type RoomSettings = { maxParticipants: number }

export class LiveKitRooms {
  private client: RoomServiceClient

  constructor(config: LiveKitConfig) {
    this.client = new RoomServiceClient(apiOrigin(config.url), config.apiKey, config.apiSecret, {
      requestTimeout: REQUEST_TIMEOUT_SECONDS,
      failover: false,
    })
  }

  async ensureRoom(name: string, settings: RoomSettings) {
    await this.client.createRoom({
      name,
      emptyTimeout: 120,
      departureTimeout: 20,
      maxParticipants: settings.maxParticipants,
    })
  }

  /** Resolves once LiveKit confirms the room is gone (a room that no longer exists counts). */
  async deleteRoom(name: string) {
    try {
      await this.client.deleteRoom(name)
    } catch (err) {
      if (err instanceof TwirpError && err.status === 404) return
      throw err
    }
  }

  /** Disconnects an identity and invalidates every token issued to it before now. */
  async removeParticipant(room: string, identity: string, revokedAtSeconds: number) {
    try {
      await this.client.removeParticipant(room, identity, { revokeTokenTs: BigInt(revokedAtSeconds) })
    } catch (err) {
      if (err instanceof TwirpError && err.status === 404) return
      throw err
    }
  }

  /** Mutes every published track of a source (microphone or camera) of one participant. */
  async muteSource(room: string, identity: string, source: 'microphone' | 'camera') {
    const wanted = source === 'microphone' ? TrackSource.MICROPHONE : TrackSource.CAMERA
    const participant = await this.client.getParticipant(room, identity)
    const tracks = participant.tracks.filter((t) => t.source === wanted)
    await Promise.all(tracks.map((t) => this.client.mutePublishedTrack(room, identity, t.sid, true)))
    return tracks.length
  }

  /** Sets what a participant may publish, from the grant policy (an empty list stops publishing). */
  async setPublishing(room: string, identity: string, sources: ('camera' | 'microphone' | 'screen_share')[]) {
    const map = { camera: TrackSource.CAMERA, microphone: TrackSource.MICROPHONE, screen_share: TrackSource.SCREEN_SHARE }
    try {
      await this.client.updateParticipant(room, identity, {
        permission: {
          canPublish: sources.length > 0,
          canPublishSources: sources.map((s) => map[s]),
          canSubscribe: true,
          canPublishData: false,
          canUpdateMetadata: false,
        },
      })
    } catch (err) {
      // Not in the media room: nothing to change there; the seat's grant governs its next token.
      if (err instanceof TwirpError && err.status === 404) return
      throw err
    }
  }
}
