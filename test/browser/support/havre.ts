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

/** A Havre the tests reach: its origin and its wrangler state directory. */
type Server = { base: string; persistTo: string }

/** The Havre of the global setup. */
const globalServer = (): Server => ({ base: baseUrl(), persistTo: inject('persistTo') })

/** A fresh one-time staff setup link, written into `server`'s D1 as `npm run setup-link` does. */
async function setupLinkOn(server: Server): Promise<string> {
  const file = path.resolve(import.meta.dirname, '..', '..', '..', 'scripts', 'setup-link.mjs')
  const mod = (await import(pathToFileURL(file).href)) as SetupLinkModule
  return mod.createSetupLink({ persistTo: server.persistTo, origin: server.base, quiet: true })
}

/** A fresh one-time staff setup link for the global setup's Havre. */
export const newSetupLink = (): Promise<string> => setupLinkOn(globalServer())

export type Staff = { context: BrowserContext; page: Page; name: string }

/** Registers an admin's passkey through a setup link; returns the signed-in console page. */
export function registerStaff(
  browser: Browser,
  name = 'Facilitator Anne',
  options: BrowserContextOptions = {},
): Promise<Staff> {
  return registerStaffOn(browser, globalServer(), name, options)
}

/** A new console tab in a signed-in staff context. */
export async function consolePage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${baseUrl()}/staff`)
  await page.getByTestId('create-session-form').waitFor()
  return page
}

export type CreatedSession = { sessionId: string; links: string[]; item: Locator }

export type SessionOptions = {
  kind?: string
  title?: string
  /** The agreement in English, and in French (the same text unless `agreementFr` is given). */
  agreement?: string
  agreementFr?: string
  count?: number
  role?: string
  /** The lobby is on by default in the console; off here unless a test asks for it. */
  lobby?: boolean
  /** '' is the organization's notice; the default, a blank one, shows none (nothing to acknowledge). */
  notice?: string
  /** The notice in French (the same as `notice` unless given). */
  noticeFr?: string
  /** Links that ask for the code word agreed with an advocate. */
  requiresCodeWord?: boolean
  /** For kind `chat`: how many minutes the link is valid. */
  durationMinutes?: number
  /** datetime-local values for the opening and closing times (other kinds). */
  opensAt?: string
  closesAt?: string
}

/** Creates a session from the console and makes `count` one-time links of `role`. */
export async function createSession(
  page: Page,
  {
    kind = 'group',
    title = `Tuesday circle ${Math.random().toString(36).slice(2, 8)}`,
    agreement = 'What is said here stays here. Use a pseudonym.',
    agreementFr = agreement,
    count = 2,
    role = 'participant',
    lobby = false,
    notice = ' ',
    noticeFr = notice,
    requiresCodeWord = false,
    durationMinutes,
    opensAt,
    closesAt,
  }: SessionOptions = {},
): Promise<CreatedSession> {
  await page.getByTestId('session-kind').selectOption(kind)
  await page.getByTestId('session-title').fill(title)
  await page.getByTestId('session-agreement-en').fill(agreement)
  await page.getByTestId('session-agreement-fr').fill(agreementFr)
  await page.getByTestId('session-notice-en').fill(notice)
  await page.getByTestId('session-notice-fr').fill(noticeFr)
  await page.getByTestId('session-lobby').setChecked(lobby)
  if (durationMinutes !== undefined) {
    await page.getByTestId('chat-duration').fill(String(durationMinutes))
  }
  if (opensAt) await page.getByTestId('session-opens').fill(opensAt)
  if (closesAt) await page.getByTestId('session-closes').fill(closesAt)
  await page.getByTestId('session-create').click()
  const item = page.getByTestId('session-item').filter({ hasText: title })
  await item.waitFor()
  const sessionId = await item.getAttribute('data-session-id')
  if (!sessionId) throw new Error('session-item has no data-session-id')
  await item.getByTestId('invite-role').selectOption(role)
  await item.getByTestId('invite-count').fill(String(count))
  if (requiresCodeWord) await item.getByTestId('invite-code-word').check()
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

/** A survivor opens a link and joins by text where a lobby holds her: she sees the waiting screen. */
export async function joinToLobby(
  page: Page,
  link: string,
  pseudonym: string,
  codeWord?: string,
): Promise<void> {
  await page.goto(link)
  await page.getByTestId('agreement').waitFor({ timeout: 15_000 })
  await page.getByTestId('pseudonym').fill(pseudonym)
  if (codeWord !== undefined) await page.getByTestId('code-word').fill(codeWord)
  await page.getByTestId('consent').check()
  await page.getByTestId('mode-text').click()
  await page.getByTestId('join-button').click()
  await page.getByTestId('waiting-screen').waitFor({ timeout: 15_000 })
}

/** The facilitator's lobby entry for `pseudonym`. */
export const lobbyEntry = (facilitatorPage: Page, pseudonym: string): Locator =>
  facilitatorPage.getByTestId('lobby-entry').filter({ hasText: pseudonym })

/** The facilitator admits `pseudonym` from the lobby panel. */
export async function admitFromLobby(facilitatorPage: Page, pseudonym: string): Promise<void> {
  const entry = lobbyEntry(facilitatorPage, pseudonym)
  await entry.waitFor({ timeout: 10_000 })
  await entry.getByTestId('admit').click()
}

/** A minute-precise datetime-local value `ms` from now, in the browser's local time. */
export const localInputIn = (ms: number): string => {
  const d = new Date(Date.now() + ms)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

type WranglerModule = { wrangler: (args: string[], options: { quiet: boolean }) => string }

/** Forgets the organization's saved settings in the local D1 (back to the deployment's defaults,
 * e.g. the 3-second grace the other tests rely on). */
export async function resetOrgSettings(): Promise<void> {
  const file = path.resolve(import.meta.dirname, '..', '..', '..', 'scripts', 'wrangler.mjs')
  const mod = (await import(pathToFileURL(file).href)) as WranglerModule
  const where = ['--local', '--persist-to', inject('persistTo')]
  mod.wrangler(['d1', 'execute', 'DB', ...where, '--command', 'DELETE FROM org_settings'], {
    quiet: true,
  })
}

// ── A second Havre with the real LiveKit server, for media tests ──

export type MediaHavre = {
  /** The origin a browser uses (localhost: a secure context). */
  base: string
  persistTo: string
  /** The real livekit-server, its webhook pointed at this Havre. */
  livekit: import('../../../scripts/livekit.mjs').RunningLivekit
  /** wrangler dev's log (webhooks received show up there). */
  logFile: string
  close: () => Promise<void>
}

/**
 * Starts the real livekit-server (pinned, on free loopback ports, its webhook to this Havre) and a
 * `wrangler dev` on a fresh local state configured to use it (the 3-second grace of the other tests).
 */
export async function startMediaHavre(): Promise<MediaHavre> {
  const { rmSync } = await import('node:fs')
  const { startLocalLivekit } = await import('../../../scripts/livekit.mjs')
  const { freePort, killTree, migratedState, spawnWranglerDev, waitForConfig } = await import(
    './wrangler'
  )
  const port = await freePort()
  const livekit = await startLocalLivekit({
    webhookUrl: `http://127.0.0.1:${port}/api/livekit/webhook`,
    keepLogs: Boolean(process.env.HAVRE_KEEP_STATE),
  })
  const persistTo = migratedState('havre-media-')
  const dev = await spawnWranglerDev(
    persistTo,
    [
      `LIVEKIT_URL:${livekit.url}`,
      `LIVEKIT_API_KEY:${livekit.apiKey}`,
      `LIVEKIT_API_SECRET:${livekit.apiSecret}`,
    ],
    port,
  )
  const close = async () => {
    await killTree(dev.child)
    await livekit.stop()
    if (!process.env.HAVRE_KEEP_STATE) rmSync(persistTo, { recursive: true, force: true })
  }
  try {
    await waitForConfig(dev, (config) => Boolean(config.media))
  } catch (err) {
    await close()
    throw err
  }
  return { base: `http://localhost:${dev.port}`, persistTo, livekit, logFile: dev.logFile, close }
}

/** Registers a staff passkey on another Havre (such as startMediaHavre's); returns the console. */
export async function registerStaffOn(
  browser: Browser,
  server: Server,
  name = 'Facilitator Anne',
  options: BrowserContextOptions = {},
): Promise<Staff> {
  const link = await setupLinkOn(server)
  const context = await browser.newContext({ locale: 'en-US', ...options })
  const page = await context.newPage()
  await addAuthenticator(page)
  await page.goto(link)
  await page.getByTestId('display-name').fill(name)
  // The name survivors see in sessions: the tests use the same one.
  await page.getByTestId('session-name').fill(name.slice(0, 40))
  await page.getByTestId('register-passkey').click()
  await page.getByTestId('staff-name').waitFor({ timeout: 15_000 })
  return { context, page, name }
}

/** An admin's console: the organization's settings and staff invites (one step from sessions). */
export async function openOrgView(page: Page): Promise<void> {
  await page.getByTestId('nav-org').click()
  await page.getByTestId('org-settings').waitFor()
}

/** Back to the sessions from the organization's settings. */
export async function openSessionsView(page: Page): Promise<void> {
  await page.getByTestId('nav-sessions').click()
  await page.getByTestId('create-session-form').waitFor()
}

/** More one-time links of `role` for a session item (after createSession); their URLs. */
export async function moreLinks(item: Locator, role: string, count = 1): Promise<string[]> {
  const inputs = item.getByTestId('invite-link')
  const before = await inputs.first().inputValue().catch(() => '')
  await item.getByTestId('invite-role').selectOption(role)
  await item.getByTestId('invite-count').fill(String(count))
  await item.getByTestId('invite-create').click()
  const deadline = Date.now() + 10_000
  while ((await inputs.first().inputValue().catch(() => before)) === before) {
    if (Date.now() > deadline) throw new Error(`no new ${role} link`)
    await new Promise((r) => setTimeout(r, 50))
  }
  await inputs.nth(count - 1).waitFor()
  const links: string[] = []
  for (let i = 0; i < count; i++) links.push(await inputs.nth(i).inputValue())
  return links
}
