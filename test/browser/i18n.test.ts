// French and English chosen from the browser, a visible switch; axe-core finds no serious issue.
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { seriousViolations } from './support/axe'
import { useStaffBrowser } from './support/hooks'
import { baseUrl, consolePage, createSession, openRoom, rosterShows } from './support/havre'

// The staff context bypasses the CSP only so that axe-core can be injected into its pages.
const { browser, staff } = useStaffBrowser('Facilitator Élise', { bypassCSP: true })

/** Switches the interface language with the visible switch (a button or a select). */
async function switchLanguage(page: Page, to: 'en' | 'fr') {
  const control = page.getByTestId('lang-switch')
  const tag = await control.evaluate((el) => el.tagName.toLowerCase())
  if (tag === 'select') await control.selectOption(to)
  else await control.click()
}

describe('languages and access', () => {
  it('shows a spent link’s error in French for a French browser, and switches to English', async () => {
    const host = await consolePage(staff().context)
    const { links } = await createSession(host, { count: 1 })
    const link = links[0]!

    const first = await browser().newContext({ locale: 'en-US' })
    const firstPage = await first.newPage()
    await firstPage.goto(link)
    await firstPage.getByTestId('agreement').waitFor({ timeout: 15_000 })
    await first.close()

    const french = await browser().newContext({ locale: 'fr-FR' })
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
    const host = await consolePage(staff().context)
    const { item, links } = await createSession(host, { count: 1 })
    expect(await seriousViolations(host)).toEqual([])
    await openRoom(host, item)

    const context = await browser().newContext({ locale: 'fr-FR', bypassCSP: true })
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
    await rosterShows(page, ['Tilleul', staff().name])
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
