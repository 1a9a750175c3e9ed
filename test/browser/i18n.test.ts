// French and English chosen from the browser, a visible switch; axe-core finds no serious issue.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { AxeResults, Result } from 'axe-core'
import { launchBrowser } from './support/browser'
import {
  baseUrl,
  consolePage,
  createSession,
  openRoom,
  registerStaff,
  rosterShows,
  type Staff,
} from './support/havre'

const axeSource = readFileSync(
  path.resolve(import.meta.dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js'),
  'utf8',
)

let browser: Browser
let staff: Staff

beforeAll(async () => {
  browser = await launchBrowser()
  // The staff context bypasses the CSP only so that axe-core can be injected into its pages.
  staff = await registerStaff(browser, 'Facilitator Élise', { bypassCSP: true })
})

afterAll(async () => {
  await browser?.close()
})

/** Switches the interface language with the visible switch (a button or a select). */
async function switchLanguage(page: Page, to: 'en' | 'fr') {
  const control = page.getByTestId('lang-switch')
  const tag = await control.evaluate((el) => el.tagName.toLowerCase())
  if (tag === 'select') await control.selectOption(to)
  else await control.click()
}

/** Runs axe-core on the page (the context bypasses the CSP only to inject it). */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource })
  const results = await page.evaluate(() => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<unknown> } }).axe
    return axe.run(document)
  })
  return (results as AxeResults).violations
    .filter((v: Result) => v.impact === 'serious' || v.impact === 'critical')
    .map((v: Result) => {
      const where = v.nodes.map((n) => n.target.join(' ')).join(', ')
      return `${v.id} (${v.impact}): ${where}`
    })
}

describe('languages and access', () => {
  it('shows a spent link’s error in French for a French browser, and switches to English', async () => {
    const host = await consolePage(staff.context)
    const { links } = await createSession(host, { count: 1 })
    const link = links[0]!

    const first = await browser.newContext({ locale: 'en-US' })
    const firstPage = await first.newPage()
    await firstPage.goto(link)
    await firstPage.getByTestId('agreement').waitFor({ timeout: 15_000 })
    await first.close()

    const french = await browser.newContext({ locale: 'fr-FR' })
    const page = await french.newPage()
    await page.goto(link)
    const error = page.getByTestId('join-error')
    await error.waitFor({ timeout: 15_000 })
    expect(await page.locator('html').getAttribute('lang')).toMatch(/^fr/)
    expect(await error.textContent()).toContain('déjà été utilisé')

    await switchLanguage(page, 'en')
    await expect.poll(() => error.textContent(), { timeout: 5_000 }).toContain('already been used')
    expect(await page.locator('html').getAttribute('lang')).toMatch(/^en/)
    await french.close()
    await host.close()
  })

  it('has no serious or critical axe-core violations on the join page and in the room', async () => {
    const host = await consolePage(staff.context)
    const { item, links } = await createSession(host, { count: 1 })
    expect(await seriousViolations(host)).toEqual([])
    await openRoom(host, item)

    const context = await browser.newContext({ locale: 'fr-FR', bypassCSP: true })
    const page = await context.newPage()
    await page.goto(links[0]!)
    await page.getByTestId('agreement').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('join-button').textContent()).toContain('Entrer')
    expect(await seriousViolations(page)).toEqual([])

    await page.getByTestId('pseudonym').fill('Tilleul')
    await page.getByTestId('consent').check()
    await page.getByTestId('mode-text').click()
    await page.getByTestId('join-button').click()
    await page.getByTestId('room').waitFor({ timeout: 15_000 })
    await rosterShows(page, ['Tilleul', staff.name])
    await host.getByTestId('chat-input').fill('Bienvenue')
    await host.getByTestId('chat-send').click()
    await page.getByTestId('chat-message').filter({ hasText: 'Bienvenue' }).waitFor()
    expect(await seriousViolations(page)).toEqual([])
    // The facilitator's console and room, too.
    expect(await seriousViolations(host)).toEqual([])
    expect(page.url()).toBe(`${baseUrl()}/j`)
    await context.close()
    await host.close()
  })
})
