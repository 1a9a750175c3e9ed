// Per-file setup: one Chromium, and a signed-in staff member, from beforeAll to afterAll.
import { afterAll, beforeAll } from 'vitest'
import type { Browser, BrowserContextOptions } from 'playwright-core'
import { launchBrowser } from './browser'
import { registerStaff, type Staff } from './havre'

/** Launches Chromium before the file's tests and closes it after them; a getter for it. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
  })
  return () => browser!
}

/** useBrowser, and a staff member `name` registered in it before the tests (registerStaff). */
export function useStaffBrowser(
  name: string,
  options: BrowserContextOptions = {},
): { browser: () => Browser; staff: () => Staff } {
  const browser = useBrowser()
  let staff: Staff | undefined
  beforeAll(async () => {
    staff = await registerStaff(browser(), name, options)
  })
  return { browser, staff: () => staff! }
}
