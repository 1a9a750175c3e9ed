// Types for test/bench/runtime.mjs, which the Chromium media benchmark (TypeScript) imports.
export const root: string
export const webDist: string
export function freePort(): Promise<number>
export type Runtime = {
  origin: string
  port: number
  persistTo: string
  d1Execute: (sql: string) => Promise<string>
  stop: () => Promise<void>
  tail: () => string
}
export function startRuntime(options?: {
  readyTimeoutMs?: number
  vars?: Record<string, string>
  port?: number
}): Promise<Runtime>
