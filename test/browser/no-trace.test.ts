// Invariant 8 on a real profile: after a full session (link, agreement, pseudonym, code word,
// lobby, chat, hand, private alert, a removal, the end) the Havre origin keeps no storage, and no
// file Chromium wrote in its user-data directory holds the link's secrets or anything she typed.
// HAVRE_KEEP_PROFILE=<dir> keeps a copy of the closed profile there, to look at what was found.
import { randomBytes } from 'node:crypto'
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { launchProfile } from './support/browser'
import { useStaffBrowser } from './support/hooks'
import {
  admitFromLobby,
  baseUrl,
  consolePage,
  createSession,
  joinToLobby,
  openRoom,
  rosterShows,
} from './support/havre'

const { browser, staff } = useStaffBrowser('Facilitator Solène')

const MAX_FILE_BYTES = 50 * 1024 * 1024

/** Every regular file under `dir` (symlinks such as SingletonLock, and sockets, are skipped). */
function filesUnder(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) out.push(...filesUnder(full))
    else if (entry.isFile()) out.push(full)
  }
  return out
}

/** A printable excerpt of `bytes` around `at`. */
function excerpt(bytes: Buffer, at: number, length: number): string {
  const slice = bytes.subarray(Math.max(0, at - 48), Math.min(bytes.length, at + length + 48))
  return [...slice].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '·')).join('')
}

type Finding = { file: string; what: string; encoding: string; context: string }

/** Looks for each needle, as UTF-8 and as UTF-16LE (DOM storage and page titles), in every file. */
function scanProfile(dir: string, needles: Record<string, string>): Finding[] {
  const findings: Finding[] = []
  for (const file of filesUnder(dir)) {
    if (statSync(file).size > MAX_FILE_BYTES) continue
    const bytes = readFileSync(file)
    for (const [what, value] of Object.entries(needles)) {
      for (const encoding of ['utf8', 'utf16le'] as const) {
        const needle = Buffer.from(value, encoding)
        const at = bytes.indexOf(needle)
        if (at === -1) continue
        const context = excerpt(bytes, at, needle.length)
        findings.push({ file: path.relative(dir, file), what, encoding, context })
      }
    }
  }
  return findings
}

describe('no trace on the survivor’s device', () => {
  it('leaves nothing in storage or in any profile file after a full session', async () => {
    const tag = randomBytes(6).toString('hex')
    const pseudonym = `Hirondelle-${tag}`
    const codeWord = `code-${tag}`
    const plaintext = `mon-secret-${tag} it happened again last night`

    const host = await consolePage(staff().context)
    const { item, links } = await createSession(host, {
      lobby: true,
      requiresCodeWord: true,
      count: 2,
    })
    await openRoom(host, item)
    const link = links[0]!
    const fragment = new URL(link).hash.slice(1)
    const [token = '', key = ''] = fragment.split('.')
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const profile = await launchProfile()
    const other = await browser().newContext({ locale: 'en-US' })
    try {
      const page = profile.context.pages()[0] ?? (await profile.context.newPage())
      // Link, agreement, pseudonym and code word; then the lobby until the facilitator admits her.
      await joinToLobby(page, link, pseudonym, codeWord)
      await admitFromLobby(host, pseudonym)
      await page.getByTestId('room').waitFor({ timeout: 10_000 })
      await rosterShows(host, [pseudonym])
      expect(page.url()).toBe(`${baseUrl()}/j`)

      // A second participant, who will be removed.
      const intruder = await other.newPage()
      await joinToLobby(intruder, links[1]!, 'Cormoran', 'code-other')
      await admitFromLobby(host, 'Cormoran')
      await intruder.getByTestId('room').waitFor({ timeout: 10_000 })
      await rosterShows(page, [pseudonym, 'Cormoran', staff().name])

      // A chat message, a raised hand and a private alert.
      await page.getByTestId('chat-input').fill(plaintext)
      await page.getByTestId('chat-send').click()
      await host.getByTestId('chat-message').filter({ hasText: plaintext }).waitFor()
      await page.getByTestId('raise-hand').click()
      await host
        .getByTestId('roster-member')
        .filter({ hasText: pseudonym })
        .getByTestId('hand-raised')
        .waitFor({ timeout: 5_000 })
      await page.getByTestId('alert-button').click()
      await page.getByTestId('alert-not-safe').click()
      await host.getByTestId('alert-list').getByTestId('alert-item').first().waitFor()

      // A real session lasts long enough for Chromium to commit DOM storage to disk (it batches
      // writes for about 5 s): stay in the room past that before anything ends.
      await page.waitForTimeout(8_000)

      // The facilitator removes the other participant, then ends the session.
      const cormoran = host.getByTestId('roster-member').filter({ hasText: 'Cormoran' })
      await cormoran.getByTestId('remove-member').click()
      await cormoran.getByTestId('remove-confirm').click()
      await intruder.getByTestId('removed-screen').waitFor({ timeout: 5_000 })
      await expect.poll(() => cormoran.count(), { timeout: 5_000 }).toBe(0)
      await host.getByTestId('end-session').click()
      await host.getByTestId('end-confirm').click()
      await page.getByTestId('ended-screen').waitFor({ timeout: 5_000 })

      // The Havre origin keeps nothing, as the page that is still open sees it.
      expect(await profile.context.cookies(baseUrl())).toHaveLength(0)
      expect(await profile.context.cookies()).toHaveLength(0)
      const trace = await page.evaluate(async () => ({
        local: localStorage.length,
        session: sessionStorage.length,
        databases: (await indexedDB.databases()).map((d) => d.name),
        workers: (await navigator.serviceWorker.getRegistrations()).length,
        caches: await caches.keys(),
      }))
      expect(trace).toEqual({ local: 0, session: 0, databases: [], workers: 0, caches: [] })

      // Closing the context ends Chromium, which flushes everything it keeps to the profile.
      await profile.context.close()
      const dir = profile.userDataDir
      if (process.env.HAVRE_KEEP_PROFILE) {
        cpSync(dir, process.env.HAVRE_KEEP_PROFILE, { recursive: true })
      }
      const report = (findings: Finding[]) => {
        for (const f of findings) {
          console.error(`TRACE ${f.what} (${f.encoding}) in ${f.file}: …${f.context}…`)
        }
        return [...new Set(findings.map((f) => `${f.what} in ${f.file}`))]
      }
      // What she typed.
      const typed = scanProfile(dir, {
        'the pseudonym': pseudonym,
        'the code word': codeWord,
        'the chat plaintext': `mon-secret-${tag}`,
      })
      expect.soft(report(typed), 'what she typed, found in the profile').toEqual([])
      // The link's secrets. Chromium records a page's URL (fragment included) in its history,
      // favicon, tab-restore and usage files before any page script runs, and keeps sessionStorage
      // (the seat, by design) on disk: docs/SECURITY.md says so and tells survivors to use a private
      // window. Anywhere else — caches, autofill, Local Storage, IndexedDB — is a defect.
      const browserUrlStores = [
        /History/,
        /Favicons/,
        /Sessions[/\\]/,
        /Session Storage[/\\]/,
        /segmentation_platform/,
        /Visited Links/,
        /Top Sites/,
        /Shortcuts/,
        /Network Action Predictor/,
      ]
      const secrets = scanProfile(dir, { 'the link token': token, 'the link key': key })
      const unexpected = secrets.filter((f) => !browserUrlStores.some((re) => re.test(f.file)))
      expect.soft(report(unexpected), 'the link’s secrets, found outside the browser’s URL stores').toEqual([])
      // The link the browser remembers is already spent: opening it again gives no seat.
      const again = await fetch(`${baseUrl()}/api/redeem`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      })
      expect(again.status).toBe(410)
    } finally {
      await other.close()
      await profile.dispose()
      await host.close()
    }
  })
})
