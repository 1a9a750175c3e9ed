// Video and audio without an SFU: a second `wrangler dev` with LiveKit configured against the
// LiveKit API double (Twirp RoomService, real token checks), Chromium with fake devices. Asserts
// what is real here: the media frames, each token's grant, the devices asked for, the lazy chunk,
// the interpreter pin and spotlight, removal, E2EE-unsupported, and a calm error with text working.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import type { Duplex } from 'node:stream'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchMediaBrowser, tracksReleased, until } from './support/browser'
import {
  createSession,
  openRoom,
  registerStaffOn,
  rosterShows,
  startMediaHavre,
  type MediaHavre,
} from './support/havre'
import type { LiveKitDouble } from '../livekit-double/server'
import { root } from './support/wrangler'

let server: MediaHavre
let double: LiveKitDouble
let browser: Browser
let staffContext: BrowserContext
/** What the SFU address saw: WebSocket upgrades (LiveKit's signal connection) and HTTP requests. */
const sfu = {
  mode: 'refuse' as 'refuse' | 'hang',
  upgrades: [] as { url: string; identity: string; closed: boolean }[],
  requests: [] as string[],
  sockets: [] as Duplex[],
}

const jwtPayload = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    sub?: string
    video?: Record<string, unknown>
  }

/**
 * Whether these browser-to-server WebSocket bytes hang up: a close frame, or LiveKit's signal
 * `leave` (SignalRequest field 8, a protobuf tag byte 0x42) that `room.disconnect()` sends.
 */
function hungUp(data: Buffer): boolean {
  let at = 0
  while (at + 2 <= data.length) {
    const opcode = data[at]! & 0x0f
    let len = data[at + 1]! & 0x7f
    let head = at + 2
    if (len === 126) [len, head] = [data.readUInt16BE(head), head + 2]
    else if (len === 127) [len, head] = [Number(data.readBigUInt64BE(head)), head + 8]
    const mask = data.subarray(head, head + 4)
    const first = (data[head + 4] ?? 0) ^ (mask[0] ?? 0)
    if (opcode === 0x8 || (opcode === 0x2 && first === 0x42)) return true
    at = head + 4 + len
  }
  return false
}

/** The built chunk that holds livekit-client (found by a string only livekit-client has). */
function livekitChunks(): string[] {
  const dir = path.join(root, 'web', 'dist', 'assets')
  return readdirSync(dir).filter(
    (f) =>
      f.endsWith('.js') &&
      readFileSync(path.join(dir, f), 'utf8').includes('tried to setup end-to-end encryption'),
  )
}

beforeAll(async () => {
  server = await startMediaHavre()
  double = server.double
  // Only what a browser would ask (the Worker's Twirp calls and the test's /_ calls aside).
  double.server.on('request', (req) => {
    if (!/^\/(twirp|_)/.test(req.url ?? '')) sfu.requests.push(req.url ?? '')
  })
  double.server.on('upgrade', (req, socket) => {
    const url = new URL(req.url ?? '/', 'http://sfu.invalid')
    const token = url.searchParams.get('access_token') ?? ''
    const entry = {
      url: url.pathname,
      identity: token ? (jwtPayload(token).sub ?? '') : '',
      closed: false,
    }
    sfu.upgrades.push(entry)
    sfu.sockets.push(socket)
    socket.on('close', () => (entry.closed = true))
    socket.on('error', () => undefined)
    // No SFU here: refuse at once, or accept the WebSocket and never answer (LiveKit keeps
    // "connecting"); a close frame from the browser (opcode 8) means it hung up.
    if (sfu.mode === 'refuse') {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n')
      return
    }
    const accept = createHash('sha1')
      .update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64')
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    )
    socket.on('data', (chunk: Buffer) => {
      if (hungUp(chunk)) entry.closed = true
    })
  })
  browser = await launchMediaBrowser()
  const staff = await registerStaffOn(browser, server, 'Facilitator Anne')
  await staff.page.close()
  staffContext = staff.context
}, 150_000)

afterAll(async () => {
  await browser?.close()
  for (const socket of sfu.sockets) socket.destroy()
  await server?.close()
})

/** A facilitator's room for a new session, with one-time links of the roles asked for. */
async function session(roles: { participant?: number; interpreter?: number } = { participant: 1 }) {
  const host = await staffContext.newPage()
  // These tests are about media, not the waiting room: people come straight in.
  await host.route('**/api/sessions', (route) => {
    const req = route.request()
    if (req.method() !== 'POST') return route.continue()
    const body = { ...(JSON.parse(req.postData() ?? '{}') as object), lobby: false }
    return route.continue({ postData: JSON.stringify(body) })
  })
  await host.goto(`${server.base}/staff`)
  await host.getByTestId('create-session-form').waitFor()
  const created = await createSession(host, { count: roles.participant ?? 1 })
  let interpreter: string | undefined
  if (roles.interpreter) {
    await created.item.getByTestId('invite-role').selectOption('interpreter')
    await created.item.getByTestId('invite-count').fill('1')
    await created.item.getByTestId('invite-create').click()
    await until(
      async () =>
        (await created.item.getByTestId('invite-link').first().inputValue()) !== created.links[0],
      'the interpreter link',
    )
    interpreter = await created.item.getByTestId('invite-link').first().inputValue()
  }
  await openRoom(host, created.item)
  return { host, sessionId: created.sessionId, links: created.links, interpreter }
}

type Media = { mode: string; url?: string; token?: string; identity: string; sources: string[] }

/** A person's own browser, recording room frames, requests and every getUserMedia call. */
async function person(opts: { noE2EE?: boolean } = {}) {
  const context = await browser.newContext({ locale: 'en-US' })
  await context.addInitScript(
    ({ noE2EE }) => {
      const w = window as unknown as Record<string, unknown>
      w.__gum = []
      w.__tracks = []
      const md = navigator.mediaDevices
      const original = md.getUserMedia.bind(md)
      md.getUserMedia = async (c?: MediaStreamConstraints) => {
        ;(w.__gum as unknown[]).push({ audio: Boolean(c?.audio), video: Boolean(c?.video) })
        const stream = await original(c)
        ;(w.__tracks as MediaStreamTrack[]).push(...stream.getTracks())
        return stream
      }
      if (noE2EE) {
        delete w.RTCRtpScriptTransform
        delete (RTCRtpSender.prototype as unknown as Record<string, unknown>).createEncodedStreams
      }
    },
    { noE2EE: Boolean(opts.noE2EE) },
  )
  const page = await context.newPage()
  const sent: Record<string, unknown>[] = []
  const media: Media[] = []
  const requests: string[] = []
  page.on('request', (r) => requests.push(r.url()))
  if (process.env.HAVRE_DEBUG) page.on('console', (m) => console.log('[page]', m.text()))
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/api/rooms/')) return
    ws.on('framesent', (f) => {
      if (typeof f.payload === 'string' && f.payload.startsWith('{'))
        sent.push(JSON.parse(f.payload))
    })
    ws.on('framereceived', (f) => {
      if (typeof f.payload !== 'string' || !f.payload.startsWith('{')) return
      const msg = JSON.parse(f.payload) as { type: string }
      if (msg.type === 'media') media.push(msg as unknown as Media)
    })
  })
  const gum = () =>
    page.evaluate(
      () => (window as unknown as { __gum: { audio: boolean; video: boolean }[] }).__gum,
    )
  const mediaSent = () => sent.filter((m) => m.type === 'media').map((m) => m.mode)
  return { context, page, sent, media, requests, gum, mediaSent }
}

async function join(page: Page, link: string, pseudonym: string, mode: 'text' | 'audio' | 'video') {
  await page.goto(link)
  await page.getByTestId('agreement').waitFor({ timeout: 15_000 })
  await page.getByTestId('pseudonym').fill(pseudonym)
  await page.getByTestId('consent').check()
  await page.getByTestId(`mode-${mode}`).check()
  await page.getByTestId('join-button').click()
  await page.getByTestId('room').waitFor({ timeout: 15_000 })
}

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

describe('video and audio', () => {
  it('builds livekit-client into a separate chunk', () => {
    expect(livekitChunks()).toHaveLength(1)
    expect(livekitChunks()[0]).not.toMatch(/^(index|Room|JoinPage)-/)
  })

  it('text-only (the default) loads no media code, asks for no device and gets no token', async () => {
    sfu.mode = 'refuse'
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
    expect(p.media).toEqual([])
    expect(await p.gum()).toEqual([])
    expect(await p.page.getByTestId('media-stage').count()).toBe(0)
    const chunk = livekitChunks()[0]!
    expect(p.requests.some((u) => u.includes(chunk))).toBe(false)
    expect(p.requests.some((u) => u.includes('e2ee.worker'))).toBe(false)
    await p.context.close()
    await host.close()
  })

  it('audio-only: a microphone-only token, no camera asked for, and a calm error without an SFU', async () => {
    sfu.mode = 'refuse'
    const before = sfu.upgrades.length
    const { host, links } = await session()
    const p = await person()
    await join(p.page, links[0]!, 'Maple', 'audio')
    await until(() => p.media.length > 0, 'a media frame', 10_000)
    expect(p.mediaSent()).toEqual(['audio'])
    const frame = p.media[0]!
    expect(frame.mode).toBe('audio')
    expect(frame.sources).toEqual(['microphone'])
    expect(frame.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/)
    expect(sourcesOf(frame.token!)).toEqual(['microphone'])
    expectSafeGrant(frame.token!)
    expect(jwtPayload(frame.token!).sub).toBe(frame.identity)

    // The SFU is absent: the connection fails, said calmly, and the chat still works.
    await p.page.getByTestId('media-error').waitFor({ timeout: 20_000 })
    expect(await p.page.getByTestId('room-error').count()).toBe(0)
    await chatWorks(p.page, 'Still here by text')
    const gum = await p.gum()
    expect(gum.length).toBeGreaterThan(0)
    for (const call of gum) expect(call).toEqual({ audio: true, video: false })
    expect(p.requests.some((u) => u.includes(livekitChunks()[0]!))).toBe(true)
    expect(p.requests.some((u) => u.includes('e2ee.worker'))).toBe(true)
    // It did try the SFU, with the token it was given.
    const tried = sfu.upgrades.slice(before)
    expect(tried.map((u) => u.identity)).toContain(frame.identity)
    // The microphone is released after the failure.
    await tracksReleased(p.page, 'the microphone released')
    await p.context.close()
    await host.close()
  })

  it('video: camera and microphone; switching to audio-only then text-only at any time', async () => {
    sfu.mode = 'refuse'
    const { host, links } = await session()
    const p = await person()
    await join(p.page, links[0]!, 'Cedar', 'video')
    await until(() => p.media.length > 0, 'a video media frame', 10_000)
    const video = p.media[0]!
    expect(video.mode).toBe('video')
    expect([...video.sources].sort()).toEqual(['camera', 'microphone'])
    expect(sourcesOf(video.token!)).toEqual(['camera', 'microphone'])
    expectSafeGrant(video.token!)
    await p.page.getByTestId('media-error').waitFor({ timeout: 20_000 })
    const gumVideo = await p.gum()
    expect(gumVideo.some((c) => c.video)).toBe(true)
    expect(gumVideo.some((c) => c.audio)).toBe(true)

    await p.page.getByTestId('switch-audio').click()
    await until(() => p.media.length > 1, 'an audio media frame', 10_000)
    const audio = p.media[1]!
    expect(audio.mode).toBe('audio')
    expect(sourcesOf(audio.token!)).toEqual(['microphone'])
    await until(async () => (await p.gum()).length > gumVideo.length, 'the microphone asked again')
    for (const call of (await p.gum()).slice(gumVideo.length)) expect(call.video).toBe(false)
    expect(await p.page.getByTestId('switch-audio').getAttribute('aria-pressed')).toBe('true')

    await p.page.getByTestId('switch-text').click()
    await until(() => p.media.length > 2, 'a text media frame', 10_000)
    expect(p.media[2]!.mode).toBe('text')
    expect(p.media[2]!.token).toBeUndefined()
    expect(p.mediaSent()).toEqual(['video', 'audio', 'text'])
    expect(await p.page.getByTestId('switch-text').getAttribute('aria-pressed')).toBe('true')
    await until(async () => (await p.page.getByTestId('media-stage').count()) === 0, 'no stage')
    await chatWorks(p.page, 'Text only now')
    // The host's roster shows the mode the server recorded.
    await rosterShows(host, ['Cedar'])
    await p.context.close()
    await host.close()
  })

  it('pins the interpreter for everyone; a facilitator moves the spotlight and moderates', async () => {
    sfu.mode = 'hang'
    const { host, links, interpreter, sessionId } = await session({
      participant: 1,
      interpreter: 1,
    })
    const terp = await person()
    await terp.page.goto(interpreter!)
    await terp.page.getByTestId('agreement').waitFor({ timeout: 15_000 })
    // An interpreter is seen and heard by default.
    expect(await terp.page.getByTestId('mode-video').isChecked()).toBe(true)
    await terp.page.getByTestId('pseudonym').fill('Interpreter Lou')
    await terp.page.getByTestId('consent').check()
    await terp.page.getByTestId('join-button').click()
    await until(() => terp.media.length > 0, 'the interpreter media frame', 10_000)
    expect(sourcesOf(terp.media[0]!.token!)).toEqual(['camera', 'microphone'])
    const terpId = terp.media[0]!.identity

    const p = await person()
    await join(p.page, links[0]!, 'Birch', 'audio')
    await until(() => p.media.length > 0, 'the survivor media frame', 10_000)
    const selfId = p.media[0]!.identity
    // Pinned before any media connects (there is no SFU to connect to).
    const pinned = p.page.getByTestId('pinned-tile')
    await pinned.waitFor({ timeout: 10_000 })
    expect(await pinned.getAttribute('data-identity')).toBe(terpId)
    expect(await p.page.getByTestId('media-error').count()).toBe(0)
    await p.page.getByTestId('show-interpreter').click()
    expect(await p.page.getByTestId('show-interpreter').getAttribute('aria-pressed')).toBe('true')

    // The facilitator spotlights Birch, then gives the pin back to the interpreter.
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

    // Moderation: the double knows Birch's microphone; mute, then stop publishing.
    await fetch(`${double.url}/_participants`, {
      method: 'POST',
      body: JSON.stringify({
        room: sessionId,
        identity: selfId,
        tracks: [{ sid: 'TR_mic', source: 'MICROPHONE' }],
      }),
    })
    await birch.getByTestId('mute-mic').click()
    const notice = p.page.getByTestId('moderation-notice')
    await notice.waitFor({ timeout: 10_000 })
    expect(await notice.textContent()).toContain('muted your microphone')
    await birch.getByTestId('stop-publishing').click()
    await until(
      async () => (await notice.textContent())?.includes('stopped your video') ?? false,
      'the stop notice',
    )
    const calls = (await (await fetch(`${double.url}/_calls?room=${sessionId}`)).json()) as {
      calls: { method: string; body: Record<string, unknown> }[]
    }
    expect(calls.calls.map((c) => c.method)).toEqual(
      expect.arrayContaining(['CreateRoom', 'MutePublishedTrack', 'UpdateParticipant']),
    )
    expect(await birch.getByTestId('camera-off').count()).toBe(1)
    await terp.context.close()
    await p.context.close()
    await host.close()
  })

  it('removal shows the removed screen and closes the media connection at once', async () => {
    sfu.mode = 'hang'
    const { host, links } = await session()
    const p = await person()
    await join(p.page, links[0]!, 'Aspen', 'video')
    await until(() => p.media.length > 0, 'a media frame', 10_000)
    const identity = p.media[0]!.identity
    await until(
      () => sfu.upgrades.some((u) => u.identity === identity),
      'the LiveKit connection',
      10_000,
    )
    const conn = sfu.upgrades.find((u) => u.identity === identity)!
    expect(conn.closed).toBe(false)

    await host
      .getByTestId('roster-member')
      .filter({ hasText: 'Aspen' })
      .getByTestId('remove-member')
      .click()
    await host.getByTestId('remove-confirm').click()
    const started = Date.now()
    await p.page.getByTestId('removed-screen').waitFor({ timeout: 2_000 })
    await until(() => conn.closed, 'the LiveKit connection closed', 1_500, 20)
    expect(Date.now() - started).toBeLessThan(1_500)
    await tracksReleased(p.page, 'the camera and microphone released')
    await p.context.close()
    await host.close()
  })

  it('quick exit blanks the page first and closes the media connection', async () => {
    sfu.mode = 'hang'
    const { host, links } = await session()
    const p = await person()
    await p.context.route('https://www.google.com/**', (r) =>
      r.fulfill({ body: 'weather', contentType: 'text/plain' }),
    )
    await join(p.page, links[0]!, 'Rowan', 'audio')
    await until(() => p.media.length > 0, 'a media frame', 10_000)
    const identity = p.media[0]!.identity
    await until(
      () => sfu.upgrades.some((u) => u.identity === identity),
      'the LiveKit connection',
      10_000,
    )
    const conn = sfu.upgrades.find((u) => u.identity === identity)!
    await p.page.getByTestId('quick-exit').click()
    await until(() => conn.closed, 'the LiveKit connection closed', 2_000, 20)
    await p.context.close()
    await host.close()
  })

  it('without E2EE in the browser: says so, offers text-only, and never contacts LiveKit', async () => {
    sfu.mode = 'refuse'
    const upgrades = sfu.upgrades.length
    const requests = sfu.requests.length
    const { host, links } = await session()
    const p = await person({ noE2EE: true })
    await join(p.page, links[0]!, 'Hazel', 'video')
    const notice = p.page.getByTestId('e2ee-unsupported')
    await notice.waitFor({ timeout: 10_000 })
    expect(await notice.textContent()).toContain('cannot encrypt')
    expect(await p.page.getByTestId('switch-text').getAttribute('aria-pressed')).toBe('true')
    await new Promise((r) => setTimeout(r, 500))
    expect(p.mediaSent()).toEqual([])
    expect(p.media).toEqual([])
    expect(await p.gum()).toEqual([])
    expect(sfu.upgrades.length).toBe(upgrades)
    expect(sfu.requests.length).toBe(requests)
    expect(p.requests.some((u) => u.includes('127.0.0.1'))).toBe(false)
    await notice.getByRole('button').click()
    await until(async () => (await notice.count()) === 0, 'the notice dismissed')
    await chatWorks(p.page, 'Text is fine')
    await p.context.close()
    await host.close()
  })
})
