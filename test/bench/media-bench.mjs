// Join → token in hand ("Video and audio"): 100 participants in 10 sessions, one after another.
// Each person redeems a link, connects the socket, joins, then asks for video; the Worker answers
// with a `media` frame carrying a LiveKit token. The first request of a session also makes the
// Worker create the LiveKit room (CreateRoom on the real livekit-server), so it is reported apart;
// after each session the SFU is asked whether the session's media room is there.
import { connectSeat } from './room-client.mjs'
import { summarize } from './stats.mjs'

export const MEDIA = { sessions: 10, perSession: 10, mode: 'video' }

/** The JWT's claims, unverified (livekit-server verifies them when a browser connects). */
function claimsOf(jwt) {
  const part = String(jwt).split('.')[1]
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))
}

async function onePerson(api, origin, session, token, index) {
  const t0 = performance.now()
  const redeemed = await api.redeemRaw(token)
  if (redeemed.status !== 201) throw new Error(`media: redeem answered ${redeemed.status}`)
  const t1 = performance.now()
  const c = await connectSeat(origin, session.id, redeemed.answer.seat)
  const t2 = performance.now()
  if (c.welcome.media !== true) throw new Error('media: the Worker says LiveKit is not configured')
  const me = c.welcome.seatId
  c.send({ type: 'join', pseudonym: `Media ${index}`, agreed: true })
  const joined = await c.waitFor(
    () => (c.roster?.members.some((m) => m.seatId === me) ? true : c.errors[0]),
    'own seat in the roster',
  )
  if (joined !== true) throw new Error(`media: join answered ${joined.code} ${joined.message}`)
  const t3 = performance.now()
  let media
  c.onFrame = (frame) => {
    if (frame.type === 'media') media = frame
  }
  const asked = performance.now()
  c.send({ type: 'media', mode: MEDIA.mode })
  const found = await c.waitFor(() => media ?? c.errors[0], 'media frame')
  const t4 = performance.now()
  if (found !== media) throw new Error(`media: error ${found.code} ${found.message}`)
  if (!media.token) throw new Error('media: the media frame has no token')
  const claims = claimsOf(media.token)
  if (
    claims.video?.room !== session.id ||
    claims.video?.roomJoin !== true ||
    claims.sub !== media.identity
  ) {
    throw new Error(`media: unexpected token claims ${JSON.stringify(claims)}`)
  }
  return {
    client: c,
    tokenMs: t4 - asked,
    fullMs: t4 - t0,
    parts: { redeem: t1 - t0, connect: t2 - t1, join: t3 - t2, token: t4 - t3 },
  }
}

export async function benchMedia(api, origin, livekit) {
  let roomsOnSfu = 0
  const first = []
  const subsequent = []
  const full = []
  const parts = { redeem: [], connect: [], join: [], token: [] }
  for (let s = 0; s < MEDIA.sessions; s++) {
    const session = await api.createSession(`Bench media ${s}`)
    const tokens = await api.createLinks(session.id, MEDIA.perSession)
    const clients = []
    try {
      for (let i = 0; i < tokens.length; i++) {
        const r = await onePerson(api, origin, session, tokens[i], i)
        clients.push(r.client)
        ;(i === 0 ? first : subsequent).push(r.tokenMs)
        full.push(r.fullMs)
        for (const k of Object.keys(parts)) parts[k].push(r.parts[k])
      }
      if ((await livekit.roomNames([`${session.id}.0`])).length === 1) roomsOnSfu++
    } finally {
      for (const c of clients) {
        try {
          c.ws.close()
        } catch {
          // Already closed.
        }
      }
    }
  }
  return {
    people: full.length,
    sessions: MEDIA.sessions,
    mode: MEDIA.mode,
    roomsOnSfu,
    tokenFirst: summarize(first),
    tokenSubsequent: summarize(subsequent),
    tokenAll: summarize([...first, ...subsequent]),
    fullPath: summarize(full),
    fullPathParts: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, summarize(v)])),
  }
}
