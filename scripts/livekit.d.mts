// Types for scripts/livekit.mjs, which TypeScript test setups import.
import type { ChildProcess } from 'node:child_process'

export const LIVEKIT_VERSION: string
export const projectBin: string
export function findLivekitServer(): string | null
export function freePort(): Promise<number>
export function freeUdpPort(): Promise<number>

export type LivekitOptions = {
  port: number
  rtcTcpPort: number
  udpPort: number
  apiKey: string
  apiSecret: string
  webhookUrl?: string
  bin?: string
  inheritOutput?: boolean
  keepLogs?: boolean
}
export type RunningLivekit = {
  url: string
  apiKey: string
  apiSecret: string
  child: ChildProcess
  logFile: string
  stop: () => Promise<void>
}
export function livekitConfigYaml(options: LivekitOptions): string
export function startLivekitServer(options: LivekitOptions): Promise<RunningLivekit>
export function startLocalLivekit(options?: Partial<LivekitOptions>): Promise<RunningLivekit>
