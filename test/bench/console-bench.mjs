// The facilitator's console while sessions run: it asks GET /api/sessions every 5 s, and each
// session not ended asks its room for live counts (one Durable Object call each), then the link
// list of an open session. Measured with 20 rooms full of people; the counts are checked too.
import { summarize } from './stats.mjs'

async function timedGet(origin, staff, path) {
  const start = performance.now()
  const res = await fetch(`${origin}${path}`, {
    headers: { cookie: staff.cookie, origin },
    signal: AbortSignal.timeout(10_000),
  })
  const text = await res.text()
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${text}`)
  return { ms: performance.now() - start, body: JSON.parse(text) }
}

/** `rooms` are open sessions with a facilitator and participants connected (sessions-bench). */
export async function benchConsole(origin, staff, rooms, n = 50) {
  const list = []
  let sessionsListed = 0
  let wrongCounts = 0
  for (let i = 0; i < n; i++) {
    const { ms, body } = await timedGet(origin, staff, '/api/sessions')
    list.push(ms)
    sessionsListed = body.sessions.length
    for (const r of rooms) {
      const s = body.sessions.find((x) => x.id === r.session.id)
      if (s?.live?.present !== r.clients.length) wrongCounts++
    }
  }
  const links = []
  for (let i = 0; i < n; i++) {
    links.push((await timedGet(origin, staff, `/api/sessions/${rooms[0].session.id}/invites`)).ms)
  }
  return {
    sessionsListed,
    openRooms: rooms.length,
    wrongCounts,
    list: summarize(list),
    links: summarize(links),
  }
}
