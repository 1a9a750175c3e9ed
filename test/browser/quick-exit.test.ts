// Quick exit on a real profile: Shift ×3 or the button leaves, Back cannot return, nothing is kept.
import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { launchProfile } from './support/browser'
import { useStaffBrowser } from './support/hooks'
import {
  baseUrl,
  consolePage,
  createSession,
  joinAsSurvivor,
  localInputIn,
  openRoom,
  rosterShows,
} from './support/havre'

const { browser, staff } = useStaffBrowser('Facilitator Dominique')

/** A profile on disk whose quick exit lands on a routed stand-in (held until `hold` if given). */
async function exitProfile(hold?: Promise<void>, onExit = () => {}) {
  const profile = await launchProfile()
  await profile.context.route('https://www.google.com/**', async (route) => {
    onExit()
    await hold
    await route.fulfill({ body: '<html><title>Weather</title></html>', contentType: 'text/html' })
  })
  const page = profile.context.pages()[0] ?? (await profile.context.newPage())
  const redeems: string[] = []
  page.on('request', (r) => {
    if (r.url().endsWith('/api/redeem')) redeems.push(r.url())
  })
  return { ...profile, page, redeems }
}

/** The same tab reopened on /j after quick exit: nothing kept, nothing redeemed, the neutral page. */
async function nothingRedeemedOnJ(page: Page, redeems: string[]) {
  await page.goto(`${baseUrl()}/`)
  expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([])
  const before = redeems.length
  await page.goto(`${baseUrl()}/j`)
  await page.getByTestId('join-error').waitFor({ timeout: 15_000 })
  expect(await page.getByTestId('opens-at').count()).toBe(0)
  await page.getByTestId('nothing-here').waitFor()
  expect(redeems.length - before).toBe(0)
  expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([])
}

/** A survivor in a live room, in a profile on disk; quick exit lands on a routed stand-in. */
async function survivorInRoom(pseudonym: string) {
  const host = await consolePage(staff().context)
  const { item, links } = await createSession(host, { count: 1 })
  await openRoom(host, item)
  const profile = await launchProfile()
  const { context } = profile
  // The test machine has no network: the neutral destination is answered locally.
  await context.route('https://www.google.com/**', (route) =>
    route.fulfill({ body: '<html><title>Weather</title></html>', contentType: 'text/html' }),
  )
  const page = context.pages()[0] ?? (await context.newPage())
  await joinAsSurvivor(page, links[0]!, pseudonym)
  await rosterShows(page, [pseudonym])
  await page.getByTestId('chat-input').fill('hello everyone')
  await page.getByTestId('chat-send').click()
  await page.getByTestId('chat-message').filter({ hasText: 'hello everyone' }).waitFor()
  return { host, page, context, dispose: profile.dispose }
}

/** Back does not return to Havre, and the Havre origin keeps nothing in this profile. */
async function expectNoTrace(page: Page, context: BrowserContext) {
  const origin = baseUrl()
  await page.goBack().catch(() => null)
  expect(page.url().startsWith(origin)).toBe(false)

  expect(await context.cookies(origin)).toHaveLength(0)
  // The same tab (its sessionStorage namespace) opened on the Havre home page.
  await page.goto(`${origin}/`)
  const trace = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    databases: (await indexedDB.databases()).map((d) => d.name),
    workers: (await navigator.serviceWorker.getRegistrations()).length,
    caches: await caches.keys(),
  }))
  expect(trace).toEqual({ local: 0, session: 0, databases: [], workers: 0, caches: [] })
  // And a fresh tab on the same origin.
  const fresh = await context.newPage()
  await fresh.goto(`${origin}/`)
  const freshTrace = await fresh.evaluate(async () => ({
    local: localStorage.length,
    databases: (await indexedDB.databases()).map((d) => d.name),
    workers: (await navigator.serviceWorker.getRegistrations()).length,
    caches: await caches.keys(),
  }))
  expect(freshTrace).toEqual({ local: 0, databases: [], workers: 0, caches: [] })
  expect(await context.cookies(origin)).toHaveLength(0)
}

describe('quick exit', () => {
  it('leaves on Shift pressed three times and leaves no trace', async () => {
    const { host, page, context, dispose } = await survivorInRoom('Aspen')
    try {
      // From the top of the page: scrolled, the room's corner can sit under the sticky bar, which
      // would take the click (a pointer on the bar would not be on the page she is reading).
      await page.evaluate(() => window.scrollTo(0, 0))
      await page.getByTestId('room').click({ position: { x: 5, y: 5 } })
      await page.keyboard.press('Shift')
      await page.keyboard.press('Shift')
      await page.keyboard.press('Shift')
      await page.waitForURL(/^https:\/\/www\.google\.com\//, { timeout: 5_000 })
      expect(await page.title()).toBe('Weather')
      // The facilitator sees the survivor go.
      const aspen = host.getByTestId('roster-member').filter({ hasText: 'Aspen' })
      await expect
        .poll(async () => (await aspen.count()) === 0 || /offline/.test(await aspen.innerText()), {
          timeout: 5_000,
        })
        .toBe(true)
      await expectNoTrace(page, context)
    } finally {
      await dispose()
      await host.close()
    }
  })

  it('leaves with the quick-exit button and leaves no trace', async () => {
    const { host, page, context, dispose } = await survivorInRoom('Cedar')
    try {
      await page.getByTestId('quick-exit').click()
      await page.waitForURL(/^https:\/\/www\.google\.com\//, { timeout: 5_000 })
      expect(await page.title()).toBe('Weather')
      await expectNoTrace(page, context)
    } finally {
      await dispose()
      await host.close()
    }
  })

  it('is offered before joining too, and Shift typed inside a word does not trigger it', async () => {
    const host = await consolePage(staff().context)
    const { links } = await createSession(host, { count: 1 })
    const profile = await launchProfile()
    try {
      await profile.context.route('https://www.google.com/**', (route) =>
        route.fulfill({ body: '<html><title>Weather</title></html>', contentType: 'text/html' }),
      )
      const page = profile.context.pages()[0] ?? (await profile.context.newPage())
      await page.goto(links[0]!)
      await page.getByTestId('agreement').waitFor({ timeout: 15_000 })
      await page.getByTestId('quick-exit').waitFor()
      // Capital letters in a pseudonym are not Shift pressed on its own (GOV.UK's rule).
      await page.getByTestId('pseudonym').focus()
      for (const key of ['Shift+A', 'Shift+B', 'Shift+C']) await page.keyboard.press(key)
      await new Promise((r) => setTimeout(r, 300))
      expect(page.url()).toBe(`${baseUrl()}/j`)
      await page.getByTestId('quick-exit').click()
      await page.waitForURL(/^https:\/\/www\.google\.com\//, { timeout: 5_000 })
      await expectNoTrace(page, profile.context)
    } finally {
      await profile.dispose()
      await host.close()
    }
  })

  it('forgets a link kept on the "not open yet" page: /j in the same tab redeems nothing after', async () => {
    const host = await consolePage(staff().context)
    const { links } = await createSession(host, {
      opensAt: localInputIn(3 * 3600_000),
      closesAt: localInputIn(5 * 3600_000),
      count: 1,
    })
    const { page, redeems, dispose } = await exitProfile()
    try {
      await page.goto(links[0]!)
      await page.getByTestId('opens-at').waitFor({ timeout: 15_000 })
      // The page keeps the link to try again later, in this tab only.
      expect(await page.evaluate(() => sessionStorage.getItem('havre.pending'))).toMatch(/\./)
      await page.getByTestId('quick-exit').click()
      await page.waitForURL(/^https:\/\/www\.google\.com\//, { timeout: 5_000 })
      await nothingRedeemedOnJ(page, redeems)
    } finally {
      await dispose()
      await host.close()
    }
  })

  it.each([
    { when: 'not open yet', later: true },
    { when: 'open', later: false },
  ])('keeps nothing from a link still being redeemed when she leaves ($when)', async ({ later }) => {
    const host = await consolePage(staff().context)
    const { item, links } = await createSession(host, {
      ...(later ? { opensAt: localInputIn(3 * 3600_000), closesAt: localInputIn(5 * 3600_000) } : {}),
      count: 1,
    })
    if (!later) await openRoom(host, item)
    // The neutral page is held back: the old page lives on while its answer comes in.
    let release = () => {}
    const held = new Promise<void>((r) => (release = r))
    let exited = () => {}
    const exitStarted = new Promise<void>((r) => (exited = r))
    const { page, context, redeems, dispose } = await exitProfile(held, exited)
    let answer = () => {}
    const answered = new Promise<void>((r) => (answer = r))
    let letRedeem = () => {}
    const redeemHeld = new Promise<void>((r) => (letRedeem = r))
    await context.route('**/api/redeem', async (route) => {
      await redeemHeld
      await route.continue()
      answer()
    })
    try {
      await page.goto(links[0]!)
      // Playwright's click waits for the navigation it starts, held here: not awaited yet.
      const clicking = page.getByTestId('quick-exit').click()
      // Quick exit has wiped the tab and asked for the neutral page; now the answer comes in.
      await exitStarted
      letRedeem()
      await answered
      await new Promise((r) => setTimeout(r, 500))
      release()
      await clicking
      await page.waitForURL(/^https:\/\/www\.google\.com\//, { timeout: 5_000 })
      await context.unroute('**/api/redeem')
      await nothingRedeemedOnJ(page, redeems)
    } finally {
      release()
      await dispose()
      await host.close()
    }
  })
})
