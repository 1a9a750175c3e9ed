// In the room: a reload keeps a survivor's seat, the discreet title, and removal that is final.
import { describe, expect, it } from 'vitest'
import { useStaffBrowser } from './support/hooks'
import { consolePage, createSession, joinAsSurvivor, openRoom, rosterShows } from './support/havre'

const { browser, staff } = useStaffBrowser('Facilitator Fatou')

describe('moderation and the survivor’s tab', () => {
  it('keeps the seat across a reload, offers a neutral title, and removal is final', async () => {
    const host = await consolePage(staff().context)
    const { item, links } = await createSession(host, { count: 1 })
    await openRoom(host, item)

    const survivorContext = await browser().newContext({ locale: 'en-US' })
    const survivor = await survivorContext.newPage()
    await joinAsSurvivor(survivor, links[0]!, 'Juniper')
    await rosterShows(host, ['Juniper'])

    // A neutral tab title for someone who may be watched.
    await survivor.getByTestId('discreet-toggle').click()
    await expect.poll(() => survivor.title()).toBe('Weather')
    expect(await survivor.title()).not.toContain('Havre')

    // A reload goes straight back to the room, on the same seat.
    await survivor.reload()
    await survivor.getByTestId('room').waitFor({ timeout: 15_000 })
    await rosterShows(survivor, ['Juniper', staff().name])
    await expect
      .poll(() => host.getByTestId('roster-member').filter({ hasText: 'Juniper' }).count())
      .toBe(1)

    // Removed means out, within a second, with nothing left to come back with.
    const member = host.getByTestId('roster-member').filter({ hasText: 'Juniper' })
    await member.getByTestId('remove-member').click()
    const started = Date.now()
    await member.getByTestId('remove-confirm').click()
    await survivor.getByTestId('removed-screen').waitFor({ timeout: 1_000 })
    expect(Date.now() - started).toBeLessThanOrEqual(1_000)
    expect(await survivor.getByTestId('room').count()).toBe(0)
    expect(await survivor.evaluate(() => sessionStorage.length)).toBe(0)
    await expect.poll(() => member.count(), { timeout: 5_000 }).toBe(0)

    await survivor.reload()
    await survivor.getByTestId('join-error').waitFor({ timeout: 15_000 })
    expect(await survivor.getByTestId('room').count()).toBe(0)
    await survivorContext.close()

    await host.getByTestId('end-session').click()
    await host.getByTestId('end-confirm').click()
    await host.getByTestId('ended-screen').waitFor({ timeout: 5_000 })
    await host.close()
  })
})
