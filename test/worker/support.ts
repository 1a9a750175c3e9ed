// Test fixtures: a signed-in staff member, sessions, links, redemptions and room sockets.
import { env, SELF } from 'cloudflare:test'
import { randomToken, sha256Hex } from '../../worker/lib/crypto'
import type { ServerMessage } from '../../worker/protocol'
import { importChatKey } from '../../web/src/lib/chat-crypto'

export const ORIGIN = 'https://havre.test'

/** Staff sign-in normally needs a passkey (covered by the browser tests); here we seed its result. */
export async function signInStaff(opts: { isAdmin?: boolean } = {}) {
  const id = crypto.randomUUID()
  const token = randomToken()
  const csrf = randomToken()
  await env.DB.batch([
    env.DB.prepare('INSERT INTO staff (id, display_name, is_admin, created_at) VALUES (?, ?, ?, ?)').bind(
      id,
      'Fac',
      opts.isAdmin ? 1 : 0,
      Date.now(),
    ),
    env.DB.prepare(
      'INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)',
    ).bind(await sha256Hex(token), id, csrf, Date.now() + 3600_000),
  ])
  const headers = {
    cookie: `__Host-havre_staff=${token}`,
    'x-csrf-token': csrf,
    'content-type': 'application/json',
    origin: ORIGIN,
  }
  const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
    SELF.fetch(`${ORIGIN}${path}`, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    })
  return { id, headers, api }
}

export type Staff = Awaited<ReturnType<typeof signInStaff>>

export async function createSession(staff: Staff, overrides: Record<string, unknown> = {}) {
  const now = Date.now()
  const res = await staff.api('/api/sessions', {
    body: {
      kind: 'group',
      title: 'Tuesday group',
      agreement: 'Confidentiality.',
      // Most tests are not about the lobby; lobby.test.ts turns it on.
      lobby: false,
      opensAt: now - 60_000,
      closesAt: now + 2 * 3600_000,
      ...overrides,
    },
  })
  if (res.status !== 201) throw new Error(`createSession: ${res.status} ${await res.text()}`)
  return (await res.json()) as { id: string; closesAt: number }
}

export async function createLinks(staff: Staff, sessionId: string, count = 1, role = 'participant') {
  const res = await staff.api(`/api/sessions/${sessionId}/invites`, { body: { role, count } })
  if (res.status !== 201) throw new Error(`createLinks: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { tokens: string[] }).tokens
}

export function redeem(token: unknown) {
  return SELF.fetch(`${ORIGIN}/api/redeem`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  })
}

export async function hostSeat(staff: Staff, sessionId: string) {
  const res = await staff.api(`/api/sessions/${sessionId}/host`, { method: 'POST', body: {} })
  if (res.status !== 201) throw new Error(`hostSeat: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { seat: string }).seat
}

export async function participantSeat(staff: Staff, sessionId: string) {
  const [token] = await createLinks(staff, sessionId)
  const res = await redeem(token)
  if (res.status !== 201) throw new Error(`redeem: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { seat: string }).seat
}

/** A room socket with a queue of received frames and the close event. */
export async function connect(sessionId: string, seat: string) {
  const res = await SELF.fetch(`${ORIGIN}/api/rooms/${sessionId}/socket`, {
    headers: { upgrade: 'websocket', 'sec-websocket-protocol': `havre.v1, seat.${seat}` },
  })
  const ws = res.webSocket
  if (!ws) throw new Error(`no websocket: ${res.status}`)
  const frames: ServerMessage[] = []
  const waiters: (() => void)[] = []
  let closed: { code: number; reason: string } | undefined
  ws.addEventListener('message', (e) => {
    if (typeof e.data === 'string' && e.data !== 'pong') frames.push(JSON.parse(e.data))
    waiters.splice(0).forEach((w) => w())
  })
  ws.addEventListener('close', (e) => {
    closed = { code: e.code, reason: e.reason }
    waiters.splice(0).forEach((w) => w())
  })
  ws.accept()
  const waitFor = async <T>(check: () => T | undefined, what: string, ms = 3000): Promise<T> => {
    const deadline = Date.now() + ms
    for (;;) {
      const found = check()
      if (found !== undefined) return found
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
      await new Promise<void>((r) => {
        waiters.push(r)
        setTimeout(r, 50)
      })
    }
  }
  return {
    ws,
    frames,
    protocol: res.headers.get('sec-websocket-protocol'),
    send: (msg: unknown) => ws.send(typeof msg === 'string' ? msg : JSON.stringify(msg)),
    next: <K extends ServerMessage['type']>(type: K, after = 0) =>
      waitFor(
        () => frames.slice(after).find((f) => f.type === type) as Extract<ServerMessage, { type: K }> | undefined,
        type,
      ),
    closed: () => waitFor(() => closed, 'close'),
    waitFor,
    isClosed: () => closed,
    close: () => ws.close(1000, 'bye'),
  }
}

export type Client = Awaited<ReturnType<typeof connect>>

/** Connects and joins with a pseudonym; resolves once the roster shows the person. */
export async function joinAs(sessionId: string, seat: string, pseudonym: string) {
  const client = await connect(sessionId, seat)
  const { seatId, admitted } = await client.next('welcome')
  const seen = client.frames.length
  client.send({ type: 'join', pseudonym, agreed: true })
  // Someone waiting in the lobby sees no roster until a facilitator admits them.
  if (!admitted) return client
  // The roster sent on connecting does not count: wait for the one that shows this person joined.
  await client.waitFor(
    () =>
      client.frames
        .slice(seen)
        .find((f) => f.type === 'roster' && f.members.some((m) => m.seatId === seatId)),
    'own roster entry',
  )
  return client
}

export const fakeCipher = (n = 64) => ({
  type: 'chat',
  iv: btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(12)))),
  ct: btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(n)))),
})

/** A session key as the facilitator's browser makes one, and text sealed with it as the web client does. */
export async function sessionKey() {
  const raw = crypto.getRandomValues(new Uint8Array(32))
  return importChatKey(btoa(String.fromCharCode(...raw)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''))
}
export { seal, unseal } from '../../web/src/lib/chat-crypto'

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A facilitator admits a waiting seat (the lobby, or a youth session). */
export async function admit(fac: Client, person: Client) {
  const seatId = (await person.next('welcome')).seatId
  const mark = person.frames.length
  fac.send({ type: 'admit', seatId })
  await person.next('admitted', mark)
  return seatId
}

/** Joins by a link and, when the seat waits (a co-facilitator link always does), is let in. */
export async function joinAdmitted(fac: Client, sessionId: string, seat: string, pseudonym: string) {
  const client = await joinAs(sessionId, seat, pseudonym)
  if (!(await client.next('welcome')).admitted) await admit(fac, client)
  return client
}

/** A youth session with a facilitator, an observer (two adults) and one admitted youth. */
export async function youthGroup() {
  const staff = await signInStaff()
  const session = await createSession(staff, { kind: 'youth' })
  const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Marie')
  const [observerToken] = await createLinks(staff, session.id, 1, 'observer')
  const observerSeat = ((await (await redeem(observerToken)).json()) as { seat: string }).seat
  const observer = await joinAs(session.id, observerSeat, 'Guardian')
  await admit(fac, observer)
  const youthSeat = await participantSeat(staff, session.id)
  const youth = await joinAs(session.id, youthSeat, 'Sky')
  const youthId = await admit(fac, youth)
  return { staff, session, fac, observer, observerSeat, youth, youthId, youthSeat }
}

/**
 * Rate limits count in fixed one-minute windows aligned to the clock (Cloudflare's and the local
 * simulator's alike), so a test that counts up to a limit must not straddle a minute boundary or the
 * count starts again half way (CI once saw a 61st upgrade let through at hh:mm:59.5). Waits, at most
 * `needMs`, until the current window has that long left.
 */
export async function withinOneRateWindow(needMs = 12_000) {
  const left = 60_000 - (Date.now() % 60_000)
  if (left < needMs) await sleep(left + 50)
}

/** Test options for a test that may wait for a fresh rate window first. */
export const RATE_WINDOW = { timeout: 25_000 }
