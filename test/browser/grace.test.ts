// The facilitator's connection: a drop closes the session after the grace, a quick flap does not.
import { describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { useStaffBrowser } from './support/hooks'
import { consolePage, createSession, joinAsSurvivor, openRoom, rosterShows } from './support/havre'

/** FACILITATOR_GRACE_SECONDS given to `wrangler dev` by the global setup. */
const GRACE_MS = 3_000

const { browser, staff } = useStaffBrowser('Facilitator Claire')

async function liveSession(pseudonym: string) {
  const host = await consolePage(staff().context)
  const { item, links, sessionId } = await createSession(host, { count: 1 })
  await openRoom(host, item)
  const survivorContext: BrowserContext = await browser().newContext({ locale: 'en-US' })
  const survivor: Page = await survivorContext.newPage()
  await joinAsSurvivor(survivor, links[0]!, pseudonym)
  await rosterShows(survivor, [pseudonym, staff().name])
  return { host, item, sessionId, survivorContext, survivor }
}

describe('facilitator connection', () => {
  it('ends the session for everyone when the facilitator drops for longer than the grace', async () => {
    const { host, survivor, survivorContext } = await liveSession('Willow')

    const dropped = Date.now()
    await host.close()
    await survivor.getByTestId('facilitator-away').waitFor({ timeout: 2_000 })
    expect(await survivor.getByTestId('ended-screen').count()).toBe(0)

    await survivor.getByTestId('ended-screen').waitFor({ timeout: GRACE_MS + 7_000 })
    expect(Date.now() - dropped).toBeGreaterThanOrEqual(GRACE_MS - 500)
    expect(await survivor.getByTestId('room').count()).toBe(0)
    expect(await survivor.evaluate(() => sessionStorage.length)).toBe(0)
    await survivorContext.close()
  })

  it('keeps the session open when the facilitator reloads and comes back within the grace', async () => {
    const { host, item, survivor, survivorContext } = await liveSession('Birch')

    await host.reload()
    // Back in the room: either the reloaded page rejoins, or the facilitator opens it again
    // (a new seat from the console, which is fine).
    await host.getByTestId('room').or(item.getByTestId('open-room')).first().waitFor()
    if (!(await host.getByTestId('room').isVisible())) await openRoom(host, item)

    // Well past the grace, the survivor is still in the room and the warning has gone.
    await new Promise((r) => setTimeout(r, GRACE_MS + 2_000))
    expect(await survivor.getByTestId('ended-screen').count()).toBe(0)
    expect(await survivor.getByTestId('room').isVisible()).toBe(true)
    await expect
      .poll(() => survivor.getByTestId('facilitator-away').isVisible(), { timeout: 2_000 })
      .toBe(false)

    const text = 'Still here after the blip'
    await host.getByTestId('chat-input').fill(text)
    await host.getByTestId('chat-send').click()
    await survivor
      .getByTestId('chat-message')
      .filter({ hasText: text })
      .waitFor({ timeout: 10_000 })

    await host.getByTestId('end-session').click()
    await host.getByTestId('end-confirm').click()
    await survivor.getByTestId('ended-screen').waitFor({ timeout: 2_000 })
    await survivorContext.close()
    await host.close()
  })

  it('keeps the session open when the facilitator re-opens the room from the console in time', async () => {
    const { host, sessionId, survivor, survivorContext } = await liveSession('Rowan')

    // The tab is gone (closed or crashed); the facilitator opens the console again at once.
    await host.close()
    const again = await consolePage(staff().context)
    const item = again.locator(`[data-testid="session-item"][data-session-id="${sessionId}"]`)
    await openRoom(again, item)

    await new Promise((r) => setTimeout(r, GRACE_MS + 2_000))
    expect(await survivor.getByTestId('ended-screen').count()).toBe(0)
    expect(await survivor.getByTestId('room').isVisible()).toBe(true)
    await expect
      .poll(() => survivor.getByTestId('facilitator-away').isVisible(), { timeout: 2_000 })
      .toBe(false)
    await rosterShows(survivor, ['Rowan', staff().name])

    await again.getByTestId('end-session').click()
    await again.getByTestId('end-confirm').click()
    await survivor.getByTestId('ended-screen').waitFor({ timeout: 2_000 })
    await survivorContext.close()
    await again.close()
  })
})
