// The lobby: a survivor waits calmly until a facilitator admits her (seeing the code word she
// typed) or turns her away for good; in French too; and no serious axe-core violation.
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { seriousViolations } from './support/axe'
import { useStaffBrowser } from './support/hooks'
import {
  admitFromLobby,
  consolePage,
  createSession,
  joinToLobby,
  lobbyEntry,
  openOrgView,
  openRoom,
  openSessionsView,
  rosterShows,
} from './support/havre'

// The staff context bypasses the CSP only so that axe-core can be injected into its pages.
const { browser, staff } = useStaffBrowser('Facilitator Noor', { bypassCSP: true })

describe('the lobby', () => {
  it('admits a survivor with her code word, and turns another away for good', async () => {
    const host = await consolePage(staff().context)
    const { item, links } = await createSession(host, {
      lobby: true,
      requiresCodeWord: true,
      count: 2,
    })
    await openRoom(host, item)

    const context = await browser().newContext({ locale: 'en-US' })
    const maple = await context.newPage()
    // The join form asks for the code word, and will not go on without it.
    await maple.goto(links[0]!)
    await maple.getByTestId('agreement').waitFor({ timeout: 15_000 })
    await maple.getByTestId('pseudonym').fill('Maple')
    await maple.getByTestId('consent').check()
    await maple.getByTestId('join-button').click()
    await maple.locator('[role=alert]').filter({ hasText: 'code word' }).waitFor()
    expect(await maple.getByTestId('waiting-screen').count()).toBe(0)
    await maple.getByTestId('code-word').fill('bluebird')
    await maple.getByTestId('join-button').click()
    await maple.getByTestId('waiting-screen').waitFor({ timeout: 15_000 })
    expect(await maple.getByTestId('room').count()).toBe(0)
    expect(await maple.getByTestId('quick-exit').isVisible()).toBe(true)

    // The facilitator sees her pseudonym with the code word she typed.
    const entry = lobbyEntry(host, 'Maple')
    await entry.waitFor({ timeout: 10_000 })
    expect(await entry.getByTestId('lobby-code-word').textContent()).toBe('bluebird')
    expect(await host.getByTestId('roster-member').filter({ hasText: 'Maple' }).count()).toBe(0)

    await admitFromLobby(host, 'Maple')
    await maple.getByTestId('room').waitFor({ timeout: 10_000 })
    await rosterShows(maple, ['Maple', staff().name])
    await rosterShows(host, ['Maple'])
    // Gone from the lobby, and the code word with it.
    await expect.poll(() => host.getByTestId('lobby-entry').count()).toBe(0)
    expect(await host.getByTestId('lobby-code-word').count()).toBe(0)
    expect(await host.content()).not.toContain('bluebird')

    // A second person is turned away: a calm screen, her seat wiped, and no way back.
    const otherContext = await browser().newContext({ locale: 'en-US' })
    const cedar = await otherContext.newPage()
    await joinToLobby(cedar, links[1]!, 'Cedar', 'sparrow')
    await lobbyEntry(host, 'Cedar').getByTestId('turn-away').click()
    await cedar.getByTestId('turned-away-screen').waitFor({ timeout: 5_000 })
    expect(await cedar.evaluate(() => sessionStorage.length)).toBe(0)
    await expect.poll(() => host.getByTestId('lobby-entry').count()).toBe(0)
    // Only facilitators ever saw who waited, or her code word.
    expect(await maple.content()).not.toContain('sparrow')
    expect(await maple.getByTestId('lobby-panel').count()).toBe(0)
    await cedar.reload()
    await cedar.getByTestId('join-error').waitFor({ timeout: 15_000 })
    expect(await cedar.getByTestId('room').count()).toBe(0)
    expect(await cedar.getByTestId('waiting-screen').count()).toBe(0)
    await cedar.goto(links[1]!)
    await cedar.getByTestId('join-error').waitFor({ timeout: 15_000 })
    expect(await cedar.getByTestId('waiting-screen').count()).toBe(0)
    expect(await otherContext.cookies()).toHaveLength(0)
    expect(await cedar.evaluate(() => localStorage.length)).toBe(0)

    await otherContext.close()
    await context.close()
    await host.close()
  })

  it('shows the waiting screen in French, and neither it nor the console has serious axe issues', async () => {
    const host = await consolePage(staff().context)
    // The console with the organization's settings (an admin's).
    await openOrgView(host)
    await host.getByTestId('org-settings').getByTestId('org-save').waitFor()
    expect(await seriousViolations(host)).toEqual([])
    await openSessionsView(host)
    const { item, links } = await createSession(host, { lobby: true, count: 1 })
    await openRoom(host, item)

    const context = await browser().newContext({ locale: 'fr-FR', bypassCSP: true })
    const page = await context.newPage()
    await joinToLobby(page, links[0]!, 'Tilleul')
    const waiting = page.getByTestId('waiting-screen')
    expect(await page.locator('html').getAttribute('lang')).toMatch(/^fr/)
    expect(await waiting.textContent()).toContain('salle d’attente')
    expect(await page.getByTestId('quick-exit').textContent()).toContain('Sortie rapide')
    expect(await seriousViolations(page)).toEqual([])

    // The facilitator's room with someone in the lobby.
    await lobbyEntry(host, 'Tilleul').waitFor({ timeout: 10_000 })
    expect(await seriousViolations(host)).toEqual([])
    await admitFromLobby(host, 'Tilleul')
    await page.getByTestId('room').waitFor({ timeout: 10_000 })
    await context.close()
    await host.close()
  })
})
