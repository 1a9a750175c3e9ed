// Many sessions at once: 20 sessions × 10 links, all 200 redeemed in one Promise.all; then, in the
// same 20 sessions, a facilitator + 4 participants each (100 sockets) all writing at the same time.
// Every message is tagged with its session, so a delivery to another session is counted, not lost.
import { randomBytes } from 'node:crypto'
import { connectSeat } from './room-client.mjs'
import { summarize } from './stats.mjs'

export const SESSIONS = {
  sessions: 20,
  linksPerSession: 10,
  participantsPerSession: 4,
  // One message a second per seat: the room's bucket refills 1/s with a burst of 8, so a seat that
  // keeps to this schedule always has about 7 tokens in hand for timer and network jitter.
  intervalMs: 1_000,
  drainMs: 5_000,
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Creates the sessions and their links (not measured). */
export async function prepareSessions(api) {
  const sessions = []
  for (let i = 0; i < SESSIONS.sessions; i++) {
    const session = await api.createSession(`Bench sessions ${i}`)
    const tokens = await api.createLinks(session.id, SESSIONS.linksPerSession)
    sessions.push({ index: i, session, tokens })
  }
  return sessions
}

/** All 200 links of the 20 sessions redeemed at once. */
export async function benchRedeemAcross(api, sessions) {
  const jobs = sessions.flatMap((s) => s.tokens.map((token) => ({ s, token })))
  const start = performance.now()
  const results = await Promise.all(jobs.map(({ token }) => api.redeemRaw(token)))
  const wallMs = performance.now() - start
  const statuses = {}
  results.forEach((r, i) => {
    statuses[r.status] = (statuses[r.status] ?? 0) + 1
    if (r.answer) {
      const s = jobs[i].s
      if (r.answer.sessionId !== s.session.id)
        throw new Error('a link redeemed into another session')
      ;(s.seats ??= []).push(r.answer.seat)
    }
  })
  return {
    sessions: sessions.length,
    requests: jobs.length,
    wallMs: Math.round(wallMs),
    statuses,
    all201: statuses[201] === jobs.length,
    latency: summarize(results.map((r) => r.ms)),
  }
}

/** Connects each session's facilitator and first 4 redeemed seats, and joins them all. */
export async function openSessionRooms(api, origin, sessions) {
  const rooms = []
  for (const s of sessions) {
    const seats = [
      await api.hostSeat(s.session.id),
      ...(s.seats ?? []).slice(0, SESSIONS.participantsPerSession),
    ]
    if (seats.length !== SESSIONS.participantsPerSession + 1) {
      throw new Error(`session ${s.index}: only ${seats.length - 1} redeemed seats`)
    }
    const clients = await Promise.all(seats.map((seat) => connectSeat(origin, s.session.id, seat)))
    clients.forEach((c) => (c.sessionIndex = s.index))
    clients.forEach((c, i) =>
      c.send({ type: 'join', pseudonym: `S${s.index} P${i}`, agreed: true }),
    )
    await Promise.all(
      clients.map((c) =>
        c.waitFor(
          () => (c.roster?.members.length === seats.length ? true : undefined),
          'full roster',
        ),
      ),
    )
    rooms.push({ index: s.index, session: s.session, clients })
  }
  return rooms
}

export async function benchSessionsChat(rooms, seconds) {
  const clients = rooms.flatMap((r) => r.clients)
  const sentAt = new Map() // ct -> { at, session }
  const seen = new Map() // ct -> deliveries
  const latencies = []
  const perSession = rooms.map(() => [])
  let received = 0
  let crossed = 0
  let duplicates = 0
  let unknown = 0
  for (const c of clients) {
    c.errors.length = 0
    c.onFrame = (frame, at) => {
      if (frame.type !== 'chat') return
      const sent = sentAt.get(frame.ct)
      if (sent === undefined) return void unknown++
      if (sent.session !== c.sessionIndex) return void crossed++
      const n = (seen.get(frame.ct) ?? 0) + 1
      seen.set(frame.ct, n)
      if (n > SESSIONS.participantsPerSession + 1) return void duplicates++
      received++
      latencies.push(at - sent.at)
      perSession[c.sessionIndex].push(at - sent.at)
    }
  }
  const durationMs = seconds * 1000
  const start = performance.now()
  let sent = 0
  const senders = clients.map(async (c) => {
    let next = start + Math.random() * SESSIONS.intervalMs
    while (next - start < durationMs) {
      await sleep(Math.max(0, next - performance.now()))
      if (c.closed) return
      const ct = randomBytes(100).toString('base64')
      sentAt.set(ct, { at: performance.now(), session: c.sessionIndex })
      c.send({ type: 'chat', iv: randomBytes(12).toString('base64'), ct })
      sent++
      next += SESSIONS.intervalMs
    }
  })
  await Promise.all(senders)
  const expected = sent * (SESSIONS.participantsPerSession + 1)
  const drainEnd = performance.now() + SESSIONS.drainMs
  while (received < expected && performance.now() < drainEnd) await sleep(20)
  const elapsed = (performance.now() - start) / 1000
  for (const c of clients) c.onFrame = undefined
  const errors = clients.flatMap((c) => c.errors)
  const dropped = clients.filter((c) => c.closed)
  const sessionP99s = perSession.map((l) => summarize(l).p99)
  return {
    seconds: Math.round(elapsed * 10) / 10,
    sessions: rooms.length,
    clients: clients.length,
    sent,
    expected,
    received,
    lost: expected - received,
    crossed,
    duplicates,
    unknown,
    serverErrors: errors.length,
    errorCodes: [...new Set(errors.map((e) => e.code))],
    dropped: dropped.length,
    dropCodes: [...new Set(dropped.map((c) => c.closed.code))],
    latency: summarize(latencies),
    worstSessionP99: Math.max(...sessionP99s.filter((v) => v !== null)),
  }
}

/** Each facilitator ends its session; resolves once every socket has closed (or after 5 s). */
export async function endSessionRooms(rooms) {
  for (const r of rooms) {
    if (!r.clients[0].closed) r.clients[0].send({ type: 'end' })
  }
  const clients = rooms.flatMap((r) => r.clients)
  const deadline = performance.now() + 5_000
  while (clients.some((c) => !c.closed) && performance.now() < deadline) await sleep(20)
  for (const c of clients) {
    try {
      c.ws.close()
    } catch {
      // Already closed.
    }
  }
}
