// Speech for Chromium's fake microphone: sentences spoken by espeak-ng, with pauses between them (so
// DTX has silence to work with), resampled by sox to 48 kHz mono. Made once per machine under
// test/browser/.tmp; without espeak-ng and sox, Chromium's own fake tone is used instead.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { root } from './wrangler'

const SENTENCES = [
  'Hello everyone, thank you for being here tonight.',
  'I would like to share something about my week.',
  'It was hard, but I made it to the group, and that matters.',
]

/** The path of a speech WAV (about 30 s: speech, then silence, three times), or undefined. */
export function speechWav(): string | undefined {
  const dir = path.join(root, 'test', 'browser', '.tmp')
  const out = path.join(dir, 'speech.wav')
  if (existsSync(out)) return out
  try {
    mkdirSync(dir, { recursive: true })
    const parts: string[] = []
    SENTENCES.forEach((sentence, i) => {
      const spoken = path.join(dir, `s${i}.wav`)
      execFileSync('espeak-ng', ['-v', 'en', '-s', '140', '-w', spoken, sentence], { stdio: 'ignore' })
      parts.push(spoken)
    })
    // Each sentence followed by 5 s of silence, at the rate and layout WebRTC uses.
    const padded = parts.map((p, i) => {
      const q = path.join(dir, `p${i}.wav`)
      execFileSync('sox', [p, '-r', '48000', '-c', '1', '-b', '16', q, 'pad', '0', '5'], { stdio: 'ignore' })
      return q
    })
    execFileSync('sox', [...padded, out], { stdio: 'ignore' })
    return out
  } catch {
    return undefined
  }
}
