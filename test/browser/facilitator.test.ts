// The facilitator's day (issue 11), in English at 1280×800 and in French at a tablet's 820×1180:
// sessions first with their live state, links she can manage, one room with a way back, no
// irreversible click, her name for sessions, alerts she can act on, youth rules before they bite,
// and the passkey address. Screenshots go to test/browser/.tmp/shots/facilitator (or
// $HAVRE_SHOTS/facilitator).
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { seriousViolations } from './support/axe'
import { until } from './support/browser'
import { useBrowser } from './support/hooks'
import {
  admitFromLobby,
  baseUrl,
  consolePage,
  createSession,
  joinAsSurvivor,
  joinToLobby,
  lobbyEntry,
  moreLinks,
  newSetupLink,
  openOrgView,
  openRoom,
  registerStaff,
  rosterShows,
  type Staff,
} from './support/havre'
// @ts-expect-error: a plain .mjs script without types
import { readyBanner, wranglerLine } from '../../scripts/dev-output.mjs'

const SHOTS = path.resolve(process.env.HAVRE_SHOTS ?? 'test/browser/.tmp/shots', 'facilitator')
mkdirSync(SHOTS, { recursive: true })

type Combo = {
  lang: 'en' | 'fr'
  locale: string
  size: string
  viewport: { width: number; height: number }
  name: string
  sessionName: string
  t: Record<TKey, string>
}

type TKey =
  | 'scheduled'
  | 'open'
  | 'counts'
  | 'participants'
  | 'observers'
  | 'link1'
  | 'used'
  | 'unused'
  | 'revoked'
  | 'message'
  | 'minLeft'
  | 'removeQ'
  | 'handsTitle'
  | 'replyDefault'
  | 'replyFrom'
  | 'youthNoReply'
  | 'admitBlocked'
  | 'passkeys'
  | 'colleagues'


const COMBOS: Combo[] = [
  {
    lang: 'en',
    locale: 'en-US',
    size: '1280x800',
    viewport: { width: 1280, height: 800 },
    name: 'Anne Tremblay',
    sessionName: 'Anne',
    t: {
      scheduled: 'Scheduled',
      open: 'Open',
      counts: '1 present · 1 waiting',
      participants: 'Participants',
      observers: 'Observers',
      link1: 'Participant link 1',
      used: 'used',
      unused: 'unused',
      revoked: 'revoked',
      message: 'Open this link when you are ready to join, ideally in a private window.',
      minLeft: 'min left',
      removeQ: 'link will not work again',
      handsTitle: 'Hands raised, in order',
      replyDefault: 'I saw it, I’m writing to you.',
      replyFrom: 'Private message from Anne',
      youthNoReply: 'Youth sessions have no private messages',
      admitBlocked: 'Two adults must be present to admit youth (1 now).',
      passkeys: 'Passkeys work only at the address',
      colleagues: 'Colleagues see: Anne Tremblay',
    },
  },
  {
    lang: 'fr',
    locale: 'fr-FR',
    size: '820x1180',
    viewport: { width: 820, height: 1180 },
    name: 'Amélie Gagnon',
    sessionName: 'Amélie',
    t: {
      scheduled: 'Prévue',
      open: 'Ouverte',
      counts: '1 présentes · 1 en attente',
      participants: 'Participantes',
      observers: 'Observatrices',
      link1: 'Lien participante 1',
      used: 'utilisé',
      unused: 'inutilisé',
      revoked: 'révoqué',
      message: 'Ouvrez ce lien au moment d’entrer dans la séance',
      minLeft: 'Il reste',
      removeQ: 'son lien ne fonctionnera plus',
      handsTitle: 'Mains levées, dans l’ordre',
      replyDefault: 'Je l’ai vu, je vous écris.',
      replyFrom: 'Message privé de Amélie',
      youthNoReply: 'Les séances jeunesse n’ont aucun message privé',
      admitBlocked: 'Deux adultes doivent être présents pour admettre des jeunes (1 en ce moment).',
      passkeys: 'Les clés d’accès ne fonctionnent qu’à l’adresse',
      colleagues: 'Vos collègues voient : Amélie Gagnon',
    },
  },
]

const browser = useBrowser()
const contexts: BrowserContext[] = []
const staffOf = new Map<string, Staff>()

beforeAll(async () => {
  for (const c of COMBOS) {
    const staff = await registerStaff(browser(), c.name, {
      locale: c.locale,
      viewport: c.viewport,
      permissions: ['clipboard-read', 'clipboard-write'],
      bypassCSP: true,
    })
    staffOf.set(c.lang, staff)
    contexts.push(staff.context)
  }
})

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
})

async function person(c: Combo): Promise<Page> {
  const context = await browser().newContext({
    locale: c.locale,
    viewport: { width: 390, height: 844 },
    bypassCSP: true,
  })
  contexts.push(context)
  return context.newPage()
}

async function shot(page: Page, name: string, c: Combo) {
  await page.screenshot({ path: path.join(SHOTS, `${name}-${c.lang}-${c.size}.png`), fullPage: true })
}

async function axeClean(page: Page) {
  expect(await seriousViolations(page)).toEqual([])
}

/** The console in this combo's staff context, with the name shown in sessions set. */
async function console_(c: Combo): Promise<Page> {
  const page = await consolePage(staffOf.get(c.lang)!.context)
  return page
}

describe.each(COMBOS)('the facilitator’s day ($lang, $size)', (c) => {
  it('1. opens on today’s and upcoming sessions, each with its live state kept current', async () => {
    const host = await console_(c)
    // Sessions come before the form to make one; the organization's settings are one step away.
    const order = await host.evaluate(() => {
      const list = document.querySelector('[data-testid="sessions-panel"]')!
      const form = document.querySelector('[data-testid="create-session-form"]')!
      return Boolean(list.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING)
    })
    expect(order).toBe(true)
    expect(await host.getByTestId('org-settings').count()).toBe(0)
    const { item, links } = await createSession(host, { lobby: true, count: 2 })
    expect(await item.getByTestId('session-state').textContent()).toBe(c.t.scheduled)

    // The room opened from a second tab: this console says Open, then who is present and waiting.
    const roomTab = await consolePage(staffOf.get(c.lang)!.context)
    const title = (await item.locator('h3').textContent()) ?? ''
    await openRoom(roomTab, roomTab.getByTestId('session-item').filter({ hasText: title }))
    const survivor = await person(c)
    await joinToLobby(survivor, links[0]!, 'Maple')
    await until(
      async () => (await item.getByTestId('session-state').textContent()) === c.t.open,
      'the console to say Open',
      15_000,
    )
    await until(
      async () => (await item.getByTestId('session-counts').textContent())?.includes(c.t.counts) ?? false,
      'present and waiting counts',
      15_000,
    )
    await shot(host, '1-console', c)
    await axeClean(host)

    await openOrgView(host)
    await shot(host, '1-organization', c)
    await axeClean(host)
    await roomTab.close()
    await host.close()
  })

  it('2. lists links by role with their state and a revoke button, the text to send one copy away', async () => {
    const host = await console_(c)
    const { item, links } = await createSession(host, { count: 2 })
    // The new link copied with the text to send, in each language.
    await item.getByTestId('new-link').first().getByTestId(`copy-with-message-${c.lang}`).click()
    const copied = await host.evaluate(() => navigator.clipboard.readText())
    expect(copied).toContain(c.t.message)
    expect(copied).toContain(links[0]!)
    await moreLinks(item, 'observer', 1)
    const list = item.getByTestId('link-list')
    const groups = list.getByTestId('link-group')
    await until(async () => (await groups.count()) === 2, 'two role groups')
    expect(await groups.locator('h5').allTextContents()).toEqual([c.t.participants, c.t.observers])
    const rows = list.getByTestId('link-row')
    expect(await rows.first().locator('.link-label').textContent()).toBe(c.t.link1)

    // Link 1 opened by a survivor: "used", and nothing says by whom.
    const survivor = await person(c)
    await joinAsSurvivor(survivor, links[0]!, 'Birch').catch(() => undefined)
    await until(async () => (await rows.first().getAttribute('data-state')) === 'used', 'link 1 used', 15_000)
    expect(await rows.first().getByTestId('link-state').textContent()).toBe(c.t.used)
    expect(await list.textContent()).not.toContain('Birch')
    expect(await rows.first().getByTestId('link-revoke').count()).toBe(0)

    // Link 2 revoked: it no longer opens.
    await rows.nth(1).getByTestId('link-revoke').click()
    await until(async () => (await rows.nth(1).getAttribute('data-state')) === 'revoked', 'link 2 revoked')
    expect(await rows.nth(1).getByTestId('link-state').textContent()).toBe(c.t.revoked)
    const late = await person(c)
    await late.goto(links[1]!)
    await late.getByTestId('join-error').waitFor({ timeout: 15_000 })
    await shot(host, '2-links', c)
    await axeClean(host)
    await host.close()
  })

  it('3. the room shows title and time left, goes back to the console without ending, makes a late link', async () => {
    const host = await console_(c)
    const title = `Evening circle ${c.lang} ${Date.now() % 10000}`
    const { item, links } = await createSession(host, { title, count: 1 })
    await openRoom(host, item)
    expect(await host.getByTestId('room-session-title').textContent()).toBe(title)
    expect(await host.getByTestId('time-left').textContent()).toContain(c.t.minLeft)
    const survivor = await person(c)
    await joinAsSurvivor(survivor, links[0]!, 'Cedar')
    await rosterShows(host, ['Cedar'])
    await shot(host, '3-room', c)
    await axeClean(host)

    // To the console and back, past this server's 3-second grace: nothing ended.
    await host.getByTestId('to-console').click()
    await host.getByTestId('room-banner').waitFor()
    expect(await host.getByTestId('room').isVisible()).toBe(false)
    await shot(host, '3-console-while-in-room', c)
    await axeClean(host)
    await host.waitForTimeout(4_500)
    expect(await survivor.getByTestId('ended-screen').count()).toBe(0)
    expect(await survivor.getByTestId('away-notice').count()).toBe(0)
    await host.getByTestId('back-to-room').click()
    await host.getByTestId('room').waitFor()

    // A late participant's link, made from the room.
    await host.getByTestId('late-link').locator('summary').click()
    await host.getByTestId('late-link').getByTestId('invite-create').click()
    const late = await host.getByTestId('late-link').getByTestId('invite-link').first().inputValue()
    const latecomer = await person(c)
    await joinAsSurvivor(latecomer, late, 'Hazel')
    await rosterShows(host, ['Cedar', 'Hazel'])
    await shot(host, '3-late-link', c)
    await host.close()
  })

  it('4. Remove asks first, naming the person; hands go up in their own list and the roster stays still', async () => {
    const host = await console_(c)
    const { item, links } = await createSession(host, { count: 2 })
    await openRoom(host, item)
    const [a, b] = [await person(c), await person(c)]
    await joinAsSurvivor(a, links[0]!, 'Aspen')
    await joinAsSurvivor(b, links[1]!, 'Willow')
    await rosterShows(host, ['Aspen', 'Willow'])
    const names = () => host.getByTestId('roster-member').locator('.name').allTextContents()
    const before = await names()
    await b.getByTestId('raise-hand').click()
    await host.getByTestId('hands-entry').first().waitFor()
    await a.getByTestId('raise-hand').click()
    await until(async () => (await host.getByTestId('hands-entry').count()) === 2, 'two hands')
    expect(await host.getByTestId('hands-entry').allTextContents()).toEqual(['Willow', 'Aspen'])
    expect(await host.getByTestId('hands-list').locator('h2').textContent()).toBe(c.t.handsTitle)
    expect(await names()).toEqual(before)

    const aspen = host.getByTestId('roster-member').filter({ hasText: 'Aspen' })
    await aspen.getByTestId('remove-member').click()
    const box = aspen.getByTestId('remove-confirm-box')
    expect(await box.textContent()).toContain('Aspen')
    expect(await box.textContent()).toContain(c.t.removeQ)
    await shot(host, '4-remove-confirm', c)
    await axeClean(host)
    // The roster changing meanwhile (Willow lowers her hand) leaves the question where it is.
    await b.getByTestId('raise-hand').click()
    await until(async () => (await host.getByTestId('hands-entry').count()) === 1, 'one hand')
    expect(await box.isVisible()).toBe(true)
    await aspen.getByTestId('remove-cancel').click()
    await host.waitForTimeout(300)
    expect(await a.getByTestId('room').count()).toBe(1)
    await aspen.getByTestId('remove-member').click()
    await aspen.getByTestId('remove-confirm').click()
    await a.getByTestId('removed-screen').waitFor({ timeout: 5_000 })
    await host.close()
  })

  it('5. her name for sessions is asked, editable, and the only one survivors see', async () => {
    const host = await console_(c)
    const panel = host.getByTestId('session-name-panel')
    expect(await panel.textContent()).toContain(c.t.colleagues)
    await panel.getByTestId('session-name').fill(c.sessionName)
    await panel.getByTestId('session-name-save').click()
    await until(async () => ((await panel.getByTestId('session-name-saved').textContent()) ?? '').includes(c.sessionName), 'saved')
    await shot(host, '5-names', c)
    await axeClean(host)
    await host.reload()
    await host.getByTestId('session-name').waitFor()
    expect(await host.getByTestId('session-name').inputValue()).toBe(c.sessionName)
    const { item, links } = await createSession(host, { count: 1 })
    await openRoom(host, item)
    const survivor = await person(c)
    await joinAsSurvivor(survivor, links[0]!, 'Juniper')
    await rosterShows(survivor, [c.sessionName])
    const roster = (await survivor.getByTestId('roster').textContent()) ?? ''
    expect(roster).not.toContain(c.name.split(' ')[1]!)
    await host.close()
  })

  it('6. an alert shows who and when, stays until handled, and gets one private reply (none in youth)', async () => {
    const host = await console_(c)
    const { item, links } = await createSession(host, { count: 1 })
    await openRoom(host, item)
    const survivor = await person(c)
    await joinAsSurvivor(survivor, links[0]!, 'Rowan')
    await rosterShows(host, ['Rowan'])
    await survivor.getByTestId('alert-button').click()
    await survivor.getByTestId('alert-not-safe').click()
    const alert = host.getByTestId('alert-item').first()
    await alert.waitFor({ timeout: 5_000 })
    expect(await alert.textContent()).toContain('Rowan')
    expect(await alert.getByTestId('alert-time').textContent()).toMatch(/\d{1,2}[:h ]\d{2}/)
    expect(await alert.getByTestId('alert-reply-text').inputValue()).toBe(c.t.replyDefault)
    await alert.getByTestId('alert-reply-send').click()
    await survivor.getByTestId('private-reply').waitFor({ timeout: 5_000 })
    expect(await survivor.getByTestId('private-reply').textContent()).toContain(c.t.replyFrom)
    expect(await survivor.getByTestId('private-reply-text').textContent()).toBe(c.t.replyDefault)
    await alert.getByTestId('alert-reply-sent').waitFor()
    await host.waitForTimeout(500)
    expect(await host.getByTestId('alert-item').count()).toBe(1)
    await shot(host, '6-alert-replied', c)
    await shot(survivor, '6-survivor-private-reply', c)
    await axeClean(host)
    await axeClean(survivor)
    await alert.getByTestId('alert-handled').click()
    await until(async () => (await host.getByTestId('alert-item').count()) === 0, 'alert handled')
    await host.close()
  })

  it('7. youth: Admit is disabled with the reason until two adults are present; the alert panel says no private messages', async () => {
    const host = await console_(c)
    const { item, links } = await createSession(host, { kind: 'youth', count: 1 })
    const [observerLink] = await moreLinks(item, 'observer', 1)
    await openRoom(host, item)
    const youth = await person(c)
    await joinToLobby(youth, links[0]!, 'Sky')
    const sky = lobbyEntry(host, 'Sky')
    await sky.waitFor({ timeout: 10_000 })
    expect(await sky.getByTestId('admit').isDisabled()).toBe(true)
    expect(await sky.getByTestId('admit-blocked').textContent()).toBe(c.t.admitBlocked)
    await shot(host, '7-youth-admit-blocked', c)
    await axeClean(host)
    const observer = await person(c)
    await joinToLobby(observer, observerLink!, 'Guardian')
    await admitFromLobby(host, 'Guardian')
    await until(async () => !(await sky.getByTestId('admit').isDisabled()), 'admit enabled', 10_000)
    expect(await sky.getByTestId('admit-blocked').count()).toBe(0)
    await sky.getByTestId('admit').click()
    await youth.getByTestId('room').waitFor({ timeout: 10_000 })
    await youth.getByTestId('alert-button').click()
    await youth.getByTestId('alert-step-away').click()
    const alert = host.getByTestId('alert-item').first()
    await alert.waitFor({ timeout: 5_000 })
    expect(await host.getByTestId('alert-no-reply').textContent()).toContain(c.t.youthNoReply)
    expect(await alert.getByTestId('alert-reply-send').count()).toBe(0)
    await shot(host, '7-youth-alert', c)
    await axeClean(host)
    await host.close()
  })

  it('8. on the other loopback name, staff pages say which address passkeys need', async () => {
    const port = new URL(baseUrl()).port
    const page = await staffOf.get(c.lang)!.context.newPage()
    await page.goto(`http://127.0.0.1:${port}/staff`)
    const notice = page.getByTestId('passkey-address')
    await notice.waitFor({ timeout: 15_000 })
    expect(await notice.textContent()).toContain(c.t.passkeys)
    expect(await notice.locator('a').getAttribute('href')).toBe(`http://localhost:${port}/staff`)
    await shot(page, '8-staff-on-127', c)
    await axeClean(page)
    const setup = await newSetupLink()
    await page.goto(setup.replace('localhost', '127.0.0.1'))
    await page.getByTestId('passkey-address').waitFor({ timeout: 15_000 })
    await shot(page, '8-setup-on-127', c)
    await page.close()
  })
})

describe('npm run dev prints one address, and the setup link last', () => {
  it('drops wrangler’s loopback IP address and ends with the setup link', () => {
    expect(wranglerLine('[wrangler:info] Ready on http://127.0.0.1:8787')).toBeNull()
    expect(wranglerLine('    curl "http://127.0.0.1:8787/cdn-cgi/local/scheduled"')).toBe(
      '    curl "http://localhost:8787/cdn-cgi/local/scheduled"',
    )
    expect(wranglerLine('Your Worker has access to the following bindings:')).toBe(
      'Your Worker has access to the following bindings:',
    )
    const lines: string[] = readyBanner({
      origin: 'http://localhost:8787',
      setupLink: 'http://localhost:8787/setup#abc',
    })
    const text = lines.join('\n')
    expect(text.match(/https?:\/\/[^\s]+/g)).toEqual([
      'http://localhost:8787/staff',
      'http://localhost:8787/setup#abc',
    ])
    expect(lines.filter((l) => l.trim()).at(-1)).toContain('/setup#abc')
  })
})
