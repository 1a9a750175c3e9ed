// Issue 17.1 in a real browser: a survivor's tab closed and reopened later (the browser restores
// sessionStorage, and with it her seat and key) does not walk back into the room. She is told
// "Welcome back" and waits; the facilitator sees how long she was away and lets her in in one tap.
// Playwright cannot press Ctrl+Shift+T: the restore is reproduced by giving a new tab the closed
// tab's sessionStorage before its first script runs, which is what the browser's restore does.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seriousViolations } from './support/axe'
import { useStaffBrowser } from './support/hooks'
import { admitFromLobby, consolePage, createSession, joinAsSurvivor, lobbyEntry, openRoom, rosterShows } from './support/havre'

const { browser, staff } = useStaffBrowser('Facilitator Inès', { bypassCSP: true })

/** Switches the interface language with the visible switch (a button or a select). */
async function switchLanguage(page: Page, to: 'en' | 'fr') {
  const control = page.getByTestId('lang-switch')
  const tag = await control.evaluate((el) => el.tagName.toLowerCase())
  if (tag === 'select') await control.selectOption(to)
  else await control.click()
}

describe('a closed tab reopened later', () => {
  it('waits as "back after being away" until the facilitator lets her in again', { timeout: 120_000 }, async () => {
    const host = await consolePage(staff().context)
    const { item, links } = await createSession(host, { count: 1 })
    await openRoom(host, item)

    const context = await browser().newContext({ locale: 'fr-CA', viewport: { width: 390, height: 844 }, bypassCSP: true })
    const tab = await context.newPage()
    await joinAsSurvivor(tab, links[0]!, 'Maple')
    await rosterShows(host, ['Maple'])
    const url = tab.url()
    const kept = await tab.evaluate(() => JSON.stringify(Object.entries(sessionStorage)))
    expect(JSON.parse(kept).length).toBeGreaterThan(0)
    await tab.close()

    // Someone picks up her device 35 s later and reopens the closed tab.
    await new Promise((r) => setTimeout(r, 35_000))
    const reopened = await context.newPage()
    await reopened.addInitScript((entries: string) => {
      for (const [k, v] of JSON.parse(entries) as [string, string][]) sessionStorage.setItem(k, v)
    }, kept)
    await reopened.goto(url)
    await reopened.getByTestId('waiting-screen').waitFor({ timeout: 15_000 })
    expect(await reopened.getByRole('heading', { level: 1 }).textContent()).toBe('Bon retour')
    expect(await reopened.getByTestId('waiting-note').textContent()).toContain('à nouveau')
    expect(await reopened.getByTestId('room').count()).toBe(0)
    expect(await reopened.getByTestId('roster').count()).toBe(0)
    await reopened.screenshot({ path: 'test/browser/.tmp/shots/reopened-tab-fr-390.png' })
    expect(await seriousViolations(reopened)).toEqual([])

    // The facilitator sees who, and how long she was away; Maple left the roster meanwhile.
    const entry = lobbyEntry(host, 'Maple')
    await entry.waitFor({ timeout: 10_000 })
    expect(await entry.getByTestId('lobby-back').textContent()).toMatch(/back after being away 3\d s/)
    await expect.poll(() => host.getByTestId('roster-member').filter({ hasText: 'Maple' }).count()).toBe(0)
    await host.screenshot({ path: 'test/browser/.tmp/shots/reopened-tab-facilitator-en-1280.png' })
    await admitFromLobby(host, 'Maple')
    await reopened.getByTestId('room').waitFor({ timeout: 10_000 })
    await rosterShows(host, ['Maple'])
    await context.close()
  })

  it('says "Welcome back" in English; the facilitator reads the row in French at desktop and tablet sizes', { timeout: 120_000 }, async () => {
    const host = await consolePage(staff().context)
    const { item, links } = await createSession(host, { count: 1 })
    await openRoom(host, item)

    const context = await browser().newContext({ locale: 'en-GB', viewport: { width: 390, height: 844 }, bypassCSP: true })
    const tab = await context.newPage()
    await joinAsSurvivor(tab, links[0]!, 'Birch')
    await rosterShows(host, ['Birch'])
    const url = tab.url()
    const kept = await tab.evaluate(() => JSON.stringify(Object.entries(sessionStorage)))
    await tab.close()

    await new Promise((r) => setTimeout(r, 33_000))
    const reopened = await context.newPage()
    await reopened.addInitScript((entries: string) => {
      for (const [k, v] of JSON.parse(entries) as [string, string][]) sessionStorage.setItem(k, v)
    }, kept)
    await reopened.goto(url)
    await reopened.getByTestId('waiting-screen').waitFor({ timeout: 15_000 })
    expect(await reopened.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome back')
    expect(await reopened.getByTestId('waiting-note').textContent()).toMatch(/facilitator will let you in again/)
    expect(await reopened.getByTestId('room').count()).toBe(0)
    await reopened.screenshot({ path: 'test/browser/.tmp/shots/reopened-tab-en-390.png' })
    expect(await seriousViolations(reopened)).toEqual([])

    await switchLanguage(host, 'fr')
    const entry = lobbyEntry(host, 'Birch')
    await entry.waitFor({ timeout: 10_000 })
    await expect.poll(() => entry.getByTestId('lobby-back').textContent()).toMatch(/de retour après 3\d s d’absence/)
    await host.setViewportSize({ width: 1280, height: 800 })
    await host.screenshot({ path: 'test/browser/.tmp/shots/reopened-tab-facilitator-fr-1280.png' })
    expect(await seriousViolations(host)).toEqual([])
    await host.setViewportSize({ width: 820, height: 1180 })
    await host.screenshot({ path: 'test/browser/.tmp/shots/reopened-tab-facilitator-fr-820.png' })
    expect(await seriousViolations(host)).toEqual([])
    await admitFromLobby(host, 'Birch')
    await reopened.getByTestId('room').waitFor({ timeout: 10_000 })
    await context.close()
  })
})
