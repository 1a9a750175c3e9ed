// The room by keyboard and by voice, in English and French, against the real livekit-server: the
// survivor's chat log, once it overflows, is reachable by Tab and named (axe's
// scrollable-region-focusable) at a phone's 390×844 and a laptop's 1280×800; in the facilitator's
// room every button on a person says its visible text first (axe's label-content-name-mismatch,
// WCAG 2.5.3: "Spotlight" is said as "Spotlight Amy — …"). Screenshots of the focused log go to
// test/browser/.tmp/shots/room-a11y (or $HAVRE_SHOTS/room-a11y).
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { seriousViolations } from './support/axe'
import { launchMediaBrowser } from './support/browser'
import { registerStaffOn, rosterShows, startMediaHavre, type MediaHavre } from './support/havre'
import { joinWith, mediaSession } from './support/media-people'

const SHOTS = path.resolve(process.env.HAVRE_SHOTS ?? 'test/browser/.tmp/shots', 'room-a11y')
mkdirSync(SHOTS, { recursive: true })

const LANGS = [
  { lang: 'en', locale: 'en-US', log: 'Chat messages', spotlight: /^Spotlight Amy\b/ },
  { lang: 'fr', locale: 'fr-FR', log: 'Messages du clavardage', spotlight: /^Mettre en vedette Amy\b/ },
] as const
const SIZES = [
  { size: 'phone', viewport: { width: 390, height: 844 } },
  { size: 'laptop', viewport: { width: 1280, height: 800 } },
] as const

let server: MediaHavre
let browser: Browser
const staff = new Map<string, BrowserContext>()
const contexts: BrowserContext[] = []

beforeAll(async () => {
  server = await startMediaHavre()
  browser = await launchMediaBrowser()
  for (const l of LANGS) {
    const s = await registerStaffOn(browser, server, `Facilitator ${l.lang}`, {
      locale: l.locale,
      bypassCSP: true,
    })
    await s.page.close()
    staff.set(l.lang, s.context)
  }
}, 150_000)

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
  for (const c of staff.values()) await c.close().catch(() => undefined)
  await browser?.close()
  await server?.close()
})

/** Someone's own browser in `locale` (axe needs the CSP bypassed). */
async function person(locale: string, viewport = { width: 390, height: 844 }): Promise<Page> {
  const context = await browser.newContext({ locale, viewport, bypassCSP: true })
  contexts.push(context)
  return context.newPage()
}

/** Sends one chat message of several lines (the box keeps the line breaks). */
async function send(page: Page, text: string) {
  const before = await page.getByTestId('chat-message').count()
  await page.getByTestId('chat-input').fill(text)
  await page.getByTestId('chat-send').click()
  await page.getByTestId('chat-message').nth(before).waitFor()
}

describe.each(LANGS)('the room by keyboard ($lang)', (l) => {
  it.each(SIZES)('the survivor’s overflowing chat log is named and reachable by Tab ($size)', async (s) => {
    const room = await mediaSession(server, staff.get(l.lang)!)
    const page = await person(l.locale, s.viewport)
    await joinWith(page, room.links[0]!, 'Amy', 'text')
    await rosterShows(page, ['Amy'])
    for (let i = 1; i <= 6; i++) {
      await send(page, `Message ${i}\nsecond line\nthird line\nfourth line\nfifth line`)
    }
    const log = page.getByTestId('chat-log')
    // It overflows: a region that scrolls.
    expect(await log.evaluate((el) => el.scrollHeight > el.clientHeight + 20)).toBe(true)

    expect(await seriousViolations(page)).toEqual([])
    expect(await log.getAttribute('role')).toBe('log')
    expect(await log.getAttribute('tabindex')).toBe('0')
    expect(await log.getAttribute('aria-label')).toBe(l.log)

    // From the message box, one Shift+Tab back is the log (Shift here does not start quick exit).
    await page.getByTestId('chat-input').focus()
    await page.keyboard.press('Shift+Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'chat-log',
    )
    // And the keyboard scrolls it.
    await log.evaluate((el) => (el.scrollTop = 0))
    await page.keyboard.press('End')
    await expect
      .poll(() => log.evaluate((el) => el.scrollTop > 0), { timeout: 2_000 })
      .toBe(true)
    expect(page.url()).toBe(`${server.base}/j`)
    await log.evaluate((el) => el.scrollIntoView({ block: 'center' }))
    await page.screenshot({ path: path.join(SHOTS, `chat-log-focus-${l.lang}-${s.size}.png`) })
    await room.host.close()
  })

  it('every button on a person in the facilitator’s room says its visible text first', async () => {
    const room = await mediaSession(server, staff.get(l.lang)!)
    const host = room.host
    await host.setViewportSize({ width: 1280, height: 800 })
    const amy = await person('en-US')
    await joinWith(amy, room.links[0]!, 'Amy', 'video')
    await send(amy, 'hello from Amy')
    const entry = host.getByTestId('roster-member').filter({ hasText: 'Amy' })
    await entry.getByTestId('spotlight-member').waitFor({ timeout: 15_000 })
    await host.getByTestId('delete-message').first().waitFor({ timeout: 10_000 })

    expect(await seriousViolations(host)).toEqual([])
    // Each control's accessible name holds its visible text; Spotlight's begins with it.
    const buttons = host.locator('[data-testid="room"] button[aria-label]')
    expect(await buttons.count()).toBeGreaterThan(4)
    for (const b of await buttons.all()) {
      const [label, text] = [await b.getAttribute('aria-label'), (await b.innerText()).trim()]
      expect(label!.toLowerCase(), `${text} → ${label}`).toContain(text.toLowerCase())
    }
    const spotlight = await entry.getByTestId('spotlight-member').getAttribute('aria-label')
    expect(spotlight).toMatch(l.spotlight)

    // The Remove question, open, is clean too.
    await entry.getByTestId('remove-member').click()
    await host.getByTestId('remove-confirm').waitFor()
    expect(await seriousViolations(host)).toEqual([])
    await host.getByTestId('remove-cancel').click()
    await host.close()
  }, 90_000)
})
