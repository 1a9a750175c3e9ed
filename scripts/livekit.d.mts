// Types for scripts/livekit.mjs, which TypeScript test setups import.
import type { ChildProcess } from 'node:child_process'

export const LIVEKIT_VERSION: string
export const projectBin: string
export function goBinDir(): string
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
  /** Embedded TURN over UDP on this port. */
  turnUdpPort?: number
  /** Embedded TURN over TLS (LiveKit advertises it as turns:<domain>:443). */
  turnTls?: { port: number; domain: string; certFile: string; keyFile: string }
  /** The first and last UDP port TURN relays from (LiveKit's default: 30000–40000). */
  turnRelayPorts?: [number, number]
  /** Redis shared by the nodes of a cluster (host:port). */
  redisAddress?: string
  /** Congestion control may pause video a subscriber's link cannot carry (default true). */
  allowPause?: boolean
  /** The address the node advertises and binds TURN on (default 127.0.0.1). */
  nodeIp?: string
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
