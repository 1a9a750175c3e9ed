// The survivor's safety tools: the agreement as numbered rules and the opening notice (the limits
// of confidentiality, on the join page before consent), hands, a
// private alert, chat off and deleted messages, short chat links, pages before and after a
// session that are never a dead end, and the discreet tab.
import { afterAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { useStaffBrowser } from './support/hooks'
import {
  baseUrl,
  consolePage,
  createSession,
  joinAsSurvivor,
  localInputIn,
  openOrgView,
  openRoom,
  openSessionsView,
  resetOrgSettings,
  rosterShows,
} from './support/havre'

const { browser, staff } = useStaffBrowser('Facilitator Inès')
const contexts: BrowserContext[] = []

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
})

async function survivorPage(locale = 'en-US'): Promise<Page> {
  const context = await browser().newContext({ locale })
  contexts.push(context)
  return context.newPage()
}

const AGREEMENT = 'Keep what is said here.\nBe kind: no names, no addresses.\nNo recordings.'
const NOTICE = 'Facilitators must report if a child may be in danger.'

describe('safety tools', () => {
  it('shows the agreement as rules and the notice before consent, and asks nothing twice', async () => {
    const host = await consolePage(staff().context)
    const { item, links } = await createSession(host, { agreement: AGREEMENT, notice: NOTICE })
    await openRoom(host, item)
    const page = await survivorPage()
    await page.goto(links[0]!)
    const rules = page.getByTestId('agreement').getByTestId('agreement-rule')
    await rules.first().waitFor({ timeout: 15_000 })
    expect(await rules.allTextContents()).toEqual([
      'Keep what is said here.',
      'Be kind: no names, no addresses.',
      'No recordings.',
    ])
    expect(await page.getByTestId('limits-notice').textContent()).toContain('must report')
    await page.getByTestId('pseudonym').fill('Willow')
    await page.getByTestId('consent').check()
    await page.getByTestId('join-button').click()
    await page.getByTestId('room').waitFor({ timeout: 15_000 })
    // Consent covered the notice: the room does not ask again.
    expect(await page.getByTestId('chat-input').isDisabled()).toBe(false)
    await page.getByTestId('chat-input').fill('Hello, I read it')
    await page.getByTestId('chat-send').click()
    await host.getByTestId('chat-message').filter({ hasText: 'Hello, I read it' }).waitFor()

    // The organization's own agreement and notice come in both languages: shown in hers.
    const console2 = await consolePage(staff().context)
    const { links: orgLinks } = await createSession(console2, { agreement: '', notice: '', count: 1 })
    await console2.close()
    const other = await survivorPage()
    await other.goto(orgLinks[0]!)
    const agreement = other.getByTestId('agreement')
    await agreement.waitFor({ timeout: 15_000 })
    expect(await agreement.textContent()).toContain('No recording')
    await other.getByTestId('lang-switch').click()
    await expect.poll(() => agreement.textContent()).toContain('Aucun enregistrement')
    expect(await other.getByTestId('limits-notice').textContent()).toContain(
      'protection de la jeunesse',
    )
    await host.close()
  })

  it('raises hands, sends a private alert only facilitators see, turns chat off and deletes a message naming the rule', async () => {
    const host = await consolePage(staff().context)
    const { item, links } = await createSession(host, { agreement: AGREEMENT, notice: NOTICE })
    await openRoom(host, item)
    const maple = await survivorPage()
    const birch = await survivorPage()
    await joinAsSurvivor(maple, links[0]!, 'Maple')
    await joinAsSurvivor(birch, links[1]!, 'Birch')
    await rosterShows(host, ['Maple', 'Birch'])

    // Hands.
    await maple.getByTestId('raise-hand').click()
    const mapleOnHost = host.getByTestId('roster-member').filter({ hasText: 'Maple' })
    await mapleOnHost.getByTestId('hand-raised').waitFor({ timeout: 5_000 })
    expect(await mapleOnHost.getByTestId('hand-raised').textContent()).toContain('hand raised')
    await birch
      .getByTestId('roster-member')
      .filter({ hasText: 'Maple' })
      .getByTestId('hand-raised')
      .waitFor()
    expect(await maple.getByTestId('raise-hand').getAttribute('aria-pressed')).toBe('true')
    await host.getByTestId('lower-all-hands').click()
    await expect.poll(() => host.getByTestId('hand-raised').count()).toBe(0)
    await expect.poll(() => maple.getByTestId('raise-hand').getAttribute('aria-pressed')).toBe('false')

    // A private alert: the facilitator sees it, Birch does not, Maple is quietly told.
    await maple.getByTestId('alert-button').click()
    await maple.getByTestId('alert-not-safe').click()
    await expect
      .poll(() => maple.getByTestId('alert-sent').textContent())
      .toBe('Your facilitator has been told.')
    const alertItem = host.getByTestId('alert-list').getByTestId('alert-item')
    await alertItem.first().waitFor({ timeout: 5_000 })
    expect(await alertItem.first().textContent()).toContain('Maple does not feel safe')
    await birch.waitForTimeout(300)
    expect(await birch.getByTestId('alert-list').count()).toBe(0)
    expect(await birch.content()).not.toContain('does not feel safe')
    expect(await maple.getByTestId('alert-list').count()).toBe(0)
    await maple.getByTestId('alert-button').click()
    await maple.getByTestId('alert-step-away').click()
    await expect.poll(() => alertItem.count()).toBe(2)
    expect(await alertItem.nth(1).textContent()).toContain('Maple needs to step away')

    // Chat off, then on again.
    await host.getByTestId('chat-toggle').click()
    await maple.getByTestId('chat-off-notice').waitFor({ timeout: 5_000 })
    expect(await maple.getByTestId('chat-input').isDisabled()).toBe(true)
    await birch.getByTestId('chat-off-notice').waitFor()
    await host.getByTestId('chat-toggle').click()
    await expect.poll(() => maple.getByTestId('chat-off-notice').count()).toBe(0)
    expect(await maple.getByTestId('chat-input').isDisabled()).toBe(false)

    // A message that breaks rule 2 disappears for everyone; only its author is told why.
    const text = 'I live at 12 Elm Street'
    await maple.getByTestId('chat-input').fill(text)
    await maple.getByTestId('chat-send').click()
    const onHost = host.getByTestId('chat-message').filter({ hasText: text })
    await onHost.waitFor({ timeout: 5_000 })
    await birch.getByTestId('chat-message').filter({ hasText: text }).waitFor()
    expect(await maple.getByTestId('delete-message').count()).toBe(0)
    await onHost.getByTestId('delete-message').click()
    await onHost.getByTestId('delete-rule').selectOption('2')
    await onHost.getByTestId('delete-confirm').click()
    for (const p of [host, maple, birch]) {
      await expect.poll(() => p.getByTestId('chat-message').filter({ hasText: text }).count()).toBe(0)
    }
    const removed = maple.getByTestId('message-removed-notice')
    await removed.waitFor({ timeout: 5_000 })
    expect(await removed.textContent()).toContain(
      'Your message was removed: it broke rule 2 — Be kind: no names, no addresses.',
    )
    expect(await birch.getByTestId('message-removed-notice').count()).toBe(0)
    await host.close()
  })

  it('tells how long a short chat link lasts, and when a session opens', async () => {
    const host = await consolePage(staff().context)
    await host.getByTestId('session-kind').selectOption('chat')
    expect(await host.getByTestId('chat-duration').inputValue()).toBe('30')
    expect(await host.getByTestId('session-opens').count()).toBe(0)
    const { links } = await createSession(host, { kind: 'chat', durationMinutes: 30, count: 1 })
    const page = await survivorPage()
    await page.goto(links[0]!)
    const expiry = page.getByTestId('link-expiry')
    await expiry.waitFor({ timeout: 15_000 })
    expect(await expiry.textContent()).toMatch(/closes at .+ \(in (29|30) minutes\)/)

    await host.getByTestId('session-kind').selectOption('group')
    const opensAt = localInputIn(3 * 3600_000)
    const { links: later } = await createSession(host, {
      opensAt,
      closesAt: localInputIn(5 * 3600_000),
      count: 1,
    })
    const early = await survivorPage()
    await early.goto(later[0]!)
    const opens = early.getByTestId('opens-at')
    await opens.waitFor({ timeout: 15_000 })
    expect(await early.getByTestId('join-error').textContent()).toContain('not opened yet')
    expect(await opens.locator('time').getAttribute('datetime')).toBe(
      new Date(opensAt).toISOString(),
    )
    // Not spent: the same link still says when, not "already used".
    await early.reload()
    await early.getByTestId('opens-at').waitFor({ timeout: 15_000 })
    await host.close()
  })

  it('offers other ways to get help on the ended pages, once an admin has saved them', async () => {
    const host = await consolePage(staff().context)
    const { item, links } = await createSession(host, { count: 2 })
    const spent = await survivorPage()
    await spent.goto(links[1]!)
    await spent.getByTestId('agreement').waitFor({ timeout: 15_000 })
    // None saved yet: still not a dead end.
    const used = await survivorPage()
    await used.goto(links[1]!)
    await used.getByTestId('join-error').waitFor({ timeout: 15_000 })
    expect(await used.getByTestId('help-contacts').textContent()).toContain(
      'contact the organization that sent you this link',
    )

    // The admin saves help contacts; a bad quick-exit address is refused with the server's reason.
    await openOrgView(host)
    const org = host.getByTestId('org-settings')
    await org.getByTestId('org-save').waitFor()
    const exitBefore = await org.getByTestId('org-quick-exit').inputValue()
    await org.getByTestId('org-quick-exit').fill('http://example.org')
    await org.getByTestId('org-save').click()
    await org.getByTestId('org-error').waitFor()
    expect(await org.getByTestId('org-error').textContent()).toContain('https://')
    await org.getByTestId('org-quick-exit').fill(exitBefore)
    await org.getByTestId('help-contact-add').click()
    await org.getByTestId('help-contact-label').last().fill('Crisis line')
    await org.getByTestId('help-contact-value').last().fill('1-800-555-0100')
    // This test server's 3-second grace is below what an admin may set.
    await org.getByTestId('org-grace').fill('5')
    await org.getByTestId('org-save').click()
    await expect.poll(() => org.getByTestId('org-saved').textContent()).toBe('Settings saved.')
    expect(await org.getByTestId('org-error').count()).toBe(0)

    await openSessionsView(host)
    await openRoom(host, item)
    const maple = await survivorPage()
    await joinAsSurvivor(maple, links[0]!, 'Maple')
    await rosterShows(host, ['Maple'])
    await host.getByTestId('end-session').click()
    await host.getByTestId('end-confirm').click()
    const ended = maple.getByTestId('ended-screen')
    await ended.waitFor({ timeout: 5_000 })
    const help = ended.getByTestId('help-contacts')
    // The list loads lazily after the ended screen appears.
    await help.getByTestId('help-contact').first().waitFor({ timeout: 5_000 })
    expect(await help.getByTestId('help-contact').allTextContents()).toEqual([
      'Crisis line — 1-800-555-0100',
    ])
    const late = await survivorPage('fr-FR')
    await late.goto(links[0]!)
    await late.getByTestId('join-error').waitFor({ timeout: 15_000 })
    await late.getByTestId('help-contact').first().waitFor({ timeout: 5_000 })
    expect(await late.getByTestId('help-contacts').textContent()).toContain('Crisis line')
    expect(await late.getByTestId('help-contacts').textContent()).toContain('Autres façons')
    await host.close()
    await resetOrgSettings()
  })

  it('turns the tab title and icon neutral in discreet mode', async () => {
    const host = await consolePage(staff().context)
    const { item, links } = await createSession(host, { count: 1 })
    await openRoom(host, item)
    const page = await survivorPage()
    await joinAsSurvivor(page, links[0]!, 'Juniper')
    const icon = () => page.locator('link[rel="icon"]').getAttribute('href')
    expect(await icon()).toBe('/favicon.svg')
    await page.getByTestId('discreet-toggle').click()
    await expect.poll(() => page.title()).toBe('Weather')
    expect(await icon()).toBe('/neutral.svg')
    const res = await page.request.get(`${baseUrl()}/neutral.svg`)
    expect(res.status()).toBe(200)
    expect(res.headers()['content-type']).toContain('svg')
    await page.getByTestId('discreet-toggle').click()
    await expect.poll(() => icon()).toBe('/favicon.svg')
    expect(await page.title()).toContain('Havre')
    await host.close()
  })
})
