// The call people use (issue 18), through the real livekit-server with E2EE, in Chromium with fake
// devices (speech from espeak-ng): a participant checks her devices before joining (preview frames,
// a moving level, the test sound), joins muted with the camera off, is told "You are muted" when
// she speaks, unmutes and mutes (by button and Alt+A, never while typing) and turns her camera on
// and off as the others hear and see it, switches microphone mid-call on the same connection, is
// marked speaking on her own tile, leaves calmly to the neutral page; a facilitator shares a screen
// seen large (and encrypted) by the others and stops it in one tap, and is asked on leaving whether
// to end for everyone; four people fill the stage at 1280×800 (no tile under a quarter of it),
// names never touch a control at 390×844, 820×1180 and 1280×800; axe is clean. Screenshots of each
// state in English and French go to $HAVRE_SHOTS18 (default /tmp/shots18).
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { RoomServiceClient } from 'livekit-server-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { seriousViolations } from './support/axe'
import { launchMediaBrowser, until } from './support/browser'
import { registerStaffOn, rosterShows, startMediaHavre, type MediaHavre } from './support/havre'
import { enterCall, joinWith, mediaSession, recordFrames } from './support/media-people'
import { captureRtc, rtcStats, untilStats } from './support/rtc'

const SHOTS = process.env.HAVRE_SHOTS18 ?? '/tmp/shots18'
mkdirSync(SHOTS, { recursive: true })
const SIZES = [
  { name: '390x844', width: 390, height: 844 },
  { name: '820x1180', width: 820, height: 1180 },
  { name: '1280x800', width: 1280, height: 800 },
]

let server: MediaHavre
let browser: Browser
let staffContext: BrowserContext
let rooms: RoomServiceClient
const contexts: BrowserContext[] = []

beforeAll(async () => {
  server = await startMediaHavre()
  rooms = new RoomServiceClient(
    server.livekit.url.replace(/^ws/, 'http'),
    server.livekit.apiKey,
    server.livekit.apiSecret,
  )
  browser = await launchMediaBrowser()
  const staff = await registerStaffOn(browser, server, 'Facilitator Anne', {
    bypassCSP: true,
    viewport: { width: 1280, height: 800 },
  })
  await staff.page.close()
  staffContext = staff.context
  await captureRtc(staffContext)
}, 150_000)

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined)
  await browser?.close()
  await server?.close()
})

/** Someone's own browser (CSP bypassed for axe), with WebRTC and the devices asked for recorded. */
async function person(viewport = { width: 390, height: 844 }) {
  const context = await browser.newContext({ locale: 'en-US', viewport, bypassCSP: true })
  contexts.push(context)
  await captureRtc(context)
  await context.addInitScript(() => {
    const w = window as unknown as { __tracks: MediaStreamTrack[] }
    w.__tracks = []
    const md = navigator.mediaDevices
    const original = md.getUserMedia.bind(md)
    md.getUserMedia = async (c?: MediaStreamConstraints) => {
      const stream = await original(c)
      w.__tracks.push(...stream.getTracks())
      return stream
    }
  })
  const page = await context.newPage()
  const frames = recordFrames(page)
  return { context, page, frames }
}

/** Opens a link as a participant and joins the room in a mode, stopping at the device check. */
async function arrive(page: Page, link: string, name: string, mode: 'video' | 'audio') {
  await joinWith(page, link, name, mode, { publish: false })
}

const tileOf = (page: Page, name: string) =>
  page.getByTestId('media-tile').filter({ has: page.getByTestId('tile-name').filter({ hasText: name }) })
const rosterRow = (page: Page, name: string) =>
  page.getByTestId('roster-member').filter({ hasText: name })

async function shot(page: Page, state: string, size: string, lang: string) {
  await page.screenshot({
    path: path.join(SHOTS, `${state}-${size}-${lang}.png`),
    fullPage: true,
    timeout: 120_000,
  })
}

/** The same state at each size and in both languages, then back to English at the first size. */
async function shots(page: Page, state: string) {
  for (const lang of ['en', 'fr']) {
    for (const s of SIZES) {
      await page.setViewportSize({ width: s.width, height: s.height })
      await new Promise((r) => setTimeout(r, 300))
      await shot(page, state, s.name, lang)
    }
    await page.getByTestId('lang-switch').click()
  }
}

/** Audio energy this page receives keeps growing (someone is heard). */
type Box = { x: number; y: number; width: number; height: number }

/** Every tile name's box and every visible control's, read in one frame, once two readings 200 ms
 *  apart agree (at most 5 s). */
async function settledLayout(page: Page): Promise<{ names: Box[]; boxes: Box[] }> {
  const read = () =>
    page.evaluate(() => {
      const box = (e: Element) => {
        const r = e.getBoundingClientRect()
        return { x: r.x, y: r.y, width: r.width, height: r.height }
      }
      const all = (sel: string) =>
        [...document.querySelectorAll(sel)].map(box).filter((b) => b.width > 0 && b.height > 0)
      return {
        names: all('[data-testid=tile-name]'),
        boxes: all('button, select, input, [role=button]'),
      }
    })
  let last = await read()
  for (let i = 0; i < 25; i++) {
    await new Promise((r) => setTimeout(r, 200))
    const now = await read()
    if (JSON.stringify(now) === JSON.stringify(last)) return now
    last = now
  }
  return last
}

async function heard(page: Page, what: string) {
  const a = await rtcStats(page)
  await untilStats(page, (s) => s.audioEnergyIn > a.audioEnergyIn + 0.01, what, 20_000)
}

/** Audio energy this page receives stays flat over a couple of seconds (nobody is heard), once
 * what was already on its way when the tile said muted has played out. */
async function silent(page: Page) {
  await new Promise((r) => setTimeout(r, 1000))
  const a = await rtcStats(page)
  await new Promise((r) => setTimeout(r, 2500))
  const b = await rtcStats(page)
  return b.audioEnergyIn - a.audioEnergyIn
}

describe('a call people can use', () => {
  it('device check, joining muted, "you are muted", mute and camera by button and shortcut, switching the microphone, who speaks', async () => {
    const s = await mediaSession(server, staffContext, { participant: 1 })
    const host = s.host
    await host.setViewportSize({ width: 1280, height: 800 })
    await host.getByTestId('switch-video').click()
    await host.getByTestId('call-bar').waitFor({ timeout: 30_000 })
    // The facilitator mutes herself: the only voice in this call is Amy's.
    await until(async () => (await host.getByTestId('mic-toggle').getAttribute('data-state')) === 'on', 'host mic on', 30_000)
    await host.getByTestId('mic-toggle').click()
    await until(async () => (await host.getByTestId('mic-toggle').getAttribute('data-state')) === 'off', 'host muted')

    const amy = await person()
    await arrive(amy.page, s.links[0]!, 'Amy', 'video')
    const p = amy.page
    // The device check: her camera preview plays, the level moves with her voice, the test sound plays.
    await p.getByTestId('device-check').waitFor({ timeout: 30_000 })
    await p.getByTestId('preview').waitFor({ timeout: 30_000 })
    const frames = () =>
      p.getByTestId('preview').evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames)
    const f0 = await frames()
    await until(async () => (await frames()) > f0 + 10, 'preview frames', 15_000)
    const levels = new Set<string>()
    await until(
      async () => {
        levels.add(String(await p.getByTestId('mic-level').evaluate((m: HTMLMeterElement) => m.value.toFixed(2))))
        return levels.size >= 4 && [...levels].some((l) => Number(l) > 0.05)
      },
      'a moving microphone level',
      15_000,
      200,
    )
    await p.getByTestId('test-sound').click()
    expect(await p.getByTestId('test-sound').textContent()).toContain('Playing the test sound')
    await until(async () => (await p.getByTestId('test-sound').getAttribute('data-playing')) === 'no', 'the test sound ends')
    expect(await p.getByTestId('pick-videoinput').count()).toBe(1)
    expect(await p.getByTestId('pick-audioinput').count()).toBe(1)
    // Before she joins the call nothing of hers is published; the facilitator already sees her tile.
    expect(await p.getByTestId('start-mic').isChecked()).toBe(false)
    expect(await p.getByTestId('start-camera').isChecked()).toBe(false)
    expect(await seriousViolations(p)).toEqual([])
    await shots(p, 'prejoin')

    // She joins with the defaults: muted, camera off, as the others see on her tile and in the roster.
    await p.getByTestId('join-call').click()
    await p.getByTestId('call-bar').waitFor({ timeout: 30_000 })
    await until(async () => (await p.getByTestId('mic-toggle').textContent())!.includes('Unmute'), 'Amy muted')
    await tileOf(host, 'Amy').getByTestId('muted-badge').waitFor({ timeout: 10_000 })
    await tileOf(host, 'Amy').getByTestId('camera-off-badge').waitFor({ timeout: 10_000 })
    await rosterRow(host, 'Amy').getByTestId('roster-muted').waitFor({ timeout: 10_000 })
    expect(await silent(host)).toBeLessThan(0.001)
    // She speaks into her muted microphone: she is told.
    await p.getByTestId('muted-hint').waitFor({ timeout: 20_000 })
    expect(await p.getByTestId('muted-hint').textContent()).toContain('You are muted')
    expect(await seriousViolations(p)).toEqual([])
    await shots(p, 'muted')

    // Unmute in one tap: the facilitator hears her, her tile and roster row no longer say muted,
    // and her tile (not the facilitator's) is marked speaking.
    await p.getByTestId('mic-toggle').click()
    await heard(host, "Amy's voice")
    await tileOf(host, 'Amy').getByTestId('muted-badge').waitFor({ state: 'detached', timeout: 5_000 })
    await rosterRow(host, 'Amy').getByTestId('roster-muted').waitFor({ state: 'detached', timeout: 5_000 })
    await until(async () => (await tileOf(host, 'Amy').getAttribute('data-speaking')) === 'yes', 'Amy marked speaking', 15_000)
    expect(await tileOf(host, 'Facilitator Anne').getAttribute('data-speaking')).toBe('no')
    await until(async () => (await host.getByTestId('speaker-announcer').textContent())!.includes('Amy is speaking'), 'announced')
    expect(await p.getByTestId('muted-hint').count()).toBe(0)
    await shots(host, 'speaking')

    // Alt+A while typing in the chat does nothing; outside a field it mutes.
    await p.getByTestId('chat-input').focus()
    await p.keyboard.press('Alt+A')
    expect(await p.getByTestId('mic-toggle').getAttribute('data-state')).toBe('on')
    await p.getByTestId('room-heading').focus()
    await p.keyboard.press('Alt+A')
    await until(async () => (await p.getByTestId('mic-toggle').getAttribute('data-state')) === 'off', 'muted by Alt+A')
    await tileOf(host, 'Amy').getByTestId('muted-badge').waitFor({ timeout: 5_000 })
    expect(await silent(host)).toBeLessThan(0.001)
    await p.getByTestId('mic-toggle').click()
    await heard(host, "Amy's voice again")

    // Camera on: the facilitator decodes her frames; off: they stop, and her tile says so.
    await p.getByTestId('camera-toggle').click()
    await untilStats(host, (st) => st.framesDecoded > 20, "Amy's camera decoded", 30_000)
    await tileOf(host, 'Amy').getByTestId('camera-off-badge').waitFor({ state: 'detached', timeout: 5_000 })
    await p.getByTestId('camera-toggle').click()
    await tileOf(host, 'Amy').getByTestId('camera-off-badge').waitFor({ timeout: 5_000 })
    await new Promise((r) => setTimeout(r, 1000))
    const c1 = await rtcStats(host)
    await new Promise((r) => setTimeout(r, 2000))
    expect((await rtcStats(host)).framesDecoded - c1.framesDecoded).toBeLessThan(3)
    await rosterRow(host, 'Amy').getByTestId('roster-camera-off').waitFor({ timeout: 5_000 })
    await shots(p, 'camera-off')
    await p.getByTestId('camera-toggle').click()
    const c2 = await untilStats(host, (st) => st.framesDecoded > c1.framesDecoded + 20, 'frames again', 30_000)
    expect(c2.framesDecoded).toBeGreaterThan(c1.framesDecoded)

    // Another microphone mid-call: the same connection and token, her voice still heard.
    const pcs = () => p.evaluate(() => (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.length)
    const before = { pcs: await pcs(), tokens: amy.frames.media().length }
    await p.getByTestId('devices-toggle').click()
    await p.getByTestId('devices-panel').waitFor()
    // The pickers come with the device list, a moment after the panel.
    await p.getByTestId('pick-audioinput').locator('option').nth(1).waitFor({ state: 'attached' })
    const options = await p.getByTestId('pick-audioinput').locator('option').allTextContents()
    const other = options.find((o) => o.includes('2')) ?? options[options.length - 1]!
    await p.getByTestId('pick-audioinput').selectOption({ label: other })
    await until(
      () =>
        p.evaluate(
          (label) =>
            (window as unknown as { __tracks: MediaStreamTrack[] }).__tracks.some(
              (t) => t.kind === 'audio' && t.label === label && t.readyState === 'live',
            ),
          other,
        ),
      'the other microphone in use',
      10_000,
    )
    await heard(host, 'her voice on the other microphone')
    expect(await pcs()).toBe(before.pcs)
    expect(amy.frames.media().length).toBe(before.tokens)
    const open = await p.evaluate(() =>
      (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter((pc) => pc.connectionState === 'connected').length,
    )
    expect(open).toBeGreaterThan(0)
    expect(await seriousViolations(p)).toEqual([])
    expect(await seriousViolations(host)).toEqual([])
    await amy.context.close()
    await host.close()
  }, 400_000)

  it('a facilitator shares a screen: large for the others, encrypted, one tap to stop; leaving calmly', async () => {
    const s = await mediaSession(server, staffContext, { participant: 1 })
    const host = s.host
    await host.setViewportSize({ width: 1280, height: 800 })
    await host.getByTestId('switch-video').click()
    await host.getByTestId('call-bar').waitFor({ timeout: 30_000 })
    const amy = await person()
    await joinWith(amy.page, s.links[0]!, 'Amy', 'video')
    const p = amy.page
    // Participants are never offered screen share.
    expect(await p.getByTestId('share-toggle').count()).toBe(0)
    const v0 = await rtcStats(p)
    await host.getByTestId('share-toggle').click()
    await host.getByTestId('sharing-notice').waitFor({ timeout: 30_000 })
    expect(await host.getByTestId('sharing-notice').textContent()).toContain('You are sharing your screen')
    await p.getByTestId('screen-tile').waitFor({ timeout: 30_000 })
    await untilStats(p, (st) => st.framesDecoded > v0.framesDecoded + 30, 'screen frames decoded', 30_000)
    // Large: the pinned tile, wider than any other.
    const big = await p.getByTestId('pinned-tile').boundingBox()
    const small = await p.getByTestId('media-tile').first().boundingBox()
    expect(big!.width).toBeGreaterThan(small!.width)
    // The SFU says the screen track is encrypted like the rest (TrackSource SCREEN_SHARE = 3).
    const who = await rooms.listParticipants(`${s.sessionId}.0`)
    const screen = who.flatMap((x) => x.tracks).find((t) => t.source === 3)
    expect(screen).toBeDefined()
    expect(screen!.encryption).not.toBe(0)
    expect(await seriousViolations(host)).toEqual([])
    await shots(host, 'sharing')
    await host.getByTestId('lang-switch').click()
    await host.getByTestId('lang-switch').click()
    await host.getByTestId('stop-share').click()
    await host.getByTestId('sharing-notice').waitFor({ state: 'detached', timeout: 10_000 })
    await p.getByTestId('screen-tile').waitFor({ state: 'detached', timeout: 10_000 })

    // Leaving calmly: one confirmation, then the neutral page; the others see her gone.
    await p.getByTestId('leave-session').click()
    await p.getByTestId('leave-confirm-box').waitFor()
    expect(await seriousViolations(p)).toEqual([])
    await shots(p, 'leave-confirm')
    const sentBefore = amy.frames.sent.length
    await p.getByTestId('leave-confirm').click()
    await p.getByTestId('nothing-here').waitFor({ timeout: 10_000 })
    expect(amy.frames.sent.slice(sentBefore).some((f) => f.type === 'leave')).toBe(true)
    await until(async () => (await rosterRow(host, 'Amy').count()) === 0, 'Amy gone from the roster', 10_000)
    await untilStats(p, (st) => st.open === 0, 'her media connections closed', 10_000)

    // The facilitator leaving is asked: alone, leaving ends it for everyone.
    await host.getByTestId('leave-session').click()
    await host.getByTestId('leave-confirm-box').waitFor()
    expect(await host.getByTestId('hand-over').count()).toBe(0)
    expect(await host.getByTestId('leave-end').isVisible()).toBe(true)
    // One way to end for everyone while the question is open, not two buttons saying it.
    expect(await host.getByTestId('end-session').count()).toBe(0)
    await shots(host, 'leave-confirm-facilitator')
    await host.getByTestId('leave-cancel').click()
    await host.getByTestId('end-session').waitFor()
    await amy.context.close()
    await host.close()
  }, 300_000)

  it('four people fill the stage; names never touch a control at phone, tablet and laptop sizes', async () => {
    const s = await mediaSession(server, staffContext, { participant: 3 })
    const host = s.host
    await host.getByTestId('switch-video').click()
    await host.getByTestId('call-bar').waitFor({ timeout: 30_000 })
    const people = []
    for (const [i, name] of ['Amy', 'Bea', 'Cleo'].entries()) {
      const x = await person()
      await joinWith(x.page, s.links[i]!, name, i === 2 ? 'audio' : 'video')
      people.push(x)
    }
    await rosterShows(host, ['Amy', 'Bea', 'Cleo'])
    await untilStats(host, (st) => st.videoIn.filter((v) => v.framesDecoded > 5).length >= 2, 'two cameras decoded', 30_000)
    for (const page of [host, people[0]!.page]) {
      for (const size of SIZES) {
        await page.setViewportSize({ width: size.width, height: size.height })
        await new Promise((r) => setTimeout(r, 300))
        const stage = (await page.getByTestId('media-stage').boundingBox())!
        const tiles = await page.getByTestId('media-tile').all()
        expect(tiles.length).toBe(4)
        for (const t of tiles) {
          const box = (await t.locator('.frame').boundingBox())!
          if (size.width === 1280) expect(box.width).toBeGreaterThanOrEqual(stage.width * 0.25)
          else expect(box.width).toBeGreaterThanOrEqual(stage.width * 0.4)
        }
        // Names and controls measured in one frame, once the layout has settled (a tile's controls
        // and its video's size arrive a moment apart); read one by one, they could be from two layouts.
        const { names, boxes } = await settledLayout(page)
        for (const a of names) {
          for (const b of boxes) {
            const meets = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
            expect(meets, `a name at ${JSON.stringify(a)} meets a control at ${JSON.stringify(b)}`).toBe(false)
          }
        }
        expect(await seriousViolations(page)).toEqual([])
      }
    }
    await shots(host, 'four-facilitator')
    await shots(people[0]!.page, 'four-participant')
    for (const x of people) await x.context.close()
    await host.close()
  }, 400_000)
})
