// The survivor's path as a frightened person on a phone meets it, in French and in English, at
// 390×844 and 1280×800: the one-time link explained before it bites, the limits of confidentiality
// before consent, her language everywhere, a one-row top bar whose quick exit covers nothing,
// focus where it helps, honest pages after a reload and after a removal, youth screens without
// stale errors, and a short chat that reads as a conversation. Screenshots go to
// test/browser/.tmp/shots/survivor-path (or $HAVRE_SHOTS/survivor-path).
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { seriousResults } from './support/axe'
import { useStaffBrowser } from './support/hooks'
import {
  admitFromLobby,
  consolePage,
  createSession,
  moreLinks,
  openOrgView,
  openRoom,
  resetOrgSettings,
  rosterShows,
} from './support/havre'

const SHOTS = path.resolve(process.env.HAVRE_SHOTS ?? 'test/browser/.tmp/shots', 'survivor-path')
mkdirSync(SHOTS, { recursive: true })

// The staff context bypasses the CSP only so that axe-core can be injected into its pages.
const { browser, staff } = useStaffBrowser('Facilitator Maude', { bypassCSP: true })
const contexts: BrowserContext[] = []
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
})

type Lang = 'en' | 'fr'
type Size = { name: 'phone' | 'desktop'; width: number; height: number }
const PHONE: Size = { name: 'phone', width: 390, height: 844 }
const DESKTOP: Size = { name: 'desktop', width: 1280, height: 800 }
const COMBOS: [Lang, Size][] = [
  ['fr', PHONE],
  ['en', PHONE],
  ['fr', DESKTOP],
  ['en', DESKTOP],
]

/** What she must read, in each language (the session's own texts are written in both). */
const TEXT = {
  en: {
    rule: 'What is said here stays here.',
    notice: 'Facilitators must report to child protection if a child is in danger.',
    linkOnce: 'This link works only once',
    keeps: 'Havre keeps nothing about you',
    history: 'Messages from before this page was reloaded are not shown',
    nothing: 'Nothing is open in this tab.',
    hint: 'or Shift ×3',
    away: 'will end in',
  },
  fr: {
    rule: 'Ce qui se dit ici reste ici.',
    notice: 'L’animation doit signaler à la DPJ tout enfant en danger.',
    linkOnce: 'Ce lien ne fonctionne qu’une fois',
    keeps: 'Havre ne garde rien',
    history: 'Les messages d’avant le rechargement de cette page ne sont pas affichés',
    nothing: 'Rien n’est ouvert dans cet onglet.',
    hint: 'ou Maj ×3',
    away: 'se terminera dans',
  },
} as const
const other = (lang: Lang): Lang => (lang === 'fr' ? 'en' : 'fr')

async function person(lang: Lang, size: Size): Promise<Page> {
  const context = await browser().newContext({
    locale: lang === 'fr' ? 'fr-CA' : 'en-US',
    viewport: { width: size.width, height: size.height },
    bypassCSP: true,
  })
  contexts.push(context)
  return context.newPage()
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false })

/** Serious or critical axe-core issues, as readable lines. */
async function axe(page: Page): Promise<string[]> {
  return (await seriousResults(page)).map(
    (r) => `${r.id}: ${r.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  )
}

/** The data-testid (or tag) of the element that has focus. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement
    return el?.getAttribute('data-testid') ?? el?.tagName.toLowerCase() ?? ''
  })

/** The top bar is one row, and quick exit overlaps no text on the page (scrolled, text passes
 * under the whole opaque bar, so only the unscrolled page is checked for overlap). */
async function topBarChecks(page: Page, scrolled = false) {
  const layout = await page.evaluate(() => {
    const bar = document.querySelector('[data-testid="top-bar"]') as HTMLElement
    const exit = document.querySelector('[data-testid="quick-exit"]') as HTMLElement
    const items = [bar.querySelector('.brand'), ...bar.querySelectorAll('button')].map((el) =>
      (el as HTMLElement).getBoundingClientRect(),
    )
    const e = exit.getBoundingClientRect()
    const texts = [...document.querySelectorAll('main h1, main h2, main p, main li, main label')]
      .map((el) => el.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0)
    const overlaps = texts.filter(
      (r) => r.left < e.right && r.right > e.left && r.top < e.bottom && r.bottom > e.top,
    ).length
    const rows = new Set(items.map((r) => Math.round(r.top + r.height / 2))).size
    const spread = Math.max(...items.map((r) => r.top + r.height / 2)) -
      Math.min(...items.map((r) => r.top + r.height / 2))
    return {
      spread,
      rows,
      barHeight: bar.getBoundingClientRect().height,
      overlaps,
      exitInView: e.top >= 0 && e.right <= window.innerWidth + 0.5,
      scrollWidth: document.documentElement.scrollWidth,
      width: window.innerWidth,
      title: exit.getAttribute('title'),
    }
  })
  // Every item of the bar on one row (centres within a few pixels), nothing wider than the screen.
  expect(layout.spread).toBeLessThan(6)
  expect(layout.barHeight).toBeLessThan(70)
  if (!scrolled) expect(layout.overlaps).toBe(0)
  expect(layout.exitInView).toBe(true)
  expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width)
  // The Shift hint is visible text on the button, not a tooltip.
  expect(layout.title).toBeNull()
}

describe('the survivor’s path, phone and desktop, French and English', () => {
  for (const [lang, size] of COMBOS) {
    it(`${lang} at ${size.width}×${size.height}: join page, lobby, room, reload, removal`, async () => {
      const t = TEXT[lang]
      const host = await consolePage(staff().context)
      const { item, links } = await createSession(host, {
        agreement: `${TEXT.en.rule}\nUse a pseudonym.`,
        agreementFr: `${TEXT.fr.rule}\nUtilisez un pseudonyme.`,
        notice: TEXT.en.notice,
        noticeFr: TEXT.fr.notice,
        lobby: true,
        count: 1,
      })
      // Item 1: the console offers a short text, in French and in English, to send with each link.
      await staff().context.grantPermissions(['clipboard-read', 'clipboard-write'])
      const newLink = item.getByTestId('new-link').first()
      await newLink.getByTestId('copy-with-message-fr').click()
      const fr = await host.evaluate(() => navigator.clipboard.readText())
      expect(fr).toContain('Ouvrez ce lien au moment d’entrer')
      expect(fr).toContain(links[0]!)
      await newLink.getByTestId('copy-with-message-en').click()
      const en = await host.evaluate(() => navigator.clipboard.readText())
      expect(en).toContain('Open this link when you are ready to join')
      expect(en).toContain('works only once')
      await openRoom(host, item)

      const page = await person(lang, size)
      await page.goto(links[0]!)
      await page.getByTestId('agreement').waitFor({ timeout: 15_000 })
      const main = page.locator('main')

      // Item 1: the link works once, and the tab is to be kept open — said before anything else.
      expect(await page.getByTestId('link-once').textContent()).toContain(t.linkOnce)
      // Item 2: the limits of confidentiality and what Havre keeps, above the consent box.
      const limits = page.getByTestId('limits')
      expect(await limits.textContent()).toContain(t.notice)
      expect(await limits.textContent()).toContain(t.keeps)
      const limitsBox = (await limits.boundingBox())!
      const consentBox = (await page.getByTestId('consent').boundingBox())!
      expect(limitsBox.y + limitsBox.height).toBeLessThan(consentBox.y)
      // Item 3: her language only — the session's rules and notice, never the other language's.
      expect(await page.getByTestId('agreement-rule').first().textContent()).toBe(t.rule)
      expect(await main.textContent()).not.toContain(TEXT[other(lang)].rule)
      expect(await main.textContent()).not.toContain(TEXT[other(lang)].notice)
      // Item 4: one-row bar, quick exit covering nothing, the Shift hint as text.
      expect(await page.getByTestId('quick-exit-hint').textContent()).toBe(t.hint)
      await topBarChecks(page)
      expect(await axe(page)).toEqual([])
      await shot(page, `join-${lang}-${size.name}`)
      if (size.name === 'phone') {
        // Still one row at the narrowest phones, and quick exit stays in reach when scrolled.
        await page.setViewportSize({ width: 320, height: 640 })
        await topBarChecks(page)
        await shot(page, `join-${lang}-320`)
        await page.mouse.wheel(0, 600)
        await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0)
        await topBarChecks(page, true)
        await shot(page, `join-${lang}-320-scrolled`)
        await page.setViewportSize({ width: size.width, height: size.height })
      }

      // Item 1: a reload before joining keeps the seat: the same page, not "already used".
      await page.reload()
      await page.getByTestId('link-once').waitFor({ timeout: 15_000 })
      expect(await page.getByTestId('join-error').count()).toBe(0)

      // Joining: focus lands on the waiting room's heading, then on the room's after admission.
      const name = lang === 'fr' ? 'Sauge' : 'Sage'
      await page.getByTestId('pseudonym').fill(name)
      await page.getByTestId('consent').check()
      await page.getByTestId('join-button').click()
      await page.getByTestId('waiting-screen').waitFor({ timeout: 15_000 })
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
      expect(await axe(page)).toEqual([])
      await shot(page, `waiting-${lang}-${size.name}`)
      await admitFromLobby(host, name)
      await page.getByTestId('room').waitFor({ timeout: 10_000 })
      await expect.poll(() => focused(page)).toBe('room-heading')
      await rosterShows(page, [name, staff().name])
      // Nothing to acknowledge twice: she consented to the notice on the join page.
      expect(await page.getByTestId('chat-input').isDisabled()).toBe(false)
      // Item 4: the mode switch's explanation on its own line, under its buttons.
      const note = (await page.getByTestId('mode-note').boundingBox())!
      const text = (await page.getByTestId('switch-text').boundingBox())!
      expect(note.y).toBeGreaterThanOrEqual(text.y + text.height - 1)
      await topBarChecks(page)
      expect(await axe(page)).toEqual([])
      await shot(page, `room-${lang}-${size.name}`)

      // Item 5: a reload keeps her seat (item 1) and says earlier messages are not kept.
      await host.getByTestId('chat-input').fill('Bienvenue / Welcome')
      await host.getByTestId('chat-send').click()
      await page.getByTestId('chat-message').first().waitFor({ timeout: 5_000 })
      await page.reload()
      await page.getByTestId('room').waitFor({ timeout: 15_000 })
      expect(await page.getByTestId('history-note').textContent()).toContain(t.history)
      expect(await page.getByTestId('chat-message').count()).toBe(0)
      await rosterShows(page, [name])
      expect(await page.getByTestId('agreement').count()).toBe(0)
      await shot(page, `reloaded-${lang}-${size.name}`)

      // Item 5: removed, then a reload: a neutral page that neither asks for the link again nor
      // says why.
      await host
        .getByTestId('roster-member')
        .filter({ hasText: name })
        .getByTestId('remove-member')
        .click()
      await host.getByTestId('remove-confirm').click()
      await page.getByTestId('removed-screen').waitFor({ timeout: 5_000 })
      await page.reload()
      const nothing = page.getByTestId('nothing-here')
      await nothing.waitFor({ timeout: 15_000 })
      expect(await nothing.textContent()).toBe(t.nothing)
      const neutral = (await page.locator('main').textContent()) ?? ''
      expect(neutral).not.toMatch(/remov|retir|facilitat|animat|new one|nouveau|demandez/i)
      expect(await page.evaluate(() => sessionStorage.length)).toBe(0)
      expect(await axe(page)).toEqual([])
      await shot(page, `removed-reload-${lang}-${size.name}`)
      await host.close()
    })
  }
})

/** Saves organization settings from the console (the tests' deployment grace of 3 s is below
 * what the form allows, so a grace is always given). */
async function saveOrgSettings(fields: Record<string, string>) {
  const host = await consolePage(staff().context)
  await openOrgView(host)
  const org = host.getByTestId('org-settings')
  await org.getByTestId('org-save').waitFor()
  for (const [testid, value] of Object.entries(fields)) await org.getByTestId(testid).fill(value)
  await org.getByTestId('org-save').click()
  const outcome = org.getByTestId('org-saved').filter({ hasText: /./ }).or(org.getByRole('alert'))
  await outcome.waitFor()
  expect(await outcome.textContent()).toMatch(/saved|enregistr/i)
  await host.close()
}

describe('screen-reader messages', () => {
  // A grace long enough to come back in, on a slow machine; the deployment's again afterwards.
  beforeAll(() => saveOrgSettings({ 'org-grace': '30' }))
  afterAll(() => resetOrgSettings())

  for (const [lang, size] of [COMBOS[0]!, COMBOS[3]!]) {
    it(`${lang}: the "ends in" announcement is said in her language and cleared when the facilitator is back`, async () => {
      const host = await consolePage(staff().context)
      const { item, links, sessionId } = await createSession(host, { count: 1 })
      await openRoom(host, item)
      const page = await person(lang, size)
      await page.goto(links[0]!)
      await page.getByTestId('pseudonym').fill('Iris')
      await page.getByTestId('consent').check()
      await page.getByTestId('join-button').click()
      await page.getByTestId('room').waitFor({ timeout: 15_000 })
      await rosterShows(page, ['Iris', staff().name])
      const announcer = page.getByTestId('announcer')

      // The facilitator's tab is gone; they open the room again from the console at once.
      await host.close()
      await expect.poll(() => announcer.textContent(), { timeout: 3_000 }).toContain(TEXT[lang].away)
      const again = await consolePage(staff().context)
      const back = again.locator(`[data-testid="session-item"][data-session-id="${sessionId}"]`)
      await openRoom(again, back)
      // Back in time: the countdown is no longer said (only that the facilitator joined).
      await expect.poll(() => page.getByTestId('facilitator-away').count(), { timeout: 10_000 }).toBe(0)
      expect(await announcer.textContent()).not.toContain(TEXT[lang].away)
      expect(await page.getByTestId('ended-screen').count()).toBe(0)
      await again.close()
    })
  }
})

describe('the console’s session texts', () => {
  it('asks for the agreement and the notice in both languages, and says which is missing', async () => {
    const host = await consolePage(staff().context)
    await host.setViewportSize(DESKTOP)
    const form = host.getByTestId('create-session-form')
    const title = `Missing ${Math.random().toString(36).slice(2, 8)}`
    await host.getByTestId('session-title').fill(title)
    await host.getByTestId('session-agreement-en').fill('Be kind.')
    await host.getByTestId('session-notice-fr').fill('Nous devons signaler.')
    await host.getByTestId('session-create').click()
    const error = form.getByRole('alert')
    await error.waitFor()
    expect(await error.textContent()).toBe(
      'The group agreement in French is missing. The opening notice in English is missing.',
    )
    await host.getByTestId('lang-switch').click()
    await host.getByTestId('session-create').click()
    await expect
      .poll(() => error.textContent())
      .toBe('Il manque l’entente de groupe en français. Il manque l’avis d’ouverture en anglais.')
    expect(await host.getByTestId('session-item').filter({ hasText: title }).count()).toBe(0)
    expect(await axe(host)).toEqual([])
    await form.screenshot({ path: path.join(SHOTS, 'console-missing-fr.png') })
    await host.getByTestId('lang-switch').click()
    await host.close()
  })
})

describe('youth screens', () => {
  for (const [lang, size] of [COMBOS[0]!, COMBOS[3]!]) {
    it(`${lang} at ${size.name}: Admit waits for two adults with the reason, no error is left after; a youth always sees who is watching`, async () => {
      const host = await consolePage(staff().context)
      await host.setViewportSize(DESKTOP)
      const { item, links } = await createSession(host, { kind: 'youth', count: 1 })
      const [observerLink] = await moreLinks(item, 'observer')
      await openRoom(host, item)
      const youth = await person(lang, size)
      await youth.goto(links[0]!)
      await youth.getByTestId('pseudonym').fill('Sky')
      await youth.getByTestId('consent').check()
      await youth.getByTestId('join-button').click()
      await youth.getByTestId('waiting-screen').waitFor({ timeout: 15_000 })

      // Only one adult: Admit waits, and says why beside it (never an error after the click).
      const sky = host.getByTestId('lobby-entry').filter({ hasText: 'Sky' })
      await sky.waitFor({ timeout: 10_000 })
      expect(await sky.getByTestId('admit').isDisabled()).toBe(true)
      expect(await sky.getByTestId('admit-blocked').textContent()).toContain('Two adults')
      const error = host.getByTestId('room-error')

      const observer = await person('en', DESKTOP)
      await observer.goto(observerLink!)
      await observer.getByTestId('pseudonym').fill('Guardian')
      await observer.getByTestId('consent').check()
      await observer.getByTestId('join-button').click()
      await observer.getByTestId('waiting-screen').waitFor({ timeout: 15_000 })
      await admitFromLobby(host, 'Guardian')
      await observer.getByTestId('room').waitFor({ timeout: 10_000 })
      await admitFromLobby(host, 'Sky')
      await youth.getByTestId('room').waitFor({ timeout: 10_000 })
      // Admitted: no reason left beside Admit, and no error.
      await expect.poll(() => sky.count()).toBe(0)
      expect(await error.count()).toBe(0)

      // Who is watching: in view at the top, even scrolled to the bottom of the room.
      const watching = youth.getByTestId('watching-list')
      await expect.poll(() => watching.textContent()).toContain('Guardian')
      expect(await watching.textContent()).toContain(staff().name)
      await youth.getByTestId('chat-input').scrollIntoViewIfNeeded()
      await youth.mouse.wheel(0, 2000)
      const scrollable = await youth.evaluate(
        () => document.documentElement.scrollHeight > window.innerHeight,
      )
      if (scrollable) {
        await expect.poll(() => youth.evaluate(() => window.scrollY)).toBeGreaterThan(0)
      }
      const box = (await watching.boundingBox())!
      expect(box.y).toBeGreaterThanOrEqual(0)
      expect(box.y + box.height).toBeLessThanOrEqual(size.height)
      await topBarChecks(youth, true)
      expect(await axe(youth)).toEqual([])
      await shot(youth, `youth-${lang}-${size.name}`)
      await host.getByTestId('end-session').click()
      await host.getByTestId('end-confirm').click()
      await youth.getByTestId('ended-screen').waitFor({ timeout: 5_000 })
      await host.close()
    })
  }
})

describe('a short chat link', () => {
  afterAll(() => resetOrgSettings())

  // The admin says, in the console, when an advocate is available again.
  beforeAll(() =>
    saveOrgSettings({
      'org-grace': '5',
      'org-available-again-en': 'Weekdays from 9 a.m. to 5 p.m.',
      'org-available-again-fr': 'En semaine, de 9 h à 17 h.',
    }),
  )

  for (const [lang, size] of COMBOS) {
    it(`${lang} at ${size.width}×${size.height}: a conversation, not a group`, async () => {
      const host = await consolePage(staff().context)
      const { item, links } = await createSession(host, {
        kind: 'chat',
        durationMinutes: 30,
        count: 1,
        notice: TEXT.en.notice,
        noticeFr: TEXT.fr.notice,
      })
      await openRoom(host, item)
      const page = await person(lang, size)
      await page.goto(links[0]!)
      await page.getByTestId('limits').waitFor({ timeout: 15_000 })
      // No group rules, no mode choice: the limits of confidentiality, the time, quick exit.
      expect(await page.getByTestId('agreement').count()).toBe(0)
      expect(await page.getByTestId('mode-text').count()).toBe(0)
      expect(await page.getByTestId('limits').textContent()).toContain(TEXT[lang].notice)
      expect(await page.locator('h1').textContent()).toBe(
        lang === 'fr' ? 'Avant la conversation' : 'Before the conversation',
      )
      expect(await page.getByTestId('link-expiry').textContent()).toMatch(
        lang === 'fr' ? /dans (29|30) minutes/ : /in (29|30) minutes/,
      )
      await topBarChecks(page)
      expect(await axe(page)).toEqual([])
      await shot(page, `chat-join-${lang}-${size.name}`)

      await page.getByTestId('pseudonym').fill('Lou')
      await page.getByTestId('consent').check()
      await page.getByTestId('join-button').click()
      await page.getByTestId('room').waitFor({ timeout: 15_000 })
      await expect.poll(() => focused(page)).toBe('room-heading')
      // Her advocate by the name the room shows, the time left, when an advocate is back.
      await expect
        .poll(() => page.getByTestId('chat-with').textContent())
        .toBe(
          lang === 'fr'
            ? `Vous parlez avec ${staff().name}.`
            : `You are talking with ${staff().name}.`,
        )
      expect(await page.getByTestId('link-expiry').isVisible()).toBe(true)
      expect(await page.getByTestId('available-again').textContent()).toContain(
        lang === 'fr' ? 'En semaine, de 9 h à 17 h.' : 'Weekdays from 9 a.m. to 5 p.m.',
      )
      // Nothing aimed at a group, or at the person she is already talking to.
      for (const absent of ['raise-hand', 'alert-button', 'roster', 'mode-switch']) {
        expect(await page.getByTestId(absent).count(), absent).toBe(0)
      }
      expect(await page.getByTestId('quick-exit').isVisible()).toBe(true)
      await topBarChecks(page)
      expect(await axe(page)).toEqual([])
      await shot(page, `chat-room-${lang}-${size.name}`)

      await host.getByTestId('end-session').click()
      await host.getByTestId('end-confirm').click()
      const ended = page.getByTestId('ended-screen')
      await ended.waitFor({ timeout: 5_000 })
      expect(await ended.locator('h1').textContent()).toBe(
        lang === 'fr' ? 'Cette conversation est terminée.' : 'This conversation has ended.',
      )
      expect(await page.getByTestId('available-again').textContent()).toContain(
        lang === 'fr' ? 'En semaine' : 'Weekdays',
      )
      await shot(page, `chat-ended-${lang}-${size.name}`)
      await host.close()
    })
  }
})
