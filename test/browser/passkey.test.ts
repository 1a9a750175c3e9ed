// Staff passkeys in a real browser: register from the setup link, sign out and in, link works once.
import { describe, expect, it } from 'vitest'
import { addAuthenticator } from './support/browser'
import { useBrowser } from './support/hooks'
import { baseUrl, newSetupLink } from './support/havre'

const browser = useBrowser()

describe('staff passkeys', () => {
  it('registers the first admin, signs out and back in, and refuses the spent setup link', async () => {
    const link = await newSetupLink()
    const context = await browser().newContext({ locale: 'en-US' })
    const page = await context.newPage()
    const authenticator = await addAuthenticator(page)

    await page.goto(link)
    // The secret leaves the address bar as soon as the page has read it.
    await expect.poll(() => page.url(), { timeout: 5_000 }).not.toContain('#')
    await page.getByTestId('display-name').fill('Admin Béatrice')
    await page.getByTestId('session-name').fill('Béatrice')
    await page.getByTestId('register-passkey').click()
    await page.getByTestId('staff-name').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('staff-name').textContent()).toContain('Admin Béatrice')
    expect(page.url()).not.toContain('#')

    const cookie = (await context.cookies(baseUrl())).find((c) => c.name === '__Host-havre_staff')
    expect(cookie).toBeDefined()
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' })

    await page.getByTestId('sign-out').click()
    await page.getByTestId('sign-in').waitFor()
    expect(await page.getByTestId('staff-name').count()).toBe(0)
    const afterSignOut = await context.cookies(baseUrl())
    expect(afterSignOut.find((c) => c.name === '__Host-havre_staff')).toBeUndefined()

    await page.getByTestId('sign-in').click()
    await page.getByTestId('staff-name').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('staff-name').textContent()).toContain('Admin Béatrice')
    expect(await authenticator.credentialCount()).toBe(1)
    await context.close()

    // Someone who finds the link later (history, a forwarded message) cannot register with it.
    const later = await browser().newContext({ locale: 'en-US' })
    const laterPage = await later.newPage()
    const laterAuthenticator = await addAuthenticator(laterPage)
    await laterPage.goto(link)
    await laterPage.getByTestId('display-name').fill('Intruder')
    await laterPage.getByTestId('session-name').fill('Intruder')
    await laterPage.getByTestId('register-passkey').click()
    await laterPage.getByText('already been used').first().waitFor({ timeout: 10_000 })
    expect(await laterPage.getByTestId('staff-name').count()).toBe(0)
    expect(await laterAuthenticator.credentialCount()).toBe(0)
    const laterCookies = await later.cookies(baseUrl())
    expect(laterCookies.find((c) => c.name === '__Host-havre_staff')).toBeUndefined()
    await later.close()
  })
})
