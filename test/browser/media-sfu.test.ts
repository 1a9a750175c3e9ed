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
import { joinWith, jwtPayload, mediaPerson, mediaSession } from './support/media-people'
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

/** What the SFU and the pages say after a room move, for a failure message. */
async function afterTheMove(sessionId: string, pages: Page[]) {
  const people = await rooms.listParticipants(`${sessionId}.1`).catch(() => [])
  const sfu = people.map((p) => ({
    identity: p.identity,
    tracks: p.tracks.map((t) => ({ source: t.source, muted: t.muted, layers: t.layers.length })),
  }))
  const seen = await Promise.all(
    pages.map(async (page) => ({
      stats: await rtcStats(page),
      tiles: await page.evaluate(() =>
        [...document.querySelectorAll('[data-testid="media-tile"]')].map((t) => ({
          text: (t.textContent ?? '').slice(0, 60),
          video: [...t.querySelectorAll('video')].map((v) => ({
            w: v.clientWidth,
            h: v.clientHeight,
            src: Boolean(v.srcObject),
          })),
        })),
      ),
    })),
  )
  return JSON.stringify({ sfu, seen })
}

describe('media through the real LiveKit server, E2EE on', () => {
  it('facilitator, participant and interpreter see and hear each other; every track is encrypted', async () => {
    const s = await mediaSession(server, staffContext, { participant: 2, interpreter: 1 })
    await hostMode(s.host, 'video')
    const lou = await mediaPerson(browser)
    await joinWith(lou.page, s.interpreter!, 'Interpreter Lou', 'video')
    const amy = await mediaPerson(browser)
    await joinWith(amy.page, s.links[0]!, 'Amy', 'video')
    try {
      await mediaRising(amy.page, 2, 'participant')
      await mediaRising(lou.page, 2, 'interpreter')
    } catch (err) {
      // Who the SFU had, and what each published, to tell a slow machine from a broken room.
      const who = await rooms.listParticipants(`${s.sessionId}.0`)
      console.log(JSON.stringify(who.map((p) => [p.name, p.state, p.tracks.map((t) => t.source)])))
      throw err
    }

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

  it('audio-only receives no video until she asks for the interpreter, then one low layer', async () => {
    const s = await mediaSession(server, staffContext, { participant: 1, interpreter: 1 })
    await hostMode(s.host, 'video')
    const lou = await mediaPerson(browser)
    await joinWith(lou.page, s.interpreter!, 'Interpreter Lou', 'video')
    const amy = await mediaPerson(browser)
    await joinWith(amy.page, s.links[0]!, 'Amy', 'audio')
    // She hears the group, and no video byte reaches her while two cameras publish.
    await untilStats(amy.page, (st) => st.audioEnergyIn > 0, 'the group heard', 30_000)
    await until(
      async () => (await rooms.listParticipants(`${s.sessionId}.0`)).filter((p) => p.tracks.some((t) => t.source === 1)).length === 2,
      'two cameras published',
      30_000,
    )
    await new Promise((r) => setTimeout(r, 3000))
    expect((await rtcStats(amy.page)).videoBytesIn).toBe(0)
    await amy.page.getByTestId('show-interpreter').click()
    const shown = await untilStats(
      amy.page,
      (st) => st.videoIn.some((v) => v.framesDecoded > 5),
      'the interpreter decoded',
      30_000,
    )
    // One video track only (the interpreter's), at the low layer.
    expect(shown.videoIn.filter((v) => v.bytes > 0)).toHaveLength(1)
    expect(shown.videoIn.find((v) => v.framesDecoded > 0)!.height).toBeLessThanOrEqual(180)
    for (const c of [amy, lou]) await c.context.close()
    await s.host.close()
  }, 180_000)

  it('mute: the track is muted on the SFU and the receivers stop getting its packets', async () => {
    const s = await mediaSession(server, staffContext, { participant: 2 })
    const amy = await mediaPerson(browser)
    await joinWith(amy.page, s.links[0]!, 'Amy', 'audio')
    const bea = await mediaPerson(browser)
    await joinWith(bea.page, s.links[1]!, 'Bea', 'text')
    await bea.page.getByTestId('switch-audio').click()
    // Bea hears Amy (the only microphone here).
    const before = await untilStats(bea.page, (st) => st.audioPacketsIn > 50, "Amy's packets", 30_000)
    const identity = amy.media()[0]!.identity
    await s.host
      .getByTestId('roster-member')
      .filter({ hasText: 'Amy' })
      .getByTestId('mute-mic')
      .click()
    await amy.page.getByTestId('moderation-notice').waitFor({ timeout: 10_000 })
    const mic = (await rooms.getParticipant(`${s.sessionId}.0`, identity)).tracks.find((t) => t.source === 2)
    expect(mic?.muted).toBe(true)
    await new Promise((r) => setTimeout(r, 1000))
    const settled = await rtcStats(bea.page)
    expect(settled.audioPacketsIn).toBeGreaterThan(before.audioPacketsIn)
    await new Promise((r) => setTimeout(r, 3000))
    const after = await rtcStats(bea.page)
    // Three seconds of a live microphone are ~150 packets; muted, none (a few RTCP-driven at most).
    expect(after.audioPacketsIn - settled.audioPacketsIn).toBeLessThan(10)
    for (const c of [amy, bea]) await c.context.close()
    await s.host.close()
  }, 180_000)

  it('removal: her media gone at once; the others move to a new room and keep seeing each other', async () => {
    const s = await mediaSession(server, staffContext, { participant: 2 })
    await hostMode(s.host, 'video')
    const amy = await mediaPerson(browser)
    await joinWith(amy.page, s.links[0]!, 'Amy', 'video')
    const bea = await mediaPerson(browser)
    await joinWith(bea.page, s.links[1]!, 'Bea', 'video')
    await mediaRising(bea.page, 2, 'Bea before')
    await untilStats(amy.page, (st) => st.framesDecoded > 0, 'Amy in media', 30_000)
    const amyId = amy.media()[0]!.identity
    await s.host
      .getByTestId('roster-member')
      .filter({ hasText: 'Amy' })
      .getByTestId('remove-member')
      .click()
    await s.host.getByTestId('remove-confirm').click()
    await amy.page.getByTestId('removed-screen').waitFor({ timeout: 5_000 })
    await untilStats(amy.page, (st) => st.open === 0, "Amy's peer connections closed", 5_000)
    // The session is in room .1 now, without her; room .0 is gone.
    await until(
      async () => {
        const ids = (await rooms.listParticipants(`${s.sessionId}.1`).catch(() => [])).map((p) => p.identity)
        return ids.length === 2 && !ids.includes(amyId)
      },
      'the facilitator and Bea in the new room',
      30_000,
    )
    await until(
      async () => !(await rooms.listRooms()).some((r) => r.name === `${s.sessionId}.0`),
      'the old room deleted',
    )
    expect(bea.media().at(-1)!.token).toBeTruthy()
    // Bea still sees and hears the facilitator, through the new room.
    const moved = await rtcStats(bea.page)
    await untilStats(
      bea.page,
      (st) => st.framesDecoded > moved.framesDecoded + 10 && st.audioEnergyIn > moved.audioEnergyIn,
      'Bea decoding after the move',
      30_000,
    ).catch(async (err: Error) => {
      const frames = bea
        .media()
        .map((f) => ({ sources: f.sources, room: f.token && jwtPayload(f.token).video?.room }))
      const diag = await afterTheMove(s.sessionId, [s.host, bea.page])
      throw new Error(`${err.message}\n${diag}\n${JSON.stringify({ frames, logs: bea.logs.slice(-30) })}`)
    })
    expect(await bea.page.getByTestId('media-error').count()).toBe(0)
    for (const c of [amy, bea]) await c.context.close()
    await s.host.close()
  }, 180_000)

  it('a facilitator changing mode is not leaving; the real webhooks reach the Worker and verify', async () => {
    const webhooksBefore = webhookLines()
    const s = await mediaSession(server, staffContext, { participant: 1 })
    const amy = await mediaPerson(browser)
    await joinWith(amy.page, s.links[0]!, 'Amy', 'audio')
    for (const mode of ['video', 'audio', 'text', 'video'] as const) {
      await hostMode(s.host, mode)
      await new Promise((r) => setTimeout(r, 2500))
    }
    expect(await amy.page.getByTestId('facilitator-away').count()).toBe(0)
    expect(await s.host.getByTestId('room').count()).toBe(1)
    // LiveKit's own participant_joined/left webhooks for those switches arrived and verified.
    await until(() => webhookLines().ok > webhooksBefore.ok + 3, 'webhooks accepted', 15_000)
    expect(webhookLines().refused).toBe(webhooksBefore.refused)
    await amy.context.close()
    await s.host.close()
  }, 180_000)

  it("the facilitator's end closes every media connection and deletes the room", async () => {
    const s = await mediaSession(server, staffContext, { participant: 2 })
    await hostMode(s.host, 'video')
    const people = [await mediaPerson(browser), await mediaPerson(browser)]
    await joinWith(people[0]!.page, s.links[0]!, 'Amy', 'video')
    await joinWith(people[1]!.page, s.links[1]!, 'Bea', 'audio')
    for (const p of people) await untilStats(p.page, (st) => st.audioEnergyIn > 0, 'in media', 30_000)
    await s.host.getByTestId('end-session').click()
    const confirm = s.host.getByTestId('end-confirm')
    if (await confirm.count()) await confirm.click()
    for (const p of people) {
      await untilStats(p.page, (st) => st.open === 0, 'every peer connection closed', 5_000)
    }
    await until(
      async () => !(await rooms.listRooms()).some((r) => r.name.startsWith(`${s.sessionId}.`)),
      'the room deleted',
    )
    for (const p of people) await p.context.close()
    await s.host.close()
  }, 180_000)

  it('after a reload in audio mode, the group is heard, or a clear tap-to-hear button is offered', async () => {
    const strict = await launchMediaBrowser({ autoplay: false })
    try {
      const s = await mediaSession(server, staffContext, { participant: 1, observer: 1 })
      await hostMode(s.host, 'audio')
      // An observer publishes nothing: no microphone capture to lift the autoplay rule.
      const obs = await mediaPerson(strict)
      await joinWith(obs.page, s.observer!, 'Guardian', 'audio', { publish: false })
      await untilStats(obs.page, (st) => st.audioPacketsIn > 0, 'the group reaching her', 30_000)
      await obs.page.reload()
      await obs.page.getByTestId('room').waitFor({ timeout: 30_000 })
      const button = obs.page.getByTestId('audio-blocked')
      await until(
        async () => (await button.count()) > 0 || (await rtcStats(obs.page)).audioPlaying > 0,
        'sound playing, or the button',
        30_000,
      )
      if (await button.count()) {
        expect(await button.textContent()).toContain('Tap to hear the group')
        await button.getByRole('button').click()
        await until(async () => (await button.count()) === 0, 'the button gone after the tap')
      }
      await untilStats(obs.page, (st) => st.audioPlaying > 0, 'the group playing', 15_000)
      await obs.context.close()
      await s.host.close()
    } finally {
      await strict.close()
    }
  }, 180_000)
})

/** Webhook requests wrangler dev logged so far: accepted (200) and refused (4xx). */
function webhookLines() {
  const log = readFileSync(server.logFile, 'utf8').split('\n').filter((l) => l.includes('/api/livekit/webhook'))
  return {
    ok: log.filter((l) => / 200\b/.test(l)).length,
    refused: log.filter((l) => / 4\d\d\b/.test(l)).length,
  }
}
