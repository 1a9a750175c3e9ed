// Firewalls (issue 19, item 3), with Havre, livekit-server and Chromium in a network namespace of
// their own: a relay-only client hears the group through LiveKit's embedded TURN (UDP, and TLS on
// 443 when UDP is blocked); a client whose UDP is blocked hears the group over ICE/TCP; and when UDP
// is cut mid-session, the media comes back over TCP. Timings are in `npm run bench:network`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { registerStaffOn } from '../browser/support/havre'
import { joinWith, mediaPerson, mediaSession } from '../browser/support/media-people'
import { rtcStats } from '../browser/support/rtc'
import { forceRelay, selectedPairs, type SelectedPair } from './support/ice'
import { launchChromiumIn, startNetworkHavre, TURN_RELAY_PORTS, type NetworkHavre } from './support/stack'

let stack: NetworkHavre
let staffContext: BrowserContext

beforeAll(async () => {
  stack = await startNetworkHavre({ turnTls: true })
  const staff = await registerStaffOn(stack.browser, stack.server, 'Facilitator Anne')
  await staff.page.close()
  staffContext = staff.context
})

afterAll(async () => {
  // Rules and processes live in the namespace: deleting it undoes every impairment.
  await stack?.close()
})

/**
 * The group's speech is arriving on `page` now: twice, between two samples 250 ms apart, audio
 * packets came in and the audio energy played out rose (sums restart when a reconnection replaces
 * the peer connections, so only consecutive samples are compared).
 */
async function hearsTheGroup(page: Page, what: string, ms = 30_000) {
  const deadline = Date.now() + ms
  let previous = await rtcStats(page)
  let heard = 0
  while (heard < 2) {
    if (Date.now() > deadline) throw new Error(`${what}: no speech within ${ms} ms: ${JSON.stringify(previous)}`)
    await new Promise((r) => setTimeout(r, 250))
    const now = await rtcStats(page)
    if (now.audioPacketsIn > previous.audioPacketsIn && now.audioEnergyIn > previous.audioEnergyIn) heard++
    previous = now
  }
}

/** The facilitator in audio and Amy joined in audio with `prepare` applied to her context. */
async function facilitatorAndAmy(
  prepare?: (context: BrowserContext) => Promise<void>,
  browser: Browser = stack.browser,
) {
  const s = await mediaSession(stack.server, staffContext, { participant: 1 })
  await s.host.getByTestId('switch-audio').click()
  const amy = await mediaPerson(browser)
  await prepare?.(amy.context)
  await joinWith(amy.page, s.links[0]!, 'Amy', 'audio')
  const done = async () => {
    await amy.context.close()
    await s.host.close()
  }
  return { host: s.host, amy, done }
}

const describePairs = (pairs: SelectedPair[]) => JSON.stringify(pairs)

/** Every participant's LiveKit session on the node, by identity. */
async function sessions() {
  const out: Record<string, string> = {}
  const rooms = stack.nodes[0]!.rooms
  for (const room of await rooms.listRooms()) {
    for (const p of await rooms.listParticipants(room.name)) out[p.identity] = p.sid
  }
  return out
}

describe('firewalls: media through TURN and ICE/TCP', () => {
  it('a relay-only client hears the group through the embedded TURN server', async () => {
    const { amy, done } = await facilitatorAndAmy(forceRelay)
    try {
      await hearsTheGroup(amy.page, 'relay-only Amy')
      const pairs = await selectedPairs(amy.page)
      expect(pairs.length, describePairs(pairs)).toBeGreaterThan(0)
      for (const pair of pairs) expect(pair.localType, describePairs(pairs)).toBe('relay')
    } finally {
      await done()
    }
  })

  it('with UDP blocked, a relay-only client hears the group through TURN over TLS on 443', async () => {
    // The certificate is self-signed: her browser accepts it, as one would a real one (production
    // needs a certificate for the TURN domain from a public CA).
    const trusting = await launchChromiumIn(stack.ns, ['--ignore-certificate-errors'])
    stack.ns.blockUdp(TURN_RELAY_PORTS)
    try {
      const { amy, done } = await facilitatorAndAmy(forceRelay, trusting)
      try {
        await hearsTheGroup(amy.page, 'relay-only Amy, no UDP', 45_000)
        const pairs = await selectedPairs(amy.page)
        for (const pair of pairs) {
          expect(pair.localType, describePairs(pairs)).toBe('relay')
          expect(pair.relayProtocol, describePairs(pairs)).toBe('tls')
        }
      } finally {
        await done()
      }
    } finally {
      stack.ns.unblockUdp()
      await trusting.close()
    }
  })

  it('with UDP blocked from the start, she hears the group over ICE/TCP', async () => {
    stack.ns.blockUdp()
    try {
      const { amy, done } = await facilitatorAndAmy()
      try {
        await hearsTheGroup(amy.page, 'Amy, no UDP')
        const pairs = await selectedPairs(amy.page)
        expect(pairs.length).toBeGreaterThan(0)
        for (const pair of pairs) expect(pair.protocol, describePairs(pairs)).toBe('tcp')
      } finally {
        await done()
      }
    } finally {
      stack.ns.unblockUdp()
    }
  })

  it('when UDP is cut mid-session, her own session resumes and her media comes back over TCP', async () => {
    const { amy, done } = await facilitatorAndAmy()
    try {
      await hearsTheGroup(amy.page, 'Amy on UDP')
      expect((await selectedPairs(amy.page)).every((p) => p.protocol === 'udp')).toBe(true)
      const before = await sessions()
      stack.ns.blockUdp()
      try {
        // Not at once: the UDP path has to fail before ICE moves to TCP.
        await new Promise((r) => setTimeout(r, 2000))
        // Her client notices the dead path itself (web/src/media/stall.ts), well before
        // livekit-server gives up on it (15 s, then 16-18 s of silence); the figure is in
        // `npm run bench:network`.
        await hearsTheGroup(amy.page, 'Amy after the cut', 12_000)
        // The stats may call the new pair selected a moment after media arrives on it.
        let pairs = await selectedPairs(amy.page)
        for (let i = 0; i < 20 && !pairs.every((p) => p.protocol === 'tcp'); i++) {
          await new Promise((r) => setTimeout(r, 250))
          pairs = await selectedPairs(amy.page)
        }
        expect(pairs.length).toBeGreaterThan(0)
        for (const pair of pairs) expect(pair.protocol, describePairs(pairs)).toBe('tcp')
        // A resume, not a new join: everyone keeps the session (participant sid) they had.
        expect(await sessions()).toEqual(before)
      } finally {
        stack.ns.unblockUdp()
      }
    } finally {
      await done()
    }
  })
})
