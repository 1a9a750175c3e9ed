// Supervised youth sessions in a real browser, against a Havre with LiveKit configured (the
// LiveKit API double; no SFU answers) and Chromium with fake devices: two adults before youth are
// admitted, the supervision countdown and its close, cameras off until a facilitator allows them
// (asserted on the media frames, each token's grant and the devices asked for), the end for
// everyone at once, links shown as plain text, the pseudonym hint, who is watching, and the
// console's checklist and handout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { Result } from 'axe-core'
import * as v from 'valibot'
import { seriousResults } from './support/axe'
import { launchMediaBrowser, until } from './support/browser'
import {
  admitFromLobby,
  createSession,
  lobbyEntry,
  moreLinks,
  openRoom,
  registerStaffOn,
  rosterShows,
  startMediaHavre,
  type MediaHavre,
  type Staff,
} from './support/havre'
import { ClientMessageSchema } from '../../worker/protocol/messages'

let server: MediaHavre
let browser: Browser
let staff: Staff

beforeAll(async () => {
  server = await startMediaHavre()
  browser = await launchMediaBrowser()
  // The staff context bypasses the CSP only so that axe-core can be injected into its pages.
  staff = await registerStaffOn(browser, server, 'Facilitator Anne', { bypassCSP: true })
}, 150_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

type MediaFrame = { mode: string; token?: string; identity: string; sources: string[] }

const grantSources = (jwt: string) => {
  const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    video?: { canPublishSources?: string[] }
  }
  return (payload.video?.canPublishSources ?? []).map((s) => s.toLowerCase()).sort()
}

/** Serious or critical axe-core issues on the page, leaving out elements matching `known`. */
async function seriousViolations(page: Page, known?: RegExp): Promise<string[]> {
  return (await seriousResults(page))
    .map((r: Result) => ({
      id: r.id,
      nodes: r.nodes.map((n) => n.target.join(' ')).filter((t) => !known?.test(t)),
    }))
    .filter((r) => r.nodes.length)
    .map((r) => `${r.id}: ${r.nodes.join(', ')}`)
}

/** A person's own browser: room frames both ways, and every getUserMedia call. */
async function person(opts: { bypassCSP?: boolean } = {}) {
  const context = await browser.newContext({ locale: 'en-US', ...opts })
  await context.addInitScript(() => {
    const w = window as unknown as { __gum: { audio: boolean; video: boolean }[] }
    w.__gum = []
    const md = navigator.mediaDevices
    const original = md.getUserMedia.bind(md)
    md.getUserMedia = (c?: MediaStreamConstraints) => {
      w.__gum.push({ audio: Boolean(c?.audio), video: Boolean(c?.video) })
      return original(c)
    }
  })
  const page = await context.newPage()
  const received: { type: string; [k: string]: unknown }[] = []
  const sent: { type: string; [k: string]: unknown }[] = []
  page.on('websocket', (ws) => {
    if (!ws.url().includes('/api/rooms/')) return
    const read = (into: typeof received) => (f: { payload: string | Buffer }) => {
      if (typeof f.payload === 'string' && f.payload.startsWith('{')) into.push(JSON.parse(f.payload))
    }
    ws.on('framereceived', read(received))
    ws.on('framesent', read(sent))
  })
  const media = () => received.filter((f) => f.type === 'media') as unknown as MediaFrame[]
  const gum = () =>
    page.evaluate(() => (window as unknown as { __gum: { audio: boolean; video: boolean }[] }).__gum)
  return { context, page, received, sent, media, gum }
}

/** Opens a link, takes a pseudonym, picks a mode and joins: youth (and observers) wait in the lobby. */
async function joinYouthSession(page: Page, link: string, pseudonym: string, mode = 'text') {
  await page.goto(link)
  await page.getByTestId('agreement').waitFor({ timeout: 15_000 })
  await page.getByTestId('pseudonym').fill(pseudonym)
  await page.getByTestId('consent').check()
  await page.getByTestId(`mode-${mode}`).check()
  await page.getByTestId('join-button').click()
  await page.getByTestId('waiting-screen').waitFor({ timeout: 15_000 })
}

/** A youth session from the console: youth links, one observer link, and the facilitator's room. */
async function youthSession(youthLinks = 1) {
  const host = await staff.context.newPage()
  await host.goto(`${server.base}/staff`)
  await host.getByTestId('create-session-form').waitFor()
  const created = await createSession(host, { kind: 'youth', count: youthLinks })
  const [observerLink] = await moreLinks(created.item, 'observer')
  await openRoom(host, created.item)
  return { host, sessionId: created.sessionId, youthLinks: created.links, observerLink: observerLink! }
}

/** Facilitator, observer and youth all in the room (the youth admitted with two adults there). */
async function supervisedRoom(mode = 'text', opts: { bypassCSP?: boolean } = {}) {
  const s = await youthSession()
  const observer = await person()
  await joinYouthSession(observer.page, s.observerLink, 'Guardian')
  await admitFromLobby(s.host, 'Guardian')
  await observer.page.getByTestId('room').waitFor({ timeout: 10_000 })
  const youth = await person(opts)
  await joinYouthSession(youth.page, s.youthLinks[0]!, 'Sky', mode)
  if (opts.bypassCSP) expect(await seriousViolations(youth.page)).toEqual([])
  await admitFromLobby(s.host, 'Sky')
  await youth.page.getByTestId('room').waitFor({ timeout: 10_000 })
  return { ...s, observer, youth }
}

describe('supervised youth sessions', () => {
  it('youth wait for two adults: refused with one, admitted with two; losing one pauses, then ends', async () => {
    const s = await youthSession()
    const youth = await person()
    await joinYouthSession(youth.page, s.youthLinks[0]!, 'Sky')
    // A calm waiting screen that says why.
    expect(await youth.page.getByTestId('waiting-adults').textContent()).toContain('two adults')

    // One adult (the facilitator): the lobby panel says so, and the admit is refused readably.
    await lobbyEntry(s.host, 'Sky').waitFor({ timeout: 10_000 })
    const adults = s.host.getByTestId('lobby-adults')
    await until(async () => (await adults.getAttribute('data-adults')) === '1', 'one adult')
    expect(await adults.textContent()).toContain('only when two adults')
    // Admit is disabled before the click, with the reason beside it (the server refuses it too).
    const sky = lobbyEntry(s.host, 'Sky')
    expect(await sky.getByTestId('admit').isDisabled()).toBe(true)
    expect(await sky.getByTestId('admit-blocked').textContent()).toBe(
      'Two adults must be present to admit youth (1 now).',
    )
    await new Promise((r) => setTimeout(r, 300))
    expect(await youth.page.getByTestId('waiting-screen').isVisible()).toBe(true)
    expect(youth.received.some((f) => f.type === 'admitted')).toBe(false)

    // An observer arrives through her own link (she waits too) and is admitted: two adults.
    const observer = await person()
    await joinYouthSession(observer.page, s.observerLink, 'Guardian')
    await admitFromLobby(s.host, 'Guardian')
    await observer.page.getByTestId('room').waitFor({ timeout: 10_000 })
    await until(async () => (await adults.getAttribute('data-adults')) === '2', 'two adults')
    await admitFromLobby(s.host, 'Sky')
    await youth.page.getByTestId('room').waitFor({ timeout: 10_000 })

    // Transparency: the observer is listed as an observer, and the top says who is watching.
    await rosterShows(youth.page, ['Guardian', 'Facilitator Anne'])
    const guardian = youth.page.getByTestId('roster-member').filter({ hasText: 'Guardian' })
    expect(await guardian.getAttribute('data-role')).toBe('observer')
    expect(await guardian.textContent()).toContain('observer')
    const watching = youth.page.getByTestId('watching-list')
    await until(
      async () => ((await watching.textContent()) ?? '').includes('Guardian (observer)'),
      'the observer in the watching list',
    )
    expect(await watching.textContent()).toContain('Facilitator Anne (facilitator)')
    expect(await watching.textContent()).not.toContain('Sky')

    // The observer leaves: everyone is told, with a countdown; the session ends at the grace (3 s).
    await observer.context.close()
    const notice = youth.page.getByTestId('supervision-notice')
    await notice.waitFor({ timeout: 5_000 })
    expect(await notice.textContent()).toMatch(
      /Fewer than two adults are present: youth video and audio are paused\. The session will end in \d s unless another adult joins\./,
    )
    await s.host.getByTestId('supervision-notice').waitFor({ timeout: 5_000 })
    await youth.page.getByTestId('ended-screen').waitFor({ timeout: 8_000 })
    expect(await youth.page.getByTestId('ended-reason').textContent()).toContain(
      'fewer than two adults',
    )
    expect(youth.received.find((f) => f.type === 'ended')).toMatchObject({ reason: 'unsupervised' })
    await s.host.getByTestId('ended-screen').waitFor({ timeout: 5_000 })
    await youth.context.close()
    await s.host.close()
  })

  it('supervision restored within the grace clears the notice and keeps the session', async () => {
    const s = await supervisedRoom()
    // The observer's page goes away (her connection drops), then she comes back to the same tab:
    // her seat is in that tab's sessionStorage.
    await s.observer.page.goto('about:blank')
    const notice = s.youth.page.getByTestId('supervision-notice')
    await notice.waitFor({ timeout: 5_000 })
    await s.observer.page.goto(`${server.base}/j`)
    await s.observer.page.getByTestId('room').waitFor({ timeout: 10_000 })
    await until(async () => (await notice.count()) === 0, 'the notice cleared', 5_000)
    await new Promise((r) => setTimeout(r, 3_500))
    expect(await s.youth.page.getByTestId('room').isVisible()).toBe(true)
    expect(s.youth.received.filter((f) => f.type === 'supervision').at(-1)).toMatchObject({
      ok: true,
      adults: 2,
    })
    await Promise.all([s.youth.context.close(), s.observer.context.close()])
    await s.host.close()
  })

  it('a youth camera is off until a facilitator allows it: not in the token, not asked for', async () => {
    const s = await supervisedRoom('video')
    const y = s.youth
    await until(() => y.media().length > 0, 'a media frame', 10_000)
    const first = y.media()[0]!
    expect(first.mode).toBe('video')
    expect(first.sources).toEqual(['microphone'])
    expect(grantSources(first.token!)).toEqual(['microphone'])
    await y.page.getByTestId('camera-waiting').waitFor({ timeout: 5_000 })
    expect(await y.page.getByTestId('camera-waiting').textContent()).toBe(
      'Camera off until a facilitator allows it.',
    )
    // No room error from the media request made while she waited in the lobby.
    expect(await y.page.getByTestId('room-error').count()).toBe(0)
    await until(async () => (await y.gum()).length > 0, 'the microphone asked for', 10_000)
    for (const call of await y.gum()) expect(call).toEqual({ audio: true, video: false })

    // Observers and facilitators have no such button for themselves; the youth has one.
    const sky = s.host.getByTestId('roster-member').filter({ hasText: 'Sky' })
    const allow = sky.getByTestId('allow-camera')
    await allow.waitFor({ timeout: 5_000 })
    expect(await allow.textContent()).toBe('Allow camera')
    expect(await s.host.getByTestId('allow-camera').count()).toBe(1)
    // The youth herself sees no moderation buttons at all.
    expect(await y.page.getByTestId('allow-camera').count()).toBe(0)

    const gumBefore = (await y.gum()).length
    await allow.click()
    await until(() => y.received.some((f) => f.type === 'camera_permission'), 'the permission')
    await until(() => y.media().some((m) => m.sources.includes('camera')), 'a token with the camera', 10_000)
    const allowed = y.media().find((m) => m.sources.includes('camera'))!
    expect(grantSources(allowed.token!)).toEqual(['camera', 'microphone'])
    expect(y.sent.filter((f) => f.type === 'media').map((f) => f.mode)).toContain('video')
    await y.page.getByTestId('camera-allowed').waitFor({ timeout: 5_000 })
    await until(
      async () => (await y.gum()).slice(gumBefore).some((c) => c.video),
      'the camera asked for',
      10_000,
    )
    await until(async () => (await allow.textContent()) === 'Withdraw camera', 'Withdraw camera')

    // Withdrawn: a new token without the camera, and the camera is not asked for again.
    const framesBefore = y.media().length
    const gumAfter = (await y.gum()).length
    await allow.click()
    await until(() => y.media().length > framesBefore, 'a new media frame', 10_000)
    const withdrawn = y.media().at(-1)!
    expect(grantSources(withdrawn.token!)).toEqual(['microphone'])
    await y.page.getByTestId('camera-waiting').waitFor({ timeout: 5_000 })
    await new Promise((r) => setTimeout(r, 500))
    for (const call of (await y.gum()).slice(gumAfter)) expect(call.video).toBe(false)
    await Promise.all([y.context.close(), s.observer.context.close()])
    await s.host.close()
  })

  it('the facilitator’s end closes everything at once for the youth and the observer', async () => {
    const s = await supervisedRoom()
    await s.host.getByTestId('end-session').click()
    const started = Date.now()
    await s.host.getByTestId('end-confirm').click()
    await Promise.all([
      s.youth.page.getByTestId('ended-screen').waitFor({ timeout: 2_000 }),
      s.observer.page.getByTestId('ended-screen').waitFor({ timeout: 2_000 }),
    ])
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(s.youth.received.find((f) => f.type === 'ended')).toMatchObject({ reason: 'ended' })
    // Said plainly, without the unsupervised reason.
    expect(await s.youth.page.getByTestId('ended-reason').count()).toBe(0)
    await Promise.all([s.youth.context.close(), s.observer.context.close()])
    await s.host.close()
  })

  it('no side channels: no private messages in the protocol, and links in the chat are plain text', async () => {
    // Every frame a browser may send: the ones that carry words are the chat, which names no
    // recipient (it goes to the whole room), and a facilitator's private reply to an alert, which
    // the room refuses in youth sessions in either direction (test/worker/console.test.ts; the
    // facilitator's youth alert panel offers none: facilitator.test.ts).
    const withContent = ClientMessageSchema.options.filter((o) =>
      Object.keys(o.entries).some((k) => /^(ct|text|body|message|content)$/.test(k)),
    )
    expect(withContent.map((o) => o.entries.type.literal)).toEqual(['chat', 'private_reply'])
    expect(Object.keys(withContent[0]!.entries).sort()).toEqual(['ct', 'iv', 'type'])
    const addressed = { type: 'chat', to: 'someone1', iv: 'A'.repeat(16), ct: 'A'.repeat(24) }
    expect(v.parse(ClientMessageSchema, addressed)).not.toHaveProperty('to')

    const s = await supervisedRoom()
    const text = 'look https://example.com/talk-to-me and www.example.org'
    await s.youth.page.getByTestId('chat-input').fill(text)
    await s.youth.page.getByTestId('chat-send').click()
    for (const page of [s.youth.page, s.host, s.observer.page]) {
      const msg = page.getByTestId('chat-message').filter({ hasText: 'https://example.com/talk-to-me' })
      await msg.waitFor({ timeout: 10_000 })
      expect(await msg.locator('.text').textContent()).toBe(text)
      expect(await page.getByTestId('chat-log').locator('a').count()).toBe(0)
    }
    await Promise.all([s.youth.context.close(), s.observer.context.close()])
    await s.host.close()
  })

  it('the youth join page asks for a pseudonym unlike their social-media name (not on group links)', async () => {
    const host = await staff.context.newPage()
    await host.goto(`${server.base}/staff`)
    await host.getByTestId('create-session-form').waitFor()
    const youth = await createSession(host, { kind: 'youth', count: 1 })
    const group = await createSession(host, { kind: 'group', count: 1 })
    const p = await person()
    await p.page.goto(youth.links[0]!)
    const hint = p.page.getByTestId('pseudonym-hint')
    await hint.waitFor({ timeout: 15_000 })
    expect(await hint.textContent()).toBe(
      'Choose a pseudonym that is different from your name on social media.',
    )
    expect(await p.page.getByTestId('pseudonym').getAttribute('aria-describedby')).toBe(
      await hint.getAttribute('id'),
    )
    // In French too.
    await p.page.getByTestId('lang-switch').click()
    await until(
      async () => ((await hint.textContent()) ?? '').includes('médias sociaux'),
      'the French hint',
    )
    const q = await person()
    await q.page.goto(group.links[0]!)
    await q.page.getByTestId('agreement').waitFor({ timeout: 15_000 })
    await new Promise((r) => setTimeout(r, 300))
    expect(await q.page.getByTestId('pseudonym-hint').count()).toBe(0)
    await Promise.all([p.context.close(), q.context.close()])
    await host.close()
  })

  it('the console shows the child-protection checklist and a bilingual handout with a copy button', async () => {
    await staff.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: server.base,
    })
    const host = await staff.context.newPage()
    await host.goto(`${server.base}/staff`)
    await host.getByTestId('create-session-form').waitFor()
    const youth = await createSession(host, { kind: 'youth', count: 1 })
    const group = await createSession(host, { kind: 'group', count: 1 })
    expect(await group.item.getByTestId('youth-checklist').count()).toBe(0)

    const checklist = youth.item.getByTestId('youth-checklist')
    await checklist.waitFor({ timeout: 10_000 })
    await checklist.locator('summary').click()
    const items = checklist.getByTestId('checklist-item')
    expect(await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-item')))).toEqual([
      'quick-close',
      'personal-info',
      'mute-camera',
      'recording',
      'chat',
      'access',
      'nobody-stays',
      'transparency',
    ])
    const all = (await checklist.textContent()) ?? ''
    for (const words of [
      'one-time link',
      'lobby',
      'Pseudonyms only',
      'Recording is impossible',
      'turn the chat off',
      'closes for everyone',
    ]) {
      expect(all).toContain(words)
    }
    const handout = checklist.getByTestId('youth-handout')
    const text = await handout.inputValue()
    expect(text).toContain('What Havre collects')
    expect(text).toContain('What Havre does not collect')
    expect(text).toContain('Ce que Havre recueille')
    expect(text).toContain('Ce que Havre ne recueille pas')
    await checklist.getByTestId('youth-handout-copy').click()
    await until(
      async () => (await checklist.getByTestId('youth-handout-copy').textContent()) === 'Copied',
      'Copied',
    )
    expect(await host.evaluate(() => navigator.clipboard.readText())).toBe(text)

    // In French, the reader's language comes first.
    await host.getByTestId('lang-switch').click()
    await until(
      async () => (await handout.inputValue()).startsWith('À propos du groupe'),
      'the French handout first',
    )
    expect(await checklist.locator('summary').textContent()).toContain('protection des jeunes')
    await host.close()
  })

  it('the youth screens, the facilitator’s youth tools and the checklist have no serious axe issues', async () => {
    // The waiting screen is checked inside supervisedRoom; here the room on both sides.
    const s = await supervisedRoom('video', { bypassCSP: true })
    await s.youth.page.getByTestId('camera-waiting').waitFor({ timeout: 10_000 })
    await s.youth.page.getByTestId('watching-list').waitFor()
    expect(await seriousViolations(s.youth.page)).toEqual([])
    await s.host.getByTestId('allow-camera').waitFor({ timeout: 5_000 })
    // The roster's media buttons too (spotlight, camera off, stop media: their names say their text).
    expect(await seriousViolations(s.host)).toEqual([])
    // The supervision notice, on the youth's side.
    await s.observer.context.close()
    await s.youth.page.getByTestId('supervision-notice').waitFor({ timeout: 5_000 })
    expect(await seriousViolations(s.youth.page)).toEqual([])
    await s.youth.context.close()
    await s.host.close()

    const host = await staff.context.newPage()
    await host.goto(`${server.base}/staff`)
    await host.getByTestId('create-session-form').waitFor()
    const youth = await createSession(host, { kind: 'youth', count: 1 })
    await youth.item.getByTestId('youth-checklist').locator('summary').click()
    await youth.item.getByTestId('youth-handout').waitFor()
    expect(await seriousViolations(host)).toEqual([])
    await host.close()
  })
})
