// Chromium for the browser tests: launch, persistent profiles, and a virtual passkey authenticator.
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type CDPSession,
  type Page,
} from 'playwright-core'
import { speechWav } from './speech'

export const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath, args })
}

/**
 * Chromium with fake camera and microphone (speech from a WAV when espeak-ng and sox are here),
 * granted without a prompt, WebRTC allowed on loopback (where the test LiveKit server listens).
 * `autoplay: false` keeps Chromium's default rule that sound waits for a gesture.
 */
export function launchMediaBrowser(opts: { autoplay?: boolean } = {}): Promise<Browser> {
  const wav = speechWav()
  const fakeMedia = [
    '--use-fake-device-for-media-stream',
    '--use-fake-ui-for-media-stream',
    '--allow-loopback-in-peer-connection',
    ...(wav ? [`--use-file-for-fake-audio-capture=${wav}`] : []),
    ...(opts.autoplay === false ? [] : ['--autoplay-policy=no-user-gesture-required']),
  ]
  return chromium.launch({ executablePath, args: [...args, ...fakeMedia] })
}

/** A context with its own on-disk profile, so storage checks see what a real profile keeps. */
export async function launchProfile(
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; userDataDir: string; dispose: () => Promise<void> }> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'havre-profile-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    args,
    locale: 'en-US',
    ...options,
  })
  return {
    context,
    userDataDir,
    dispose: async () => {
      await context.close().catch(() => undefined)
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

export type Authenticator = { cdp: CDPSession; credentialCount: () => Promise<number> }

/** A platform passkey authenticator on this page that always verifies the user. */
export async function addAuthenticator(page: Page): Promise<Authenticator> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('WebAuthn.enable')
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  })
  const credentialCount = async () =>
    (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials.length
  return { cdp, credentialCount }
}

/** Resolves when `check` is true, polling; throws with `what` after `timeout` ms. */
export async function until(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeout = 5_000,
  interval = 50,
): Promise<void> {
  const deadline = Date.now() + timeout
  for (;;) {
    if (await check()) return
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, interval))
  }
}

/** Resolves when every track in the page's `window.__tracks` (its init script records what
 * getUserMedia gave) has ended: the camera and microphone are released. */
export function tracksReleased(
  page: Page,
  what: string,
  which: (t: { kind: string }) => boolean = () => true,
): Promise<void> {
  const kinds = ['audio', 'video'].filter((kind) => which({ kind }))
  const ended = () =>
    page.evaluate(
      (kinds) =>
        (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks
          .filter((t) => kinds.includes(t.kind))
          .every((t) => t.readyState === 'ended'),
      kinds,
    )
  return until(ended, what)
}
