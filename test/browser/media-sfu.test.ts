// Video and audio through the real livekit-server, end-to-end encrypted, in Chromium with fake
// devices (speech from espeak-ng): media flows between facilitator, participant and interpreter;
// the wire carries only ciphertext; audio-only receives no video until asked; mute, removal (the
// session moves to a new media room), mode changes and the end, as the SFU and the pages see them.
import { readFileSync } from 'node:fs'
import { RoomServiceClient } from 'livekit-server-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchMediaBrowser, until } from './support/browser'
import { registerStaffOn, startMediaHavre, type MediaHavre } from './support/havre'
import { joinWith, mediaPerson, mediaSession } from './support/media-people'
import { rtcStats, untilStats } from './support/rtc'

let server: MediaHavre
let browser: Browser
let staffContext: BrowserContext
let rooms: RoomServiceClient

beforeAll(async () => {
  server = await startMediaHavre()
  rooms = new RoomServiceClient(
    server.livekit.url.replace(/^ws/, 'http'),
    server.livekit.apiKey,
    server.livekit.apiSecret,
  )
  browser = await launchMediaBrowser()
  const staff = await registerStaffOn(browser, server, 'Facilitator Anne')
  await staff.page.close()
  staffContext = staff.context
}, 150_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** The facilitator picks a mode in the room. */
async function hostMode(host: Page, mode: 'video' | 'audio' | 'text') {
  await host.getByTestId(`switch-${mode}`).click()
}

/** Frames decoded and audio heard keep rising on this page (each sampled twice). */
async function mediaRising(page: Page, minVideoTracks: number, what: string) {
  const first = await untilStats(
    page,
    (s) => s.videoIn.filter((v) => v.framesDecoded > 0).length >= minVideoTracks && s.audioEnergyIn > 0,
    `${what}: video and audio decoded`,
    30_000,
  )
  await untilStats(
    page,
    (s) => s.framesDecoded > first.framesDecoded + 10 && s.audioEnergyIn > first.audioEnergyIn,
    `${what}: still rising`,
  )
}

describe('media through the real LiveKit server, E2EE on', () => {
  it('facilitator, participant and interpreter see and hear each other; every track is encrypted', async () => {
    const s = await mediaSession(server, staffContext, { participant: 2, interpreter: 1 })
    await hostMode(s.host, 'video')
    const amy = await mediaPerson(browser)
    await joinWith(amy.page, s.links[0]!, 'Amy', 'video')
    const lou = await mediaPerson(browser)
    await joinWith(lou.page, s.interpreter!, 'Interpreter Lou', 'video')
    // A capture script on the facilitator's page too (its context was made before).
    console.log('joined', await rtcStats(amy.page))
    await new Promise((r) => setTimeout(r, 15000))
    await lou.page.screenshot({ path: '/tmp/lou.png' })
    await amy.page.screenshot({ path: '/tmp/amy.png' })
    await s.host.screenshot({ path: '/tmp/host.png' })
    console.log('host', JSON.stringify(await s.host.evaluate(() => [...document.querySelectorAll('video')].map((v) => [v.hidden, v.clientWidth, v.clientHeight, v.readyState]))))
    console.log('louvid', JSON.stringify(await lou.page.evaluate(() => [...document.querySelectorAll('video')].map((v) => [v.hidden, v.clientWidth, v.clientHeight, v.readyState]))))
    console.log('amy', JSON.stringify(await rtcStats(amy.page)))
    console.log('lou', JSON.stringify(await rtcStats(lou.page)))
    console.log('participants', JSON.stringify((await rooms.listParticipants(`${s.sessionId}.0`)).map((p) => [p.identity, p.state, p.tracks.length])))
    await mediaRising(amy.page, 2, 'participant')
    await mediaRising(lou.page, 2, 'interpreter')

    // The SFU says every published track is end-to-end encrypted.
    const room = `${s.sessionId}.0`
    const participants = await rooms.listParticipants(room)
    expect(participants.length).toBe(3)
    for (const p of participants) {
      expect(p.tracks.length).toBeGreaterThan(0)
      // TrackInfo.encryption: NONE = 0, GCM = 1, CUSTOM = 2.
      for (const t of p.tracks) expect(t.encryption).not.toBe(0)
    }

    // Someone with a valid token but not the key from the link (her fragment altered) gets the
    // bytes and decodes not one frame.
    const eve = await mediaPerson(browser)
    const [base, fragment] = s.links[1]!.split('#')
    const [token] = fragment!.split('.')
    const wrongKey = Buffer.alloc(32, 7).toString('base64url')
    await joinWith(eve.page, `${base}#${token}.${wrongKey}`, 'Eve', 'video')
    const eveStats = await untilStats(
      eve.page,
      (st) => st.videoBytesIn > 50_000,
      'encrypted video bytes reaching the keyless page',
      30_000,
    )
    await new Promise((r) => setTimeout(r, 2000))
    const later = await rtcStats(eve.page)
    expect(later.videoBytesIn).toBeGreaterThan(eveStats.videoBytesIn)
    expect(later.framesDecoded).toBe(0)
    for (const c of [amy, lou, eve]) await c.context.close()
    await s.host.close()
  }, 180_000)
})
