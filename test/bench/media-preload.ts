// A what-if for the first face, from the bench side (BENCH_MEDIA_PRELOAD=1): the chunks the way to
// the first face needs (the room, ./media, the media panel, livekit-client) imported while she
// reads the agreement, before her click on "Join", as the app could do once she picks video. The
// breakdown with and without it says what that would save; the app itself is unchanged.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from 'playwright-core'

type Manifest = Record<string, { file: string; imports?: string[] }>

const WANTED = [
  'src/room/Room.tsx',
  'src/room/media.ts',
  'src/media/MediaPanel.tsx',
  'src/media/livekit.ts',
]

/** The URLs of those chunks and of what they import statically (index.html's own left out). */
export function firstFaceChunks(webDist: string): string[] {
  const manifest = JSON.parse(
    readFileSync(path.join(webDist, '.vite', 'manifest.json'), 'utf8'),
  ) as Manifest
  const files = new Set<string>()
  const visit = (key: string) => {
    const entry = manifest[key]
    if (!entry || key === 'index.html' || files.has(entry.file)) return
    files.add(entry.file)
    for (const i of entry.imports ?? []) visit(i)
  }
  WANTED.forEach(visit)
  return [...files].map((f) => `/${f}`)
}

/** Imports them in the page (fetched, compiled and run, as the app's own import() would). */
export async function preloadChunks(page: Page, urls: string[]): Promise<void> {
  // A string, not a function: vitest would rewrite a function's import() for Node.
  await page.evaluate(`Promise.all(${JSON.stringify(urls)}.map((u) => import(u))).then(() => {})`)
}
