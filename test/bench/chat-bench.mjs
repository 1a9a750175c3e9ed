// Benchmarks (b) and (c) in one live session of 50: chat relay latency and loss while every
// client writes about every 2 s, then the facilitator's end until every participant is closed.
// The same load on the trivial relay (test/bench/relay) is the floor Havre's relay is judged by.
import { randomBytes } from 'node:crypto'
import { connectSeat } from './room-client.mjs'
import { summarize } from './stats.mjs'

/** benchChat's raw latencies, kept out of the JSON (a symbol key), for pooling floor runs. */
export const LATENCIES = Symbol('latencies')

export const CHAT = { clients: 50, intervalMs: 2_000, drainMs: 5_000, endTimeoutMs: 5_000 }

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Opens the facilitator's seat and 49 participant seats, connects and joins all 50. */
export async function openRoom(api, origin) {
  const session = await api.createSession('Bench chat')
  const seats = [await api.hostSeat(session.id)]
  for (const token of await api.createLinks(session.id, CHAT.clients - 1)) {
    seats.push((await api.redeem(token)).answer.seat)
  }
  const clients = []
  for (let i = 0; i < seats.length; i += 10) {
    const group = seats.slice(i, i + 10).map((seat) => connectSeat(origin, session.id, seat))
    clients.push(...(await Promise.all(group)))
  }
  clients.forEach((c, i) => c.send({ type: 'join', pseudonym: `Bench ${i}`, agreed: true }))
  await Promise.all(
    clients.map((c) =>
      c.waitFor(
        () => (c.roster?.members.length === CHAT.clients ? true : undefined),
        'full roster',
      ),
    ),
  )
  return { session, facilitator: clients[0], participants: clients.slice(1), clients }
}

/** 50 sockets on one room of the trivial relay (its floor): connected as Havre's, no seats. */
export async function openRelayRoom(origin) {
  const clients = []
  for (let i = 0; i < CHAT.clients; i += 10) {
    const group = Array.from({ length: Math.min(10, CHAT.clients - i) }, (_, j) =>
      connectSeat(origin, 'floor', `client-${i + j}`),
    )
    clients.push(...(await Promise.all(group)))
  }
  return { facilitator: clients[0], participants: clients.slice(1), clients }
}

export async function benchChat(room, seconds) {
  const sentAt = new Map()
  const latencies = []
  let received = 0
  let unknown = 0
  for (const c of room.clients) {
    c.onFrame = (frame, at) => {
      if (frame.type !== 'chat') return
      const t = sentAt.get(frame.ct)
      if (t === undefined) return void unknown++
      received++
      latencies.push(at - t)
    }
  }
  for (const c of room.clients) c.errors.length = 0
  const durationMs = seconds * 1000
  const start = performance.now()
  let sent = 0
  const senders = room.clients.map(async (c) => {
    // Spread the first message over one interval so the load is even, not in bursts of 50.
    let next = start + Math.random() * CHAT.intervalMs
    while (next - start < durationMs) {
      await sleep(Math.max(0, next - performance.now()))
      if (c.closed) return
      const ct = randomBytes(100).toString('base64')
      sentAt.set(ct, performance.now())
      c.send({ type: 'chat', iv: randomBytes(12).toString('base64'), ct })
      sent++
      next += CHAT.intervalMs
    }
  })
  await Promise.all(senders)
  const expected = sent * room.clients.length
  const drainEnd = performance.now() + CHAT.drainMs
  while (received < expected && performance.now() < drainEnd) await sleep(20)
  const elapsed = (performance.now() - start) / 1000
  for (const c of room.clients) c.onFrame = undefined
  const errors = room.clients.flatMap((c) => c.errors)
  // A socket closed before the end is a fault (or a runtime restart), never silently skipped.
  const dropped = room.clients.filter((c) => c.closed)
  return {
    seconds: Math.round(elapsed * 10) / 10,
    clients: room.clients.length,
    sent,
    expected,
    received,
    lost: expected - received,
    unknown,
    serverErrors: errors.length,
    errorCodes: [...new Set(errors.map((e) => e.code))],
    dropped: dropped.length,
    dropCodes: [...new Set(dropped.map((c) => c.closed.code))],
    latency: summarize(latencies),
    [LATENCIES]: latencies,
  }
}

/** The relay's runs before and after Havre's chat as one floor: counts added, latencies pooled. */
export function pooledChat(before, after) {
  const sum = (k) => before[k] + after[k]
  const counts = ['sent', 'expected', 'received', 'lost', 'unknown', 'serverErrors', 'dropped']
  return {
    ...before,
    ...Object.fromEntries(counts.map((k) => [k, sum(k)])),
    seconds: Math.round((before.seconds + after.seconds) * 10) / 10,
    errorCodes: [...new Set([...before.errorCodes, ...after.errorCodes])],
    dropCodes: [...new Set([...before.dropCodes, ...after.dropCodes])],
    latency: summarize([...before[LATENCIES], ...after[LATENCIES]]),
    before: before.latency,
    after: after.latency,
  }
}

/** The facilitator ends the session; per participant, the time until `ended` and close. */
export async function benchEnd(room) {
  const start = performance.now()
  const done = room.participants.map(
    (c) =>
      new Promise((resolve) => {
        let endedAt
        const timer = setTimeout(() => resolve(undefined), CHAT.endTimeoutMs)
        const check = () => {
          if (endedAt === undefined || !c.closed) return
          clearTimeout(timer)
          resolve({ ms: Math.max(endedAt, c.closed.at) - start, code: c.closed.code })
        }
        c.onFrame = (frame, at) => {
          if (frame.type !== 'ended') return
          endedAt = at
          check()
        }
        c.onClose = check
      }),
  )
  room.facilitator.send({ type: 'end' })
  const finished = (await Promise.all(done)).filter(Boolean)
  return {
    participants: room.participants.length,
    closed: finished.length,
    notClosed: room.participants.length - finished.length,
    closeCodes: [...new Set(finished.map((r) => r.code))],
    latency: summarize(finished.map((r) => r.ms)),
  }
}

export function closeAll(room) {
  for (const c of room?.clients ?? []) {
    try {
      c.ws.close()
    } catch {
      // Already closed.
    }
  }
}
