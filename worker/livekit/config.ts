// LiveKit's configuration from the Worker's environment; null when media is not set up, or set up
// with a URL that cannot work (said once in the Worker's log, and media stays off).
import type { Env } from '../env'
import { checkLivekitUrl } from './url-check'

export type LiveKitConfig = { url: string; apiKey: string; apiSecret: string }

export function livekitConfig(env: Env): LiveKitConfig | null {
  const { LIVEKIT_URL: url, LIVEKIT_API_KEY: apiKey, LIVEKIT_API_SECRET: apiSecret } = env
  if (!url || !apiKey || !apiSecret) return null
  const verdict = checkLivekitUrl(url)
  if (!verdict.ok) {
    if (!warned.has(url)) console.error(`${verdict.problem} Video and audio are off.`)
    warned.add(url)
    return null
  }
  return { url, apiKey, apiSecret }
}

const warned = new Set<string>()

/** The HTTP(S) origin of the RoomService API for a ws(s):// or http(s):// LiveKit URL. */
export const apiOrigin = (url: string) => url.replace(/^ws/, 'http')
