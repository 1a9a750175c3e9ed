// LiveKit's configuration from the Worker's environment; null when media is not set up.
import type { Env } from '../env'

export type LiveKitConfig = { url: string; apiKey: string; apiSecret: string }

export function livekitConfig(env: Env): LiveKitConfig | null {
  const { LIVEKIT_URL: url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret } = env
  if (!url || !apiKey || !apiSecret) return null
  return { url, apiKey, apiSecret }
}

/** The HTTP(S) origin of the RoomService API for a ws(s):// or http(s):// LiveKit URL. */
export const apiOrigin = (url: string) => url.replace(/^ws/, 'http')
