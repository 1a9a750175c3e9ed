// Types for test/bench/livekit.mjs, which the Chromium media benchmark (TypeScript) imports.
import type { RoomServiceClient } from 'livekit-server-sdk'
import type { RunningLivekit } from '../../scripts/livekit.mjs'

export type BenchLivekit = RunningLivekit & {
  rooms: RoomServiceClient
  vars: { LIVEKIT_URL: string; LIVEKIT_API_KEY: string; LIVEKIT_API_SECRET: string }
  roomNames: (names?: string[]) => Promise<string[]>
}
export function startLivekit(workerPort: number): Promise<BenchLivekit>
