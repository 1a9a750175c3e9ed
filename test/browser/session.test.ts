// A group session: a survivor joins by one-time link, chats end to end, the facilitator ends it.
import { describe, expect, it } from 'vitest'
import { useStaffBrowser } from './support/hooks'
import { baseUrl, consolePage, createSession, openRoom, rosterShows } from './support/havre'

const { browser, staff } = useStaffBrowser('Facilitator Anne')

describe('a group session', () => {
  it('lets a survivor join once, chat end to end, and closes for everyone when ended', async () => {
    const host = await consolePage(staff().context)
    const { links, item } = await createSession(host, { kind: 'group', count: 2 })
    const link = links[0]!
    expect(link).toMatch(new RegExp(`^${baseUrl()}/j#[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`))
    await openRoom(host, item)

    const survivorContext = await browser().newContext({ locale: 'en-US' })
    expect(await survivorContext.cookies()).toHaveLength(0)
    const survivor = await survivorContext.newPage()
    const sent: string[] = []
    survivor.on('websocket', (ws) =>
      ws.on('framesent', (frame) => sent.push(String(frame.payload))),
    )

    await survivor.goto(link)
    // The secret leaves the address bar at once: only /j remains, in history too.
    await expect.poll(() => survivor.url(), { timeout: 2_000, interval: 20 }).toBe(`${baseUrl()}/j`)
    await survivor.getByTestId('agreement').waitFor({ timeout: 15_000 })
    expect(await survivor.getByTestId('agreement').textContent()).toContain('stays here')
    await survivor.getByTestId('safety-notice').waitFor()
    await survivor.getByTestId('pseudonym').fill('Maple')
    await survivor.getByTestId('consent').check()
    await survivor.getByTestId('mode-text').click()
    await survivor.getByTestId('join-button').click()
    await survivor.getByTestId('room').waitFor({ timeout: 15_000 })

    await rosterShows(survivor, ['Maple', staff().name])
    await rosterShows(host, ['Maple', staff().name])

    const fromSurvivor = 'I made it through the week, barely'
    await survivor.getByTestId('chat-input').fill(fromSurvivor)
    await survivor.getByTestId('chat-send').click()
    await host
      .getByTestId('chat-message')
      .filter({ hasText: fromSurvivor })
      .waitFor({ timeout: 10_000 })

    const fromHost = 'Welcome Maple, we are glad you are here'
    await host.getByTestId('chat-input').fill(fromHost)
    await host.getByTestId('chat-send').click()
    await survivor
      .getByTestId('chat-message')
      .filter({ hasText: fromHost })
      .waitFor({ timeout: 10_000 })

    // Zero-knowledge relay: the survivor's browser sent the message, but never in plaintext.
    const chatFrames = sent.filter((f) => f.includes('"chat"'))
    expect(chatFrames.length).toBeGreaterThanOrEqual(1)
    for (const frame of sent) {
      expect(frame).not.toContain(fromSurvivor)
      expect(frame).not.toContain('barely')
    }

    // The same link, found later by someone else: a clear error and no seat.
    const otherContext = await browser().newContext({ locale: 'en-US' })
    const other = await otherContext.newPage()
    let otherSockets = 0
    other.on('websocket', () => otherSockets++)
    await other.goto(link)
    const error = other.getByTestId('join-error')
    await error.waitFor({ timeout: 15_000 })
    expect(await error.textContent()).toContain('already been used')
    expect(await other.getByTestId('join-button').count()).toBe(0)
    expect(await other.getByTestId('room').count()).toBe(0)
    expect(otherSockets).toBe(0)
    expect(await other.evaluate(() => sessionStorage.length)).toBe(0)
    await otherContext.close()
    await rosterShows(host, ['Maple'])
    expect(await host.getByTestId('roster-member').count()).toBe(2)

    // An explicit end reaches the survivor within a second.
    await host.getByTestId('end-session').click()
    const started = Date.now()
    await host.getByTestId('end-confirm').click()
    await expect
      .poll(() => survivor.getByTestId('ended-screen').isVisible(), {
        timeout: 1_000,
        interval: 25,
      })
      .toBe(true)
    const elapsed = Date.now() - started
    expect(elapsed).toBeLessThanOrEqual(1_000)
    expect(await survivor.getByTestId('room').count()).toBe(0)
    expect(await survivor.evaluate(() => sessionStorage.length)).toBe(0)
    expect(await survivorContext.cookies()).toHaveLength(0)
    expect(await survivor.evaluate(() => localStorage.length)).toBe(0)

    // The second, unused link now says the session has ended.
    const lateContext = await browser().newContext({ locale: 'en-US' })
    const late = await lateContext.newPage()
    await late.goto(links[1]!)
    await late.getByTestId('join-error').waitFor({ timeout: 15_000 })
    expect(await late.getByTestId('join-error').textContent()).toContain('ended')
    await lateContext.close()
    await survivorContext.close()
    await host.close()
  })
})
