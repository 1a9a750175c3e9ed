// The text path's lazy chunks (issue 20): quick exit never waits for one; a chunk that cannot load
// (offline) gives a readable sentence in the page's language and a way to try again, never a blank
// page; a facilitator's strings come with a co-facilitator's seat, a chat link's with a chat seat.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page, Route } from 'playwright-core'
import { seriousViolations } from './support/axe'
import { useStaffBrowser } from './support/hooks'
import {
  admitFromLobby,
  consolePage,
  createSession,
  joinToLobby,
  openRoom,
  rosterShows,
} from './support/havre'

const { browser, staff } = useStaffBrowser('Facilitator Maryse')
const SHOTS = path.resolve(process.env.HAVRE_SHOTS ?? 'test/browser/.tmp/shots', 'lazy-chunks')
mkdirSync(SHOTS, { recursive: true })
const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SHOTS, `${name}.png`) })

/** Fails every request for a built file whose name starts with `prefix` while `down()` is true. */
async function offline(context: BrowserContext, prefix: RegExp, down: () => boolean) {
  await context.route(/\/assets\/.+\.js$/, (route: Route) => {
    const file = new URL(route.request().url()).pathname.split('/').pop() ?? ''
    return prefix.test(file) && down() ? route.abort('internetdisconnected') : route.fallback()
  })
}

/** Resolves once Chromium has been sent to the quick-exit destination (answered locally). */
async function exitLands(context: BrowserContext) {
  let landed!: () => void
  const done = new Promise<void>((resolve) => (landed = resolve))
  await context.route('https://www.google.com/**', (route) => {
    landed()
    return route.fulfill({ body: '<html><title>Weather</title></html>', contentType: 'text/html' })
  })
  return done
}

describe('lazy chunks on the text path', () => {
  for (const [locale, sentence, retry] of [
    ['fr-FR', 'n’a pas pu se charger', 'Réessayer'],
    ['en-US', 'could not load', 'Try again'],
  ] as const) {
    it(`says so in ${locale} when the room cannot load, keeps quick exit, tries again`, async () => {
      const host = await consolePage(staff().context)
      const { item, links } = await createSession(host, { count: 1 })
      await openRoom(host, item)
      const context = await browser().newContext({ locale })
      let down = true
      await offline(context, /^Room-/, () => down)
      const page = await context.newPage()
      await page.goto(links[0]!)
      await page.getByTestId('agreement').waitFor({ timeout: 15_000 })
      await page.getByTestId('pseudonym').fill('Peuplier')
      await page.getByTestId('consent').check()
      await page.getByTestId('join-button').click()

      const failed = page.getByTestId('chunk-failed')
      await failed.waitFor({ timeout: 15_000 })
      expect(await failed.getByRole('alert').textContent()).toContain(sentence)
      expect(await page.getByTestId('quick-exit').isVisible()).toBe(true)
      expect(await page.getByTestId('chunk-retry').textContent()).toBe(retry)

      down = false
      await page.getByTestId('chunk-retry').click()
      await page.getByTestId('room').waitFor({ timeout: 15_000 })
      await rosterShows(page, ['Peuplier'])
      await context.close()
      await host.close()
    })
  }

  it('shows quick exit before the strings arrive, and leaves by Shift ×3 meanwhile', async () => {
    const host = await consolePage(staff().context)
    const { links } = await createSession(host, { count: 1 })
    const context = await browser().newContext({ locale: 'fr-FR' })
    // The French strings never arrive: the page must not wait for them to offer quick exit.
    await offline(context, /^fr-/, () => true)
    const landed = exitLands(context)
    const page = await context.newPage()
    await page.goto(links[0]!)
    const button = page.getByTestId('quick-exit')
    await button.waitFor({ timeout: 15_000 })
    expect(await button.textContent()).toContain('Sortie rapide')
    // The strings failed: a sentence in French, not a blank page.
    const failed = page.getByTestId('chunk-failed')
    await failed.waitFor({ timeout: 15_000 })
    expect(await failed.textContent()).toContain('n’a pas pu se charger')
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift')
    await landed
    await context.close()
    await host.close()
  })

  it('brings the strings on Try again; a language switch that cannot load keeps her page', async () => {
    const host = await consolePage(staff().context)
    const { links } = await createSession(host, { count: 2 })
    // CSP bypassed only so that axe-core can be injected.
    const context = await browser().newContext({
      locale: 'fr-FR',
      viewport: { width: 390, height: 844 },
      bypassCSP: true,
    })
    let frDown = true
    let enDown = true
    await offline(context, /^fr-/, () => frDown)
    await offline(context, /^en-/, () => enDown)
    const page = await context.newPage()
    await page.goto(links[0]!)
    await page.getByTestId('chunk-failed').waitFor({ timeout: 15_000 })
    frDown = false
    await page.getByTestId('chunk-retry').click()
    await page.getByTestId('agreement').waitFor({ timeout: 15_000 })
    const title = page.locator('h1').first()
    expect(await title.textContent()).toBe('Avant d’entrer')
    await page.getByTestId('pseudonym').fill('Peuplier')

    // English cannot load: the page stays as it was, in French, with what she typed, and says so.
    await page.getByTestId('lang-switch').click()
    const why = page.getByTestId('lang-failed')
    await why.waitFor({ timeout: 5_000 })
    expect(await why.locator('span').textContent()).toBe(
      'La page n’a pas pu passer à l’anglais. Vérifiez votre connexion, puis réessayez.',
    )
    expect(await page.getByTestId('chunk-failed').count()).toBe(0)
    expect(await title.textContent()).toBe('Avant d’entrer')
    expect(await page.getByTestId('pseudonym').inputValue()).toBe('Peuplier')
    // In the bar: seen where she is (the form, scrolled down), covering nothing.
    expect(await why.isVisible()).toBe(true)
    await shot(page, 'lang-failed-fr-390')
    expect(await seriousViolations(page)).toEqual([])
    await why.getByRole('button', { name: 'Fermer' }).click()
    expect(await why.count()).toBe(0)
    await page.getByTestId('lang-switch').click()
    await why.waitFor({ timeout: 5_000 })
    // Once it can, the same button switches, and the sentence goes.
    enDown = false
    await page.getByTestId('lang-switch').click()
    await expect.poll(() => title.textContent(), { timeout: 5_000 }).toBe('Before you join')
    expect(await why.count()).toBe(0)
    expect(await page.getByTestId('pseudonym').inputValue()).toBe('Peuplier')
    await context.close()

    // In English, at tablet and desktop sizes.
    const en = await browser().newContext({ locale: 'en-US', bypassCSP: true })
    await offline(en, /^fr-/, () => true)
    const other = await en.newPage()
    await other.goto(links[1]!)
    await other.getByTestId('agreement').waitFor({ timeout: 15_000 })
    await other.getByTestId('lang-switch').click()
    const whyEn = other.getByTestId('lang-failed')
    await whyEn.waitFor({ timeout: 5_000 })
    expect(await whyEn.locator('span').textContent()).toBe(
      'The page could not switch to French. Check your connection, then try again.',
    )
    expect(await other.locator('h1').first().textContent()).toBe('Before you join')
    for (const [width, height] of [
      [820, 1180],
      [1280, 800],
    ] as const) {
      await other.setViewportSize({ width, height })
      await shot(other, `lang-failed-en-${width}`)
    }
    expect(await seriousViolations(other)).toEqual([])
    await en.close()
    await host.close()
  })

  it('gives a co-facilitator the facilitator’s strings, in the other language too', async () => {
    const host = await consolePage(staff().context)
    const { item, links } = await createSession(host, { count: 1, role: 'cofacilitator' })
    await openRoom(host, item)
    const context = await browser().newContext({ locale: 'en-US' })
    const page = await context.newPage()
    // A co-facilitator by link waits for the host, who admits her from the lobby.
    await joinToLobby(page, links[0]!, 'Co Aline')
    await admitFromLobby(host, 'Co Aline')
    await page.getByTestId('room').waitFor({ timeout: 15_000 })
    const end = page.getByTestId('end-session')
    await end.waitFor({ timeout: 15_000 })
    expect(await end.textContent()).toBe('End session for everyone')
    await page.getByTestId('lang-switch').click()
    await expect
      .poll(() => end.textContent(), { timeout: 5_000 })
      .toBe('Terminer la séance pour tout le monde')
    await context.close()
    await host.close()
  })

  it('gives a short chat link its strings on the way in', async () => {
    const host = await consolePage(staff().context)
    const { links } = await createSession(host, { kind: 'chat', count: 1, durationMinutes: 30 })
    const context = await browser().newContext({ locale: 'fr-FR' })
    const page = await context.newPage()
    await page.goto(links[0]!)
    const title = page.locator('h1')
    await title.first().waitFor({ timeout: 15_000 })
    expect(await title.first().textContent()).toBe('Avant la conversation')
    await page.getByTestId('lang-switch').click()
    await expect
      .poll(() => title.first().textContent(), { timeout: 5_000 })
      .toBe('Before the conversation')
    await context.close()
    await host.close()
  })
})
