// More than one media server (issue 19, item 5): two livekit-server nodes sharing one redis-server,
// in a network namespace of their own, with Havre unchanged (its LIVEKIT_URL is node a; LiveKit
// routes each room to a node and relays the signal). Sessions land on both nodes, their tokens
// work, both nodes' webhooks verify, removal moves the session to a new media room, and the end
// deletes every room wherever it is.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BrowserContext, Page } from 'playwright-core'
import { until } from '../browser/support/browser'
import { registerStaffOn } from '../browser/support/havre'
import { joinWith, mediaPerson, mediaSession } from '../browser/support/media-people'
import { rtcStats } from '../browser/support/rtc'
import { selectedPairs } from './support/ice'
import { startNetworkHavre, type LivekitNode, type NetworkHavre } from './support/stack'

let stack: NetworkHavre
let staffContext: BrowserContext

beforeAll(async () => {
  stack = await startNetworkHavre({ cluster: true })
  const staff = await registerStaffOn(stack.browser, stack.server, 'Facilitator Anne')
  await staff.page.close()
  staffContext = staff.context
})

afterAll(async () => {
  await stack?.close()
})

/** Speech arrives on `page` now (packets in and energy rising between two 250 ms samples, twice). */
async function hearsTheGroup(page: Page, what: string, ms = 30_000) {
  const deadline = Date.now() + ms
  let previous = await rtcStats(page)
  for (let heard = 0; heard < 2; ) {
    if (Date.now() > deadline) throw new Error(`${what}: no speech within ${ms} ms`)
    await new Promise((r) => setTimeout(r, 250))
    const now = await rtcStats(page)
    if (now.audioPacketsIn > previous.audioPacketsIn && now.audioEnergyIn > previous.audioEnergyIn) heard++
    previous = now
  }
}

/** The node whose ICE/UDP port the page's media goes to. */
async function nodeOf(page: Page): Promise<LivekitNode> {
  const ports = (await selectedPairs(page)).map((p) => p.remotePort)
  const node = stack.nodes.find((n) => ports.includes(n.udpPort))
  if (!node) throw new Error(`media to no known node: ports ${ports.join(', ')}`)
  return node
}

/** The rooms of the whole cluster (either node answers from the shared redis). */
const roomNames = async () => (await stack.nodes[0]!.rooms.listRooms()).map((r) => r.name)

/** The Worker's answers to the webhooks `node` sent: accepted (200) and refused (4xx). */
function webhooksFrom(node: LivekitNode) {
  const statuses = readFileSync(node.webhookLog, 'utf8').split('\n').filter(Boolean)
  return { ok: statuses.filter((s) => s === '200').length, refused: statuses.filter((s) => s.startsWith('4')).length }
}

type Group = Awaited<ReturnType<typeof group>>

/** A session with the facilitator, Amy, Bea and Cleo in audio; Bea hears the others. */
async function group() {
  const s = await mediaSession(stack.server, staffContext, { participant: 3 })
  await s.host.getByTestId('switch-audio').click()
  const people = []
  for (const [i, name] of ['Amy', 'Bea', 'Cleo'].entries()) {
    const person = await mediaPerson(stack.browser)
    await joinWith(person.page, s.links[i]!, name, 'audio')
    people.push(person)
  }
  const [amy, bea, cleo] = people as [typeof people[0], typeof people[0], typeof people[0]]
  await hearsTheGroup(bea.page, 'Bea')
  const node = await nodeOf(bea.page)
  return { ...s, amy, bea, cleo, node }
}

describe('a LiveKit cluster of two nodes sharing one redis', () => {
  it('sessions on either node: media, webhooks, removal to a new room, and the end', async () => {
    // Rooms go to the node with the fewest: a few sessions reach both (at most four are opened).
    const groups: Group[] = []
    try {
      while (new Set(groups.map((g) => g.node.name)).size < 2 && groups.length < 4) {
        groups.push(await group())
      }
      expect(new Set(groups.map((g) => g.node.name))).toEqual(new Set(['a', 'b']))

      // Both nodes sent webhooks (participants joining their rooms) and each one verified.
      for (const node of stack.nodes) {
        await until(() => webhooksFrom(node).ok > 0, `a webhook from node ${node.name} accepted`, 15_000)
        expect(webhooksFrom(node).refused).toBe(0)
      }

      // Removal in the session on node b (not the node Havre talks to): Amy is out, the others
      // move to room .1 and Bea hears Cleo again; room .0 is deleted from node b.
      const onB = groups.find((g) => g.node.name === 'b')!
      await onB.host
        .getByTestId('roster-member')
        .filter({ hasText: 'Amy' })
        .getByTestId('remove-member')
        .click()
      await onB.host.getByTestId('remove-confirm').click()
      await onB.amy.page.getByTestId('removed-screen').waitFor({ timeout: 10_000 })
      await until(
        async () => {
          const names = await roomNames()
          return names.includes(`${onB.sessionId}.1`) && !names.includes(`${onB.sessionId}.0`)
        },
        'the session in room .1, room .0 deleted',
        30_000,
      )
      // Whoever moves comes into the new room muted: Cleo unmutes and speaks.
      const cleoMic = onB.cleo.page.getByTestId('mic-toggle')
      await cleoMic.waitFor({ timeout: 15_000 })
      if ((await cleoMic.getAttribute('data-state')) === 'off') await cleoMic.click()
      try {
        await hearsTheGroup(onB.bea.page, 'Bea hearing Cleo after the move', 45_000)
      } catch (err) {
        // Who the new room holds and publishes, and what Bea's page has, to tell where it stops.
        const who = await stack.nodes[0]!.rooms.listParticipants(`${onB.sessionId}.1`)
        console.log(JSON.stringify(who.map((p) => [p.name, p.state, p.tracks.map((t) => [t.source, t.muted])])))
        console.log(JSON.stringify(await rtcStats(onB.bea.page)), JSON.stringify(await selectedPairs(onB.bea.page)))
        throw err
      }

      // The end deletes every room of every session, whichever node holds it.
      for (const g of groups) {
        await g.host.getByTestId('end-session').click()
        const confirm = g.host.getByTestId('end-confirm')
        if (await confirm.count()) await confirm.click()
      }
      const ids = groups.map((g) => g.sessionId)
      await until(
        async () => !(await roomNames()).some((name) => ids.some((id) => name.startsWith(`${id}.`))),
        'every room of the sessions deleted',
        30_000,
      )
      for (const node of stack.nodes) {
        const names = (await node.rooms.listRooms()).map((r) => r.name)
        expect(names.filter((name) => ids.some((id) => name.startsWith(`${id}.`)))).toEqual([])
      }
    } finally {
      for (const g of groups) {
        for (const p of [g.amy, g.bea, g.cleo]) await p.context.close().catch(() => undefined)
        await g.host.close().catch(() => undefined)
      }
    }
  }, 300_000)
})
