// Video and audio in the page, against the real livekit-server (E2EE on), Chromium with fake
// devices: the lazy chunk, text-only asking for nothing, the token each mode gets and the devices
// it asks for, the interpreter pin and spotlight, removal and quick exit leaving the SFU at once,
// a browser without E2EE never contacting LiveKit, and a calm error with text working when the
// LiveKit server is down (stopped, last).
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { RoomServiceClient } from 'livekit-server-sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchMediaBrowser, tracksReleased, until } from './support/browser'
import { registerStaffOn, rosterShows, startMediaHavre, type MediaHavre } from './support/havre'
import {
  joinWith as join,
  jwtPayload,
  mediaPerson,
  mediaSession,
} from './support/media-people'
import { root } from './support/wrangler'

let server: MediaHavre
let browser: Browser
let staffContext: BrowserContext
let rooms: RoomServiceClient

/** The built chunk that holds livekit-client (found by a string only livekit-client has). */
function livekitChunks(): string[] {
  const dir = path.join(root, 'web', 'dist', 'assets')
  return readdirSync(dir).filter(
    (f) =>
      f.endsWith('.js') &&
      readFileSync(path.join(dir, f), 'utf8').includes('tried to setup end-to-end encryption'),
  )
}

/** Identities in a session's current media room on the real server. */
async function inMedia(sessionId: string, generation = 0): Promise<string[]> {
  try {
    return (await rooms.listParticipants(`${sessionId}.${generation}`)).map((p) => p.identity)
  } catch {
    return []
  }
}

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

const session = (roles?: { participant?: number; interpreter?: number }) =>
  mediaSession(server, staffContext, roles)
const person = (opts?: { noE2EE?: boolean }) => mediaPerson(browser, opts)

/** Sources a token's grant lets the holder publish, as lower-case names, sorted. */
const sourcesOf = (jwt: string) =>
  ((jwtPayload(jwt).video?.canPublishSources as unknown[]) ?? [])
    .map((s) => String(s).toLowerCase())
    .sort()

function expectSafeGrant(jwt: string) {
  const video = jwtPayload(jwt).video ?? {}
  expect(video.roomRecord ?? false).toBe(false)
  expect(video.roomAdmin ?? false).toBe(false)
  expect(video.canUpdateOwnMetadata ?? false).toBe(false)
  expect(video.canPublishData ?? false).toBe(false)
  expect(video.canSubscribe).toBe(true)
}

async function chatWorks(page: Page, text: string) {
  await page.getByTestId('chat-input').fill(text)
  await page.getByTestId('chat-send').click()
  await page.getByTestId('chat-message').filter({ hasText: text }).waitFor({ timeout: 10_000 })
}

/** The page shows media connected (the "connecting" line gone, no error). */
async function live(page: Page) {
  await page.getByTestId('media-stage').waitFor({ timeout: 30_000 })
  await until(
    async () => (await page.getByText('Connecting video and audio…').count()) === 0,
    'media connected',
    30_000,
  )
  expect(await page.getByTestId('media-error').count()).toBe(0)
}

/** Invariant 8: a participant's device keeps no cookie, localStorage, IndexedDB, service worker
 * or cache (livekit-client's logger could persist its level in localStorage or a cookie); only the
 * tab's sessionStorage holds her seat. */
async function nothingStoredButTheSeat(page: Page, context: BrowserContext) {
  expect(await context.cookies()).toEqual([])
  const trace = await page.evaluate(async () => ({
    local: localStorage.length,
    session: Object.keys(sessionStorage).filter((k) => !k.startsWith('havre.')),
    databases: (await indexedDB.databases()).map((d) => d.name),
    workers: (await navigator.serviceWorker.getRegistrations()).length,
    caches: await caches.keys(),
  }))
  expect(trace).toEqual({ local: 0, session: [], databases: [], workers: 0, caches: [] })
}

describe('video and audio', () => {
  it('builds livekit-client into a separate chunk', () => {
    expect(livekitChunks()).toHaveLength(1)
    expect(livekitChunks()[0]).not.toMatch(/^(index|Room|JoinPage)-/)
  })

  it('text-only (the default) loads no media code, asks for no device and gets no token', async () => {
    const { host, links } = await session()
    const p = await person()
    await p.page.goto(links[0]!)
    await p.page.getByTestId('agreement').waitFor({ timeout: 15_000 })
    expect(await p.page.getByTestId('mode-text').isChecked()).toBe(true)
    expect(await p.page.getByTestId('mode-video').isDisabled()).toBe(false)
    expect(await p.page.getByTestId('mode-audio').isDisabled()).toBe(false)
    await p.page.getByTestId('pseudonym').fill('Willow')
    await p.page.getByTestId('consent').check()
    await p.page.getByTestId('join-button').click()
    await p.page.getByTestId('room').waitFor({ timeout: 15_000 })
    await chatWorks(p.page, 'Just reading tonight')
    expect(await p.page.getByTestId('switch-text').getAttribute('aria-pressed')).toBe('true')
    expect(p.mediaSent()).toEqual([])
    expect(p.media()).toEqual([])
    expect(await p.gum()).toEqual([])
    expect(await p.page.getByTestId('media-stage').count()).toBe(0)
    const chunk = livekitChunks()[0]!
    expect(p.requests.some((u) => u.includes(chunk))).toBe(false)
    expect(p.requests.some((u) => u.includes('e2ee.worker'))).toBe(false)
    await p.context.close()
    await host.close()
  })

  it('picking video on the join screen fetches the media code before Join, and asks for nothing', async () => {
    const { host, links } = await session()
    const p = await person()
    await p.page.goto(links[0]!)
    await p.page.getByTestId('agreement').waitFor({ timeout: 15_000 })
    const chunk = livekitChunks()[0]!
    // Text (the default) fetches nothing while she reads; video starts the download at once.
    await new Promise((r) => setTimeout(r, 500))
    expect(p.requests.some((u) => u.includes(chunk))).toBe(false)
    await p.page.getByTestId('mode-video').check()
    await until(() => p.requests.some((u) => u.includes(chunk)), 'livekit-client fetched', 10_000)
    // Only code: no device, no token, no room yet (she has not pressed Join).
    expect(await p.gum()).toEqual([])
    expect(p.mediaSent()).toEqual([])
    expect(await p.page.getByTestId('room').count()).toBe(0)
    // Back to text before Join: she joins text-only, and nothing connects to LiveKit.
    await p.page.getByTestId('mode-text').check()
    await p.page.getByTestId('pseudonym').fill('Rowan')
    await p.page.getByTestId('consent').check()
    await p.page.getByTestId('join-button').click()
    await p.page.getByTestId('room').waitFor({ timeout: 15_000 })
    await chatWorks(p.page, 'Reading only after all')
    expect(p.mediaSent()).toEqual([])
    expect(await p.gum()).toEqual([])
    expect(p.requests.some((u) => u.includes('e2ee.worker'))).toBe(false)
    await p.context.close()
    await host.close()
  })

  it('audio-only: a microphone-only token, no camera asked for, connected with the microphone only', async () => {
    const { host, links, sessionId } = await session()
    const p = await person()
    await join(p.page, links[0]!, 'Maple', 'audio')
    await until(() => p.media().length > 0, 'a media frame', 10_000)
    expect(p.mediaSent()).toEqual(['audio'])
    const frame = p.media()[0]!
    expect(frame.mode).toBe('audio')
    expect(frame.sources).toEqual(['microphone'])
    expect(frame.url).toBe(server.livekit.url)
    expect(sourcesOf(frame.token!)).toEqual(['microphone'])
    expectSafeGrant(frame.token!)
    expect(jwtPayload(frame.token!).sub).toBe(frame.identity)
    await live(p.page)
    for (const call of await p.gum()) expect(call).toEqual({ audio: true, video: false })
    expect(p.requests.some((u) => u.includes(livekitChunks()[0]!))).toBe(true)
    expect(p.requests.some((u) => u.includes('e2ee.worker'))).toBe(true)
    // On the SFU: Maple, publishing her microphone and nothing else.
    await until(async () => (await inMedia(sessionId)).includes(frame.identity), 'Maple in media')
    await until(async () => {
      const me = await rooms.getParticipant(`${sessionId}.0`, frame.identity)
      return me.tracks.length === 1 && me.tracks[0]!.source === 2
    }, 'her microphone published, and only it')
    await chatWorks(p.page, 'Still here by text too')
    await p.context.close()
    await host.close()
  })

  it('video: camera and microphone; switching to audio-only then text-only at any time', async () => {
    const { host, links, sessionId } = await session()
    const p = await person()
    await join(p.page, links[0]!, 'Cedar', 'video')
    await until(() => p.media().length > 0, 'a video media frame', 10_000)
    const video = p.media()[0]!
    expect(video.mode).toBe('video')
    expect([...video.sources].sort()).toEqual(['camera', 'microphone'])
    expect(sourcesOf(video.token!)).toEqual(['camera', 'microphone'])
    expectSafeGrant(video.token!)
    await live(p.page)
    // Invariant 8 with livekit-client loaded and connected: nothing on the device but the tab's seat.
    await nothingStoredButTheSeat(p.page, p.context)
    const gumVideo = await p.gum()
    expect(gumVideo.some((c) => c.video)).toBe(true)
    expect(gumVideo.some((c) => c.audio)).toBe(true)

    await p.page.getByTestId('switch-audio').click()
    await until(() => p.media().length > 1, 'an audio media frame', 10_000)
    const audio = p.media()[1]!
    expect(audio.mode).toBe('audio')
    expect(sourcesOf(audio.token!)).toEqual(['microphone'])
    await live(p.page)
    for (const call of (await p.gum()).slice(gumVideo.length)) expect(call.video).toBe(false)
    expect(await p.page.getByTestId('switch-audio').getAttribute('aria-pressed')).toBe('true')
    await tracksReleased(p.page, 'the camera released', (t) => t.kind === 'video')

    await p.page.getByTestId('switch-text').click()
    await until(() => p.media().length > 2, 'a text media frame', 10_000)
    expect(p.media()[2]!.mode).toBe('text')
    expect(p.media()[2]!.token).toBeUndefined()
    expect(p.mediaSent()).toEqual(['video', 'audio', 'text'])
    await until(async () => (await p.page.getByTestId('media-stage').count()) === 0, 'no stage')
    // Out of the SFU altogether.
    await until(async () => !(await inMedia(sessionId)).includes(video.identity), 'out of media')
    await tracksReleased(p.page, 'every device released')
    await chatWorks(p.page, 'Text only now')
    await rosterShows(host, ['Cedar'])
    await nothingStoredButTheSeat(p.page, p.context)
    await p.context.close()
    await host.close()
  })

  it('pins the interpreter for everyone; a facilitator moves the spotlight and moderates', async () => {
    const { host, links, interpreter, sessionId } = await session({ participant: 1, interpreter: 1 })
    const terp = await person()
    await terp.page.goto(interpreter!)
    await terp.page.getByTestId('agreement').waitFor({ timeout: 15_000 })
    // An interpreter is seen and heard by default.
    expect(await terp.page.getByTestId('mode-video').isChecked()).toBe(true)
    await terp.page.getByTestId('pseudonym').fill('Interpreter Lou')
    await terp.page.getByTestId('consent').check()
    await terp.page.getByTestId('join-button').click()
    await until(() => terp.media().length > 0, 'the interpreter media frame', 10_000)
    expect(sourcesOf(terp.media()[0]!.token!)).toEqual(['camera', 'microphone'])
    const terpId = terp.media()[0]!.identity

    const p = await person()
    await join(p.page, links[0]!, 'Birch', 'video')
    await until(() => p.media().length > 0, 'the survivor media frame', 10_000)
    const selfId = p.media()[0]!.identity
    const pinned = p.page.getByTestId('pinned-tile')
    await pinned.waitFor({ timeout: 10_000 })
    expect(await pinned.getAttribute('data-identity')).toBe(terpId)

    const birch = host.getByTestId('roster-member').filter({ hasText: 'Birch' })
    await birch.getByTestId('spotlight-member').click()
    await until(
      async () => (await pinned.getAttribute('data-identity')) === selfId,
      'the spotlight on Birch',
    )
    await until(
      async () =>
        (await terp.page.getByTestId('pinned-tile').getAttribute('data-identity')) === selfId,
      'the spotlight for the interpreter too',
    )
    await birch.getByTestId('spotlight-member').click()
    await until(async () => (await pinned.getAttribute('data-identity')) === terpId, 'the pin back')

    // Moderation on the real SFU: her microphone muted there, then nothing published at all.
    await live(p.page)
    const room = `${sessionId}.0`
    await until(
      async () => (await rooms.getParticipant(room, selfId)).tracks.some((t) => t.source === 2),
      'her microphone published',
    )
    await birch.getByTestId('mute-mic').click()
    const notice = p.page.getByTestId('moderation-notice')
    await notice.waitFor({ timeout: 10_000 })
    expect(await notice.textContent()).toContain('muted your microphone')
    const mic = (await rooms.getParticipant(room, selfId)).tracks.find((t) => t.source === 2)
    expect(mic?.muted).toBe(true)
    await birch.getByTestId('stop-publishing').click()
    await until(
      async () => (await notice.textContent())?.includes('stopped your video') ?? false,
      'the stop notice',
    )
    await until(
      async () => (await rooms.getParticipant(room, selfId)).tracks.length === 0,
      'nothing published by Birch any more',
    )
    expect((await rooms.getParticipant(room, selfId)).permission?.canPublish).toBe(false)
    await tracksReleased(p.page, 'her camera and microphone released')
    // Her next choice of mode publishes nothing either.
    await p.page.getByTestId('switch-audio').click()
    await until(() => p.media().length > 1, 'the audio frame')
    expect(p.media().at(-1)!.sources).toEqual([])
    await live(p.page)
    expect((await rooms.getParticipant(room, selfId)).tracks).toEqual([])
    expect(await birch.getByTestId('camera-off').count()).toBe(1)
    await terp.context.close()
    await p.context.close()
    await host.close()
  })

  it('removal shows the removed screen and takes her out of the SFU at once', async () => {
    const { host, links, sessionId } = await session()
    const p = await person()
    await join(p.page, links[0]!, 'Aspen', 'video')
    await until(() => p.media().length > 0, 'a media frame', 10_000)
    const identity = p.media()[0]!.identity
    await until(async () => (await inMedia(sessionId)).includes(identity), 'Aspen in media', 30_000)
    await host
      .getByTestId('roster-member')
      .filter({ hasText: 'Aspen' })
      .getByTestId('remove-member')
      .click()
    await host.getByTestId('remove-confirm').click()
    await p.page.getByTestId('removed-screen').waitFor({ timeout: 5_000 })
    await until(async () => !(await inMedia(sessionId)).includes(identity), 'out of the SFU', 5_000)
    await tracksReleased(p.page, 'the camera and microphone released')
    await p.context.close()
    await host.close()
  })

  it('quick exit blanks the page first and leaves the SFU', async () => {
    const { host, links, sessionId } = await session()
    const p = await person()
    await p.context.route('https://www.google.com/**', (r) =>
      r.fulfill({ body: 'weather', contentType: 'text/plain' }),
    )
    await join(p.page, links[0]!, 'Rowan', 'audio')
    await until(() => p.media().length > 0, 'a media frame', 10_000)
    const identity = p.media()[0]!.identity
    await until(async () => (await inMedia(sessionId)).includes(identity), 'Rowan in media', 30_000)
    await p.page.getByTestId('quick-exit').click()
    await until(async () => !(await inMedia(sessionId)).includes(identity), 'out of the SFU', 5_000)
    await p.context.close()
    await host.close()
  })

  it('without E2EE in the browser: says so, offers text-only, and never contacts LiveKit', async () => {
    const { host, links } = await session()
    const p = await person({ noE2EE: true })
    await join(p.page, links[0]!, 'Hazel', 'video')
    const notice = p.page.getByTestId('e2ee-unsupported')
    await notice.waitFor({ timeout: 10_000 })
    expect(await notice.textContent()).toContain('cannot encrypt')
    expect(await p.page.getByTestId('switch-text').getAttribute('aria-pressed')).toBe('true')
    await new Promise((r) => setTimeout(r, 500))
    expect(p.mediaSent()).toEqual([])
    expect(p.media()).toEqual([])
    expect(await p.gum()).toEqual([])
    const sfu = new URL(server.livekit.url.replace(/^ws/, 'http')).host
    expect(p.requests.some((u) => u.includes(sfu))).toBe(false)
    await notice.getByRole('button').click()
    await until(async () => (await notice.count()) === 0, 'the notice dismissed')
    await chatWorks(p.page, 'Text is fine')
    await p.context.close()
    await host.close()
  })

  // Last: it stops the LiveKit server.
  it('LiveKit down (the server stopped): a calm error, the devices released, and text still works', async () => {
    const { host, links } = await session()
    await server.livekit.stop()
    const p = await person()
    await join(p.page, links[0]!, 'Willow', 'audio')
    await p.page.getByTestId('media-error').waitFor({ timeout: 30_000 })
    expect(await p.page.getByTestId('room-error').count()).toBe(0)
    await chatWorks(p.page, 'Still here by text')
    await tracksReleased(p.page, 'the microphone released')
    await p.context.close()
    await host.close()
  })
})
