// A narrow link (issue 19, items 1 and 4), with Havre, livekit-server and Chromium in a network
// namespace of their own: at 100 kbit/s to one participant's peer connections, the SFU pauses the
// video she receives to keep the sound, she is told so in words, her own connection reads "weak",
// the facilitator sees "weak connection" on her tile and roster row, and the group's speech keeps
// reaching her; the limit lifted, video stays paused until she turns it back on ("Video is back").
// Figures are in `npm run bench:network`.
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { registerStaffOn } from '../browser/support/havre'
import { joinWith, mediaPerson, mediaSession } from '../browser/support/media-people'
import { rtcStats } from '../browser/support/rtc'
import { selectedPairs } from './support/ice'
import { startNetworkHavre, type NetworkHavre } from './support/stack'

const SHOTS = process.env.HAVRE_SHOTS19 ?? '/tmp/shots19'
mkdirSync(SHOTS, { recursive: true })

let stack: NetworkHavre
let staffContext: BrowserContext

beforeAll(async () => {
  stack = await startNetworkHavre({})
  const staff = await registerStaffOn(stack.browser, stack.server, 'Facilitator Anne')
  await staff.page.close()
  staffContext = staff.context
})

afterAll(async () => {
  await stack?.close()
})

/** Polls `check` every 250 ms until it holds, or fails saying what was awaited. */
async function until(check: () => Promise<boolean>, what: string, ms: number) {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** Speech arrives on `page`: twice in a row, audio packets came in and the energy played rose. */
async function hearsTheGroup(page: Page, what: string, ms = 30_000) {
  let previous = await rtcStats(page)
  let heard = 0
  await until(
    async () => {
      const now = await rtcStats(page)
      heard = now.audioPacketsIn > previous.audioPacketsIn && now.audioEnergyIn > previous.audioEnergyIn ? heard + 1 : 0
      previous = now
      return heard >= 2
    },
    `${what} hearing the group`,
    ms,
  )
}

const attr = (page: Page, testid: string, name: string) =>
  page.getByTestId(testid).first().getAttribute(name, { timeout: 1000 }).catch(() => null)

describe('a narrow link: audio first, and said so', () => {
  it('at 100 kbit/s her video pauses to keep the sound, her connection reads weak, the facilitator sees it', async () => {
    const s = await mediaSession(stack.server, staffContext, { participant: 1 })
    await s.host.getByTestId('switch-video').click()
    await s.host.getByTestId('call-bar').waitFor({ timeout: 30_000 })
    const amy = await mediaPerson(stack.browser)
    try {
      await joinWith(amy.page, s.links[0]!, 'Amy', 'video')
      await until(async () => (await rtcStats(amy.page)).framesDecoded > 10, "Amy decoding the facilitator's camera", 30_000)
      await until(async () => (await attr(amy.page, 'own-connection', 'data-link')) === 'good', 'Amy reading "Connection: good"', 30_000)
      expect(await amy.page.getByTestId('video-paused').count()).toBe(0)

      const ports = (await selectedPairs(amy.page)).map((p) => p.localPort)
      stack.ns.limitDownlink(ports, 100)
      try {
        // The SFU's quality measure flickers on such a link once video is off, so each sign is
        // looked for over the same window rather than in turn.
        const amyTile = s.host.getByTestId('media-tile').filter({ hasText: 'Amy' })
        const seen = { ownWeak: false, paused: false, tileWeak: false, rosterWeak: false }
        await until(
          async () => {
            seen.ownWeak ||= ['weak', 'lost'].includes((await attr(amy.page, 'own-connection', 'data-link')) ?? '')
            seen.paused ||= (await attr(amy.page, 'video-paused', 'data-state')) === 'paused'
            seen.tileWeak ||= (await amyTile.getByTestId('weak-badge').count()) === 1
            seen.rosterWeak ||= (await s.host.getByTestId('roster-weak').count()) === 1
            return Object.values(seen).every(Boolean)
          },
          'her weak connection, the video-paused notice, and the facilitator seeing it on tile and roster',
          60_000,
        ).catch((err: Error) => {
          throw new Error(`${err.message}: ${JSON.stringify(seen)}`)
        })
        expect(await amy.page.getByTestId('video-paused').innerText()).toMatch(/Video paused to keep the sound/)
        // Looked at by a person (not compared): her phone, and the facilitator's laptop.
        await amy.page.setViewportSize({ width: 390, height: 844 })
        await amy.page.screenshot({ path: path.join(SHOTS, 'weak-participant-390x844-en.png'), fullPage: true })
        await s.host.screenshot({ path: path.join(SHOTS, 'weak-facilitator-1280x800-en.png'), fullPage: true })
        // Audio first: the group's speech reaches her while the video she receives is paused.
        // Frames already queued on the narrow link still arrive for a moment after the pause.
        await new Promise((r) => setTimeout(r, 3000))
        const frames = (await rtcStats(amy.page)).framesDecoded
        await hearsTheGroup(amy.page, 'Amy on 100 kbit/s')
        expect(await attr(amy.page, 'video-paused', 'data-state')).toBe('paused')
        expect((await rtcStats(amy.page)).framesDecoded - frames).toBeLessThan(5)
      } finally {
        stack.ns.clearRates()
      }
      // The link back, video comes back when she asks (by itself, on a link still narrow, it would
      // take the sound away again); the notice says so, then clears by itself.
      await until(async () => (await attr(amy.page, 'own-connection', 'data-link')) === 'good', 'her connection reading good again', 45_000)
      expect(await attr(amy.page, 'video-paused', 'data-state')).toBe('paused')
      const resumedFrom = (await rtcStats(amy.page)).framesDecoded
      await amy.page.getByTestId('video-resume').click()
      await until(async () => (await attr(amy.page, 'video-paused', 'data-state')) === 'back', '"Video is back"', 15_000)
      await until(async () => (await rtcStats(amy.page)).framesDecoded > resumedFrom + 10, 'her video decoding again', 30_000)
      await until(async () => (await amy.page.getByTestId('video-paused').count()) === 0, 'the notice clearing', 15_000)
      await hearsTheGroup(amy.page, 'Amy after the limit')
    } finally {
      await amy.context.close()
      await s.host.close()
    }
  }, 240_000)
})
