// The people of a media test on a Havre with the real LiveKit server: a facilitator's room for a
// new session with links, and each person's own browser context recording the room frames, the
// devices asked for and the page's WebRTC (support/rtc).
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { until } from './browser'
import { createSession, openRoom, type MediaHavre } from './havre'
import { captureRtc } from './rtc'

export type MediaFrame = {
  mode: string
  url?: string
  token?: string
  identity: string
  sources: string[]
}

/** The JWT's claims, unverified (what a page holds). */
export const jwtPayload = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    sub?: string
    video?: Record<string, unknown>
  }

/** Records a page's room frames both ways. */
export function recordFrames(page: Page) {
  const sent: Record<string, unknown>[] = []
  const received: Record<string, unknown>[] = []
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/api/rooms/')) return
    ws.on('framesent', (f) => {
      if (typeof f.payload === 'string' && f.payload.startsWith('{')) sent.push(JSON.parse(f.payload))
    })
    ws.on('framereceived', (f) => {
      if (typeof f.payload === 'string' && f.payload.startsWith('{')) received.push(JSON.parse(f.payload))
    })
  })
  const media = () => received.filter((m) => m.type === 'media') as unknown as MediaFrame[]
  return { sent, received, media }
}

/** A facilitator's room for a new session (lobby off), with links of the roles asked for. */
export async function mediaSession(
  server: MediaHavre,
  staffContext: BrowserContext,
  roles: { participant?: number; interpreter?: number; observer?: number } = { participant: 1 },
) {
  const host = await staffContext.newPage()
  const frames = recordFrames(host)
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
  const more: Record<string, string | undefined> = {}
  for (const role of ['interpreter', 'observer'] as const) {
    if (!roles[role]) continue
    const before = await created.item.getByTestId('invite-link').first().inputValue()
    await created.item.getByTestId('invite-role').selectOption(role)
    await created.item.getByTestId('invite-count').fill('1')
    await created.item.getByTestId('invite-create').click()
    await until(
      async () => (await created.item.getByTestId('invite-link').first().inputValue()) !== before,
      `the ${role} link`,
    )
    more[role] = await created.item.getByTestId('invite-link').first().inputValue()
  }
  await openRoom(host, created.item)
  return {
    host,
    hostFrames: frames,
    sessionId: created.sessionId,
    links: created.links,
    interpreter: more.interpreter,
    observer: more.observer,
  }
}

/** A person's own browser: room frames, requests, getUserMedia calls and WebRTC kept. */
export async function mediaPerson(browser: Browser, opts: { noE2EE?: boolean } = {}) {
  const context = await browser.newContext({ locale: 'en-US' })
  await captureRtc(context)
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
  const frames = recordFrames(page)
  const requests: string[] = []
  page.on('request', (r) => requests.push(r.url()))
  // The page's warnings and errors (livekit-client's own), for a failure message.
  const logs: string[] = []
  page.on('console', (m) => {
    if (process.env.HAVRE_DEBUG) console.log('[page]', m.text())
    if (m.type() === 'warning' || m.type() === 'error') logs.push(m.text().slice(0, 300))
  })
  const gum = () =>
    page.evaluate(() => (window as unknown as { __gum: { audio: boolean; video: boolean }[] }).__gum)
  const mediaSent = () => frames.sent.filter((m) => m.type === 'media').map((m) => m.mode)
  return { context, page, sent: frames.sent, media: frames.media, requests, gum, mediaSent, logs }
}

/** Opens a link, takes a pseudonym, picks a mode and joins the room. */
export async function joinWith(
  page: Page,
  link: string,
  pseudonym: string,
  mode: 'text' | 'audio' | 'video',
  opts: { publish?: boolean } = {},
) {
  await page.goto(link)
  await page.getByTestId('agreement').waitFor({ timeout: 15_000 })
  await page.getByTestId('pseudonym').fill(pseudonym)
  await page.getByTestId('consent').check()
  await page.getByTestId(`mode-${mode}`).check()
  await page.getByTestId('join-button').click()
  await page.getByTestId('room').waitFor({ timeout: 15_000 })
  // Participants join muted with the camera off; these tests' people turn both on, as a person
  // does on the device check (publish: false for someone who stays muted or publishes nothing).
  if (mode !== 'text' && opts.publish !== false) await enterCall(page, { mic: true, camera: mode === 'video' })
}

/** Past the device check (participants) with the microphone and camera as asked; staff have none. */
export async function enterCall(page: Page, on: { mic: boolean; camera: boolean }) {
  const join = page.getByTestId('join-call')
  const bar = page.getByTestId('call-bar')
  // Or no call at all: no E2EE in this browser, LiveKit unreachable.
  const none = page.getByTestId('media-error').or(page.getByTestId('e2ee-unsupported'))
  await until(
    async () => (await join.isVisible()) || (await bar.isVisible()) || (await none.count()) > 0,
    'the device check or the call bar',
    30_000,
  )
  if (!(await join.isVisible())) return
  await until(async () => (await page.getByTestId('start-mic').count()) > 0, 'the devices ready', 30_000)
  await page.getByTestId('start-mic').setChecked(on.mic)
  if (await page.getByTestId('start-camera').count()) await page.getByTestId('start-camera').setChecked(on.camera)
  await join.click()
  await bar.waitFor({ timeout: 30_000 })
}
