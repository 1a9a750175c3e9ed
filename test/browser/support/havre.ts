// Havre as a person uses it: staff registration, sessions and links from the console, joining.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { inject } from 'vitest'
import type { Browser, BrowserContext, BrowserContextOptions, Locator, Page } from 'playwright-core'
import { addAuthenticator } from './browser'

export const baseUrl = () => inject('baseUrl')

type SetupLinkModule = {
  createSetupLink: (options: { persistTo: string; origin: string; quiet: boolean }) => string
}

/** A fresh one-time staff setup link, written into the local D1 as `npm run setup-link` does. */
export async function newSetupLink(): Promise<string> {
  const file = path.resolve(import.meta.dirname, '..', '..', '..', 'scripts', 'setup-link.mjs')
  const mod = (await import(pathToFileURL(file).href)) as SetupLinkModule
  return mod.createSetupLink({ persistTo: inject('persistTo'), origin: baseUrl(), quiet: true })
}

export type Staff = { context: BrowserContext; page: Page; name: string }

/** Registers an admin's passkey through a setup link; returns the signed-in console page. */
export async function registerStaff(
  browser: Browser,
  name = 'Facilitator Anne',
  options: BrowserContextOptions = {},
): Promise<Staff> {
  const link = await newSetupLink()
  const context = await browser.newContext({ locale: 'en-US', ...options })
  const page = await context.newPage()
  await addAuthenticator(page)
  await page.goto(link)
  await page.getByTestId('display-name').fill(name)
  await page.getByTestId('register-passkey').click()
  await page.getByTestId('staff-name').waitFor({ timeout: 15_000 })
  return { context, page, name }
}

/** A new console tab in a signed-in staff context. */
export async function consolePage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${baseUrl()}/staff`)
  await page.getByTestId('create-session-form').waitFor()
  return page
}

export type CreatedSession = { sessionId: string; links: string[]; item: Locator }

/** Creates a session from the console and makes `count` one-time links of `role`. */
export async function createSession(
  page: Page,
  {
    kind = 'group',
    title = `Tuesday circle ${Math.random().toString(36).slice(2, 8)}`,
    agreement = 'What is said here stays here. Use a pseudonym.',
    count = 2,
    role = 'participant',
  }: { kind?: string; title?: string; agreement?: string; count?: number; role?: string } = {},
): Promise<CreatedSession> {
  await page.getByTestId('session-kind').selectOption(kind)
  await page.getByTestId('session-title').fill(title)
  await page.getByTestId('session-agreement').fill(agreement)
  await page.getByTestId('session-create').click()
  const item = page.getByTestId('session-item').filter({ hasText: title })
  await item.waitFor()
  const sessionId = await item.getAttribute('data-session-id')
  if (!sessionId) throw new Error('session-item has no data-session-id')
  await item.getByTestId('invite-role').selectOption(role)
  await item.getByTestId('invite-count').fill(String(count))
  await item.getByTestId('invite-create').click()
  const inputs = item.getByTestId('invite-link')
  await inputs.nth(count - 1).waitFor()
  const links: string[] = []
  for (let i = 0; i < count; i++) links.push(await inputs.nth(i).inputValue())
  return { sessionId, links, item }
}

/** The facilitator opens the live room of a session from its console item. */
export async function openRoom(page: Page, item: Locator): Promise<void> {
  await item.getByTestId('open-room').click()
  await page.getByTestId('room').waitFor({ timeout: 15_000 })
}

/** A survivor opens a link, reads the agreement, takes a pseudonym and joins by text. */
export async function joinAsSurvivor(page: Page, link: string, pseudonym: string): Promise<void> {
  await page.goto(link)
  await page.getByTestId('agreement').waitFor({ timeout: 15_000 })
  await page.getByTestId('pseudonym').fill(pseudonym)
  await page.getByTestId('consent').check()
  await page.getByTestId('mode-text').click()
  await page.getByTestId('join-button').click()
  await page.getByTestId('room').waitFor({ timeout: 15_000 })
}

/** Resolves when the roster on `page` lists every name in `names`. */
export async function rosterShows(page: Page, names: string[], timeout = 10_000): Promise<void> {
  const roster = page.getByTestId('roster')
  for (const name of names) {
    await roster.getByTestId('roster-member').filter({ hasText: name }).first().waitFor({ timeout })
  }
}
