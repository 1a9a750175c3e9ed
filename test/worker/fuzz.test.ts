// Invariant 9 under fire: thousands of generated hostile inputs at every HTTP route and at the
// session room's WebSocket. Every answer is a readable 4xx (or an error frame), nothing crashes and
// nothing in D1 or the Durable Object's storage changes. Seeded: fixed seeds (the same inputs every
// run) plus one random seed, printed; a failure prints its seed and input. Inputs are graded by the
// fuzz oracle's own rules (fuzz/oracle.ts and the field rules in fuzz/generate.ts), never by the
// product's schemas, so a loosened schema shows here. Tune with VITE_FUZZ_HTTP and VITE_FUZZ_FRAMES
// (per seed) and replay one seed with VITE_FUZZ_SEED (vitest forwards VITE_* variables into workerd;
// FUZZ_* also works if vitest.config.ts adds it to `test.env` or `envPrefix`).
import { env, runInDurableObject, SELF } from 'cloudflare:test'
import * as v from 'valibot'
import { AccessToken } from 'livekit-server-sdk'
import { describe, expect, it } from 'vitest'
import { randomToken, sha256Hex } from '../../worker/lib/crypto'
import { roomFor } from '../../worker/room/stub'
import {
  ERROR_CODES,
  ServerMessageSchema,
  type ServerMessage,
} from '../../worker/protocol'
import { signWebhook, webhookBody } from '../livekit-faults/webhook'
import {
  admit,
  connect,
  createLinks,
  createSession,
  fakeCipher,
  hostSeat,
  joinAs,
  ORIGIN,
  participantSeat,
  redeem,
  signInStaff,
  sleep,
  type Client,
} from './support'
import { bodyAcceptable, brokenBody, frame, Gen, junkBody, type BodySpec } from './fuzz/generate'
import { acceptedFrame } from './fuzz/oracle'
import { specs } from './fuzz/specs'

// ── Settings ───────────────────────────────────────────────────────────────────────────────

const setting = (name: string): string | undefined => {
  const e = (import.meta as unknown as { env?: Record<string, string | undefined> }).env ?? {}
  return e[`VITE_${name}`] ?? e[name]
}
// Per seed; four seeds make the 2,000 requests and 3,000 frames of the single random seed before.
const HTTP_CASES = Number(setting('FUZZ_HTTP') ?? 500)
const FRAMES = Number(setting('FUZZ_FRAMES') ?? 750)
/** The same inputs on every run; 378510285 once made the generator claim a valid body invalid. */
const FIXED_SEEDS = [378510285, 1, 20261130]
const RANDOM_SEED = Math.floor(Math.random() * 2 ** 31)
const SEEDS =
  setting('FUZZ_SEED') !== undefined
    ? [Number(setting('FUZZ_SEED'))]
    : [...FIXED_SEEDS, RANDOM_SEED]
console.log(
  `fuzz seeds: ${SEEDS.join(', ')} (random this run: ${RANDOM_SEED}; replay one with VITE_FUZZ_SEED=<seed>)`,
)

// ── Snapshots ──────────────────────────────────────────────────────────────────────────────

/**
 * Every row of every D1 table, sorted. Login challenges are left out: asking for one is the one
 * anonymous write the API allows by design (rate limited per connection, purged when expired).
 */
async function d1Snapshot(): Promise<Record<string, string[]>> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations' ORDER BY name",
  ).all<{ name: string }>()
  const out: Record<string, string[]> = {}
  for (const { name } of tables.results) {
    const rows = (await env.DB.prepare(`SELECT * FROM "${name}"`).all<Record<string, unknown>>())
      .results
    out[name] = rows
      .filter((r) => !(name === 'auth_challenges' && r.purpose === 'login'))
      .map((r) => JSON.stringify(r))
      .sort()
  }
  return out
}

const roomStorage = (sessionId: string) =>
  runInDurableObject(roomFor(env, sessionId), async (_o, state) =>
    JSON.stringify([...(await state.storage.list()).entries()]),
  )

const preview = (body: unknown, max = 300): string => {
  if (body === undefined) return '(none)'
  if (body instanceof Uint8Array)
    return `bytes[${body.byteLength}] ${[...body.slice(0, 60)].map((b) => b.toString(16).padStart(2, '0')).join('')}`
  if (body instanceof ArrayBuffer) return preview(new Uint8Array(body), max)
  const s = String(body)
  return s.length > max
    ? `${JSON.stringify(s.slice(0, max))}… (${s.length} chars)`
    : JSON.stringify(s)
}

async function pool<T>(items: T[], width: number, run: (item: T, index: number) => Promise<void>) {
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++
        await run(items[i]!, i)
      }
    }),
  )
}

// ── HTTP cases ─────────────────────────────────────────────────────────────────────────────

type Fixtures = Awaited<ReturnType<typeof httpFixtures>>

/** Valid state the fuzzer aims at: staff (admin, not admin, expired), live and closed sessions, links. */
async function httpFixtures() {
  const admin = await signInStaff({ isAdmin: true })
  const member = await signInStaff()
  const live = await createSession(admin)
  const closed = await createSession(admin)
  const [usedToken, unusedToken] = await createLinks(admin, live.id, 2)
  if ((await redeem(usedToken)).status !== 201) throw new Error('fixture: redeem failed')
  const [revokedToken] = await createLinks(admin, closed.id, 1)
  await admin.api(`/api/sessions/${closed.id}/end`, { method: 'POST', body: {} })
  const staffInvite = (await (
    await admin.api('/api/staff/invites', { body: { isAdmin: true } })
  ).json()) as {
    token: string
  }
  // An expired sign-in of the admin.
  const expiredCookie = randomToken()
  await env.DB.prepare(
    'INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, expires_at) VALUES (?, ?, ?, ?)',
  )
    .bind(await sha256Hex(expiredCookie), admin.id, randomToken(), Date.now() - 1000)
    .run()
  const challenges: string[] = []
  for (let i = 0; i < 5; i++) {
    const res = await SELF.fetch(`${ORIGIN}/api/passkeys/login/options`, { method: 'POST' })
    challenges.push(((await res.json()) as { challengeId: string }).challengeId)
  }
  return {
    admin,
    member,
    live,
    closed,
    usedToken: usedToken!,
    unusedToken: unusedToken!,
    revokedToken: revokedToken!,
    staffInviteToken: staffInvite.token,
    expiredCookie,
    challenges,
  }
}

type Auth =
  | 'admin'
  | 'member'
  | 'none'
  | 'forged'
  | 'expired'
  | 'unprefixed'
  | 'truncated'
  | 'junk'
  | 'nocsrf'
  | 'badcsrf'
  | 'othercsrf'
  | 'crossorigin'
const AUTHS: Auth[] = [
  'admin',
  'member',
  'none',
  'forged',
  'expired',
  'unprefixed',
  'truncated',
  'junk',
  'nocsrf',
  'badcsrf',
  'othercsrf',
  'crossorigin',
]
const cookieOf = (headers: Record<string, string>) =>
  headers.cookie!.replace('__Host-havre_staff=', '')

function authHeaders(g: Gen, fx: Fixtures, auth: Auth): Record<string, string> {
  const admin = fx.admin.headers
  const cookie = (token: string) => ({ cookie: `__Host-havre_staff=${token}` })
  const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1)
  switch (auth) {
    case 'admin':
      return { cookie: admin.cookie, 'x-csrf-token': admin['x-csrf-token'] }
    case 'member':
      return { cookie: fx.member.headers.cookie, 'x-csrf-token': fx.member.headers['x-csrf-token'] }
    case 'none':
      return g.chance(0.5) ? {} : { 'x-csrf-token': admin['x-csrf-token'] }
    case 'forged':
      return { ...cookie(g.forgedToken()), 'x-csrf-token': admin['x-csrf-token'] }
    case 'expired':
      return { ...cookie(fx.expiredCookie), 'x-csrf-token': admin['x-csrf-token'] }
    case 'unprefixed':
      return { cookie: `havre_staff=${cookieOf(admin)}`, 'x-csrf-token': admin['x-csrf-token'] }
    case 'truncated':
      return { ...cookie(cookieOf(admin).slice(0, -1)), 'x-csrf-token': admin['x-csrf-token'] }
    case 'junk':
      return {
        cookie: g.pick([
          '=',
          ';;;',
          '__Host-havre_staff',
          '__Host-havre_staff=%',
          `__Host-havre_staff=${g.headerValue().replace(/;/g, '')}x`,
          g.headerValue() + 'x',
        ]),
      }
    case 'nocsrf':
      return { cookie: admin.cookie }
    case 'badcsrf':
      return {
        cookie: admin.cookie,
        'x-csrf-token': g.pick([
          flip(admin['x-csrf-token']),
          g.forgedToken(),
          '',
          admin['x-csrf-token'] + 'x',
          admin['x-csrf-token'].slice(1),
        ]),
      }
    case 'othercsrf':
      return { cookie: admin.cookie, 'x-csrf-token': fx.member.headers['x-csrf-token'] }
    case 'crossorigin':
      return {
        cookie: admin.cookie,
        'x-csrf-token': admin['x-csrf-token'],
        origin: g.pick([
          'https://evil.example',
          'null',
          'http://havre.test',
          'https://havre.test.evil.example',
        ]),
      }
  }
}

/** Whether a signed-in request with this auth passes requireStaff (and requireAdmin when asked). */
function authPasses(auth: Auth, method: string, adminOnly: boolean): boolean {
  const cookieOk = ['admin', 'member', 'nocsrf', 'badcsrf', 'othercsrf', 'crossorigin'].includes(
    auth,
  )
  if (!cookieOk) return false
  if (method === 'GET') return !adminOnly || auth !== 'member'
  if (auth !== 'admin' && auth !== 'member') return false
  return !adminOnly || auth === 'admin'
}


type HttpCase = {
  route: string
  method: string
  path: string
  headers: Record<string, string>
  body?: string | Uint8Array
  /** A 4xx is required (the input is wrong or its credentials are). */
  mustReject: boolean
  /** A 2xx is required (a harmless read by someone allowed to read). */
  mustAccept: boolean
  /** The webhook's Authorization header is computed at send time. */
  webhook?: 'wrong-secret' | 'other-body'
}

const WRONG_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'json',
  'text/json',
  '*/*',
]

function httpCase(g: Gen, fx: Fixtures, now: number): HttpCase {
  const s = specs(fx, now)
  const live = fx.live.id
  const deadIds = () =>
    g.pick([
      g.segment(),
      randomLike(g),
      fx.closed.id,
      live.slice(0, -1),
      live + 'A',
      live.toLowerCase() === live ? live.toUpperCase() : live.toLowerCase(),
    ])
  const anyId = () => (g.chance(0.3) ? live : deadIds())
  const headers: Record<string, string> = {}
  let body: string | Uint8Array | undefined
  let mustReject = true
  let mustAccept = false
  let webhook: HttpCase['webhook']

  /** A JSON body for a schema: broken when `mustBreak`, else anything (valid, broken or junk). */
  const jsonBody = (spec: BodySpec, mustBreak: boolean, dead?: () => Record<string, unknown>) => {
    const roll = g.int(0, 9)
    if (!mustBreak && roll < 3) return JSON.stringify(spec.valid())
    if (dead && roll < 5) return JSON.stringify(dead())
    if (roll < 8) return JSON.stringify(brokenBody(g, spec))
    return junkBody(g)
  }
  const contentType = (json: boolean) => {
    if (json && g.chance(0.88))
      return g.pick([
        'application/json',
        'application/json; charset=utf-8',
        'APPLICATION/JSON',
        'application/json;charset=utf-16',
      ])
    return g.chance(0.2) ? undefined : g.pick(WRONG_TYPES)
  }
  const staffRoute = (method: string, adminOnly: boolean, bodySpec?: BodySpec, path = '') => {
    const auth = g.pick(AUTHS)
    Object.assign(headers, authHeaders(g, fx, auth))
    const passes = authPasses(auth, method, adminOnly)
    if (bodySpec) {
      const json = g.chance(0.9)
      const ct = contentType(json)
      body = jsonBody(bodySpec, passes && ct?.toLowerCase().startsWith('application/json') === true)
      if (ct) headers['content-type'] = ct
    } else if (g.chance(0.3)) {
      body = junkBody(g)
      headers['content-type'] = 'application/json'
    }
    if (method === 'GET' && passes) {
      mustReject = false
      mustAccept = true
    }
    return { passes, path }
  }

  const routes = [
    'config',
    'registerOptions',
    'registerVerify',
    'loginOptions',
    'loginVerify',
    'logout',
    'me',
    'staffInvites',
    'redeem',
    'socket',
    'listSessions',
    'createSession',
    'invites',
    'host',
    'end',
    'getOrg',
    'putOrg',
    'webhook',
    'unknown',
  ] as const
  const route = g.pick(routes)
  let method = 'POST'
  let path = ''
  switch (route) {
    case 'config':
      method = 'GET'
      path = '/api/config'
      mustReject = false
      mustAccept = true
      break
    case 'registerOptions':
    case 'registerVerify': {
      path = `/api/passkeys/register/${route === 'registerOptions' ? 'options' : 'verify'}`
      const spec = route === 'registerOptions' ? s.registerOptions : s.registerVerify
      const dead = () => ({
        ...spec.valid(),
        token: g.pick([g.forgedToken(), fx.usedToken, fx.revokedToken]),
        ...(route === 'registerVerify'
          ? { challengeId: g.pick([g.forgedToken(), fx.challenges[1]!, '']) }
          : {}),
      })
      const deadVerify = () => ({
        ...s.registerVerify.valid(),
        challengeId: g.pick([g.forgedToken(), fx.challenges[1]!]),
      })
      const ct = contentType(true)
      if (ct) headers['content-type'] = ct
      body = jsonBody(spec, true, route === 'registerVerify' && g.chance(0.5) ? deadVerify : dead)
      break
    }
    case 'loginOptions':
      path = '/api/passkeys/login/options'
      if (g.chance(0.5)) body = junkBody(g)
      mustReject = false
      mustAccept = true
      break
    case 'loginVerify': {
      path = '/api/passkeys/login/verify'
      const ct = contentType(true)
      if (ct) headers['content-type'] = ct
      body = jsonBody(s.loginVerify, true, () => ({
        challengeId: g.pick([...fx.challenges, g.forgedToken()]),
        response: {
          id: g.forgedToken(),
          rawId: g.forgedToken(),
          type: 'public-key',
          response: g.json(2),
        },
      }))
      break
    }
    case 'logout':
      // Never with a real cookie, even an expired one: signing out deletes that sign-in (a legitimate
      // change made by whoever holds the cookie).
      path = '/api/passkeys/logout'
      Object.assign(
        headers,
        authHeaders(g, fx, g.pick(['none', 'forged', 'truncated', 'junk'] as const)),
      )
      if (g.chance(0.3)) body = junkBody(g)
      mustReject = false
      mustAccept = true
      break
    case 'me':
      method = 'GET'
      path = '/api/staff/me'
      staffRoute(method, false)
      break
    case 'staffInvites':
      path = '/api/staff/invites'
      staffRoute(method, true, s.staffInvite)
      break
    case 'redeem': {
      path = '/api/redeem'
      const ct = contentType(true)
      if (ct) headers['content-type'] = ct
      body = jsonBody(s.redeem, true, () => ({
        token: g.pick([fx.usedToken, fx.revokedToken, g.forgedToken()]),
      }))
      break
    }
    case 'socket': {
      method = 'GET'
      path = `/api/rooms/${anyId()}/socket`
      if (g.chance(0.15)) {
        headers.upgrade = 'websocket'
        headers['sec-websocket-protocol'] =
          `havre.v1, seat.${g.pick([g.forgedToken(), 'AAAAAAAAAAAA.' + g.forgedToken(), g.from('abc', 5)])}`
        mustReject = false // 101 with an error frame, or 404 for a bad id
      } else if (g.chance(0.3)) {
        headers.upgrade = g.pick(['h2c', 'websocket2', 'web socket', ''])
      }
      break
    }
    case 'listSessions':
      method = 'GET'
      path = '/api/sessions'
      staffRoute(method, false)
      break
    case 'createSession':
      path = '/api/sessions'
      staffRoute(method, false, s.createSession)
      break
    case 'invites': {
      const auth = g.pick(AUTHS)
      Object.assign(headers, authHeaders(g, fx, auth))
      const passes = authPasses(auth, 'POST', false)
      const ct = contentType(true)
      if (ct) headers['content-type'] = ct
      const jsonCt = ct?.toLowerCase().startsWith('application/json') === true
      // Signed in with a valid body: only at a session that does not exist or has ended.
      const validBody = !passes || !jsonCt || g.chance(0.3)
      body = validBody ? jsonBody(s.createInvites, false) : jsonBody(s.createInvites, true)
      const bodyIsValid =
        typeof body === 'string' && bodyAcceptable(s.createInvites, safeJson(body))
      path = `/api/sessions/${passes && jsonCt && bodyIsValid ? deadIds() : anyId()}/invites`
      break
    }
    case 'host':
    case 'end': {
      const auth = g.pick(AUTHS)
      Object.assign(headers, authHeaders(g, fx, auth))
      const passes = authPasses(auth, 'POST', false)
      path = `/api/sessions/${passes ? deadIds() : anyId()}/${route}`
      if (g.chance(0.3)) {
        body = junkBody(g)
        headers['content-type'] = 'application/json'
      }
      break
    }
    case 'getOrg':
      method = 'GET'
      path = '/api/org/settings'
      staffRoute(method, false)
      break
    case 'putOrg':
      method = 'PUT'
      path = '/api/org/settings'
      staffRoute(method, true, s.orgSettings)
      break
    case 'webhook': {
      path = '/api/livekit/webhook'
      headers['content-type'] = g.pick([
        'application/webhook+json',
        'application/json',
        'text/plain',
      ])
      const identity = `lk-${g.forgedToken().slice(0, 16)}`
      body = g.chance(0.6)
        ? webhookBody(
            g.pick(['participant_joined', 'participant_left', 'room_finished']),
            live,
            identity,
          )
        : junkBody(g)
      const roll = g.int(0, 4)
      if (roll === 0) webhook = 'wrong-secret'
      else if (roll === 1) webhook = 'other-body'
      else if (roll === 2)
        headers.authorization = g.pick([
          '',
          'Bearer ',
          'Bearer ' + g.forgedToken(),
          'eyJhbGciOiJub25lIn0.eyJzaGEyNTYiOiJ4In0.',
          g.headerValue(),
        ])
      break
    }
    case 'unknown': {
      method = g.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])
      const prefix = g.pick([
        '/api/',
        '/api/sessions/',
        '/api/passkeys/',
        '/api/rooms/',
        '/api/org/',
        '/api/staff/',
        '/api//',
        '/api/redeem/',
      ])
      path = prefix + Array.from({ length: g.int(1, 4) }, () => g.segment()).join('/')
      if (method === 'GET' && g.chance(0.3)) {
        // Signed in, a GET at a random address is harmless whatever it finds: no 4xx is required.
        Object.assign(headers, authHeaders(g, fx, 'admin'))
        mustReject = false
      }
      if (method !== 'GET' && g.chance(0.4)) body = junkBody(g)
      break
    }
  }

  if (route !== 'unknown' && route !== 'socket' && g.chance(0.1)) {
    // The right path, the wrong method.
    const wrong = g.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].filter((m) => m !== method))
    if (wrong === 'GET') body = undefined
    // GET /api/org/settings, /api/sessions and a session's /invites (its links list) are real
    // reads: not a wrong method for those paths.
    if (!(wrong === 'GET' && (route === 'putOrg' || route === 'createSession' || route === 'invites'))) {
      method = wrong
      mustReject = true
      mustAccept = false
    }
  }
  if (method === 'GET' || method === 'OPTIONS') body = undefined
  path += g.query()
  for (let i = g.int(0, 3); i > 0; i--) headers[g.headerName()] = g.headerValue()
  if (g.chance(0.1))
    headers['cf-connecting-ip'] = g.pick([
      '203.0.113.9',
      '::1',
      '127.0.0.1',
      'not-an-ip',
      g.headerValue() + 'x',
      '2001:db8::' + g.int(1, 999),
    ])
  return { route, method, path, headers, body, mustReject, mustAccept, webhook }
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
const randomLike = (g: Gen) => g.forgedToken().slice(0, 22)

async function sendCase(c: HttpCase): Promise<Response> {
  const headers = new Headers()
  for (const [k, val] of Object.entries(c.headers)) {
    // Headers refuses some names and values; a refused one is simply not sent.
    try {
      headers.set(k, val)
    } catch {
      /* not representable */
    }
  }
  if (c.webhook) {
    const text = typeof c.body === 'string' ? c.body : ''
    headers.set(
      'authorization',
      c.webhook === 'wrong-secret'
        ? await signWebhook(text, env.LIVEKIT_API_KEY ?? 'key', 'not-the-secret-'.repeat(3))
        : await signedForAnotherBody(),
    )
  }
  return SELF.fetch(`${ORIGIN}${c.path}`, {
    method: c.method,
    headers,
    body: c.body instanceof Uint8Array ? c.body.slice() : c.body,
    redirect: 'manual',
  })
}

/** Signed with the real secret, but for a different body: WebhookReceiver must refuse it. */
async function signedForAnotherBody(): Promise<string> {
  const token = new AccessToken(env.LIVEKIT_API_KEY ?? 'key', env.LIVEKIT_API_SECRET ?? 'secret', {
    ttl: '5m',
  })
  token.sha256 = btoa('x'.repeat(32))
  return token.toJwt()
}

function describeCase(c: HttpCase): string {
  return `${c.method} ${c.path.length > 300 ? c.path.slice(0, 300) + '…' : c.path}\n  headers: ${JSON.stringify(
    Object.fromEntries(
      Object.entries(c.headers).map(([k, val]) => [
        k,
        val.length > 120 ? val.slice(0, 120) + '…' : val,
      ]),
    ),
  )}${c.webhook ? `\n  webhook: ${c.webhook}` : ''}\n  body: ${preview(c.body)}`
}

// ── Room frames ────────────────────────────────────────────────────────────────────────────

/** Who sends: an admitted member, a seat that has not joined, and a person waiting in the lobby. */
type Sender = 'joined' | 'unjoined' | 'lobby'

/**
 * Whether the room would accept this frame from this sender as a real action — valid input, not
 * fuzz: leaving drops the seat; a hand, an alert or a mode switch by a member is stored or shown to
 * others; an alert from the lobby reaches facilitators (by design). Valid chat from the member is
 * kept: it is relayed and stored nowhere. A mode switch from the lobby is kept too: it must be refused.
 */
function wouldChangeState(raw: string | ArrayBuffer, sender: Sender): boolean {
  const type = acceptedFrame(raw)?.type
  if (type === undefined) return false
  if (type === 'leave') return true
  if (sender === 'joined') return type === 'hand' || type === 'alert' || type === 'media'
  if (sender === 'lobby') return type === 'alert'
  return type === 'join'
}

function isValidChat(raw: string | ArrayBuffer): boolean {
  return acceptedFrame(raw)?.type === 'chat'
}

// ── Tests ──────────────────────────────────────────────────────────────────────────────────

describe.each(SEEDS)('fuzz (seed %i)', (SEED) => {
  it(
    `${HTTP_CASES} hostile HTTP requests at every route: readable 4xx, no 5xx, no change`,
    { timeout: 180_000 },
    async () => {
      const fx = await httpFixtures()
      const now = Date.now()
      const g = new Gen(SEED)
      const cases = Array.from({ length: HTTP_CASES }, () => httpCase(g, fx, now))
      const d1Before = await d1Snapshot()
      const roomBefore = await roomStorage(fx.live.id)
      const failures: string[] = []
      const statuses = new Map<number, number>()
      const started = Date.now()

      await pool(cases, 6, async (c, i) => {
        const problems: string[] = []
        let status = 0
        let text = ''
        try {
          const res = await sendCase(c)
          status = res.status
          statuses.set(status, (statuses.get(status) ?? 0) + 1)
          if (res.webSocket) {
            res.webSocket.accept()
            res.webSocket.close(1000, 'fuzz')
          }
          text = status === 101 ? '' : await res.text()
          // The path as the Worker sees it (URL parsing resolves "%2e%2e" and the like).
          const api = new URL(`${ORIGIN}${c.path}`).pathname.startsWith('/api/')
          if (status >= 500) problems.push(`status ${status}`)
          if (c.mustReject && api && !(status >= 400 && status < 500))
            problems.push(`expected a 4xx, got ${status}`)
          // 429: a connection (cf-connecting-ip) past its sign-in rate limit.
          if (c.mustAccept && !(status >= 200 && status < 300) && status !== 429) {
            problems.push(`expected a 2xx, got ${status}`)
          }
          if (status !== 101) {
            if (!res.headers.get('content-security-policy')?.includes("frame-ancestors 'none'"))
              problems.push('no CSP')
            if (api && res.headers.get('cache-control') !== 'no-store')
              problems.push('no Cache-Control: no-store')
          }
          if (api && status !== 101 && !(status >= 200 && status < 300)) {
            const json = safeJson(text) as { error?: unknown; message?: unknown } | undefined
            if (!res.headers.get('content-type')?.includes('application/json'))
              problems.push(`content-type ${res.headers.get('content-type')}`)
            if (typeof json?.error !== 'string') problems.push('no `error` code')
            if (typeof json?.message !== 'string' || json.message.length < 10)
              problems.push('no readable `message`')
          }
        } catch (err) {
          problems.push(`threw ${String(err)}`)
        }
        if (problems.length) {
          failures.push(
            `#${i} [${c.route}] ${problems.join('; ')} → ${status} ${preview(text, 200)}\n  ${describeCase(c)}`,
          )
        }
      })

      const elapsed = Date.now() - started
      console.log(
        `fuzz HTTP: seed ${SEED}, ${cases.length} cases in ${elapsed} ms; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
      )
      if (failures.length) {
        console.error(
          `fuzz HTTP seed ${SEED}: ${failures.length} failing inputs; first ones:\n${failures.slice(0, 8).join('\n\n')}`,
        )
      }
      expect(failures, `seed ${SEED}: ${failures.slice(0, 3).join('\n\n')}`).toEqual([])
      expect(await d1Snapshot(), `seed ${SEED}: D1 changed`).toEqual(d1Before)
      expect(await roomStorage(fx.live.id), `seed ${SEED}: the live room's storage changed`).toBe(
        roomBefore,
      )
      // The fixtures' credentials still work: nothing was signed out or spent by the fuzz.
      expect((await fx.admin.api('/api/staff/me')).status).toBe(200)
    },
  )

  it(
    `${FRAMES} hostile WebSocket frames at a live room: error frames only, no crash, no change`,
    { timeout: 180_000 },
    async () => {
      const staff = await signInStaff()
      const session = await createSession(staff, { lobby: true })
      const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Marie')
      const amy = await joinAs(session.id, await participantSeat(staff, session.id), 'Amy')
      const amyId = await admit(fac, amy)
      const bea = await joinAs(session.id, await participantSeat(staff, session.id), 'Bea')
      const beaId = await admit(fac, bea)
      const cleo = await joinAs(session.id, await participantSeat(staff, session.id), 'Cleo')
      const cleoId = (await cleo.next('welcome')).seatId
      await fac.waitFor(
        () =>
          fac.frames.find((f) => f.type === 'lobby' && f.waiting.some((w) => w.seatId === cleoId)),
        'Cleo in the lobby',
      )
      const lurkerSeat = await participantSeat(staff, session.id)
      const lurker = await connect(session.id, lurkerSeat)
      const lurkerId = (await lurker.next('welcome')).seatId
      const facId = (await fac.next('welcome')).seatId
      // Another session's seats, to replay here.
      const other = await createSession(staff)
      const foreignSeats = [await participantSeat(staff, other.id), await hostSeat(staff, other.id)]
      const ctx = {
        seatIds: [facId, amyId, beaId, cleoId, lurkerId],
        foreignSeatIds: foreignSeats.flatMap((s) => [s, s.split('.')[0]!]),
      }
      await sleep(100)

      const storageBefore = await roomStorage(session.id)
      const d1Before = await d1Snapshot()
      const marks = new Map<Client, number>(
        [fac, amy, bea, cleo, lurker].map((c) => [c, c.frames.length]),
      )
      const g = new Gen(SEED ^ 0x5eed)
      const sent: Record<Sender, (string | ArrayBuffer)[]> = { joined: [], unjoined: [], lobby: [] }
      const clientOf: Record<Sender, Client> = { joined: amy, unjoined: lurker, lobby: cleo }
      const started = Date.now()

      const BATCH = 150
      for (let done = 0; done < FRAMES;) {
        const n = Math.min(BATCH, FRAMES - done)
        for (let i = 0; i < n; i++) {
          const roll = g.float()
          const sender: Sender = roll < 0.5 ? 'joined' : roll < 0.75 ? 'unjoined' : 'lobby'
          let raw = frame(g, ctx)
          while (wouldChangeState(raw, sender)) raw = frame(g, ctx)
          // Every few frames, a valid chat from the joined seat: relayed, stored nowhere.
          if (sender === 'joined' && g.chance(0.03))
            raw = JSON.stringify(fakeCipher(g.int(16, 400)))
          sent[sender].push(raw)
          clientOf[sender].ws.send(raw)
        }
        done += n
        // Each frame gets exactly one answer (an error, or the chat echo): wait for them all.
        for (const sender of ['joined', 'unjoined', 'lobby'] as const) {
          const client = clientOf[sender]
          await client.waitFor(
            () =>
              client.frames.length - marks.get(client)! >= sent[sender].length ? true : undefined,
            `answers to ${sender} frames (seed ${SEED}, after ${done} frames; ${client.frames.length - marks.get(client)!} of ${sent[sender].length})`,
            15_000,
          )
        }
      }
      // A forged, a replayed and a foreign seat knocking at the door, between the frames.
      const knocks = [
        `${amyId}.${g.forgedToken()}`,
        `${facId}.${g.forgedToken()}`,
        ...foreignSeats,
        `${g.forgedToken().slice(0, 16)}.${g.forgedToken()}`,
        'x',
        `${amyId}`,
        `.${g.forgedToken()}`,
      ]
      for (const seat of knocks) {
        const intruder = await connect(session.id, seat)
        const first = await intruder.next('error')
        expect(first.code, `seat ${seat}`).toBe('unknown_seat')
        expect((await intruder.closed()).code).toBe(4003)
      }
      await sleep(200)
      const elapsed = Date.now() - started

      const problems: string[] = []
      const since = (c: Client) => c.frames.slice(marks.get(c)!)
      const chatsRelayed = since(amy).filter((f) => f.type === 'chat').length
      const validChats = sent.joined.filter(isValidChat).length
      for (const sender of ['joined', 'unjoined', 'lobby'] as const) {
        const client = clientOf[sender]
        const replies = since(client)
        if (replies.length !== sent[sender].length) {
          problems.push(`${sender}: ${replies.length} answers to ${sent[sender].length} frames`)
        }
        replies.forEach((reply, i) => {
          const input = preview(sent[sender][i], 200)
          if (!v.safeParse(ServerMessageSchema, reply).success)
            problems.push(
              `${sender} #${i}: not a protocol frame ${JSON.stringify(reply)} for ${input}`,
            )
          if (reply.type === 'error') {
            if (!ERROR_CODES.includes(reply.code) || reply.message.length < 10)
              problems.push(
                `${sender} #${i}: unreadable error ${JSON.stringify(reply)} for ${input}`,
              )
          } else if (!(sender === 'joined' && reply.type === 'chat' && reply.from === amyId)) {
            problems.push(
              `${sender} #${i}: unexpected ${JSON.stringify(reply).slice(0, 200)} for ${input}`,
            )
          }
        })
      }
      if (chatsRelayed > validChats)
        problems.push(`${chatsRelayed} chats relayed for ${validChats} valid ones`)
      // Bystanders saw only the relayed chats (and rosters).
      for (const [name, client, chats] of [
        ['facilitator', fac, chatsRelayed],
        ['Bea', bea, chatsRelayed],
      ] as const) {
        const got = since(client)
        const stray = got.filter(
          (f) => f.type !== 'roster' && !(f.type === 'chat' && f.from === amyId),
        )
        if (stray.length) problems.push(`${name} received ${JSON.stringify(stray.slice(0, 3))}`)
        const n = got.filter((f) => f.type === 'chat').length
        if (n !== chats) problems.push(`${name} received ${n} chats, expected ${chats}`)
      }
      for (const [name, client] of [
        ['facilitator', fac],
        ['Amy', amy],
        ['Bea', bea],
        ['Cleo', cleo],
        ['lurker', lurker],
      ] as const) {
        if (client.isClosed())
          problems.push(`${name}'s socket closed: ${JSON.stringify(client.isClosed())}`)
      }
      console.log(
        `fuzz frames: seed ${SEED}, ${FRAMES} frames + ${knocks.length} forged seats in ${elapsed} ms; ${chatsRelayed} chats relayed; error codes ${JSON.stringify(
          countBy(
            [...since(amy), ...since(lurker), ...since(cleo)]
              .filter((f): f is Extract<ServerMessage, { type: 'error' }> => f.type === 'error')
              .map((f) => f.code),
          ),
        )}`,
      )
      if (problems.length)
        console.error(`fuzz frames seed ${SEED}:\n${problems.slice(0, 10).join('\n')}`)
      expect(problems, `seed ${SEED}`).toEqual([])
      expect(await roomStorage(session.id), `seed ${SEED}: the room's storage changed`).toBe(
        storageBefore,
      )
      expect(await d1Snapshot(), `seed ${SEED}: D1 changed`).toEqual(d1Before)

      // Still alive and still obeying the facilitator.
      const mark = amy.frames.length
      fac.send({ type: 'set_chat', enabled: false })
      expect(await amy.next('chat_state', mark)).toMatchObject({ enabled: false })
    },
  )
})

// ── Found by fuzzing: the lobby ─────────────────────────────────────────────────────────────

describe('the lobby (found by fuzzing)', () => {
  async function roomWithSomeoneWaiting(role = 'participant') {
    const staff = await signInStaff()
    const session = await createSession(staff, { lobby: true })
    const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Marie')
    const amy = await joinAs(session.id, await participantSeat(staff, session.id), 'Amy')
    await admit(fac, amy)
    const [token] = await createLinks(staff, session.id, 1, role)
    const { seat } = (await (await redeem(token)).json()) as { seat: string }
    const waiting = await connect(session.id, seat)
    const welcome = await waiting.next('welcome')
    expect(welcome.admitted).toBe(false)
    return { fac, amy, waiting, welcome }
  }

  it.each(['participant', 'observer', 'interpreter'])(
    'someone invited as %s, waiting in the lobby, gets no media token in any mode',
    async (role) => {
      const { fac, waiting, welcome } = await roomWithSomeoneWaiting(role)
      waiting.send({ type: 'join', pseudonym: 'Waiting', agreed: true })
      await fac.waitFor(
        () =>
          fac.frames.find(
            (f) => f.type === 'lobby' && f.waiting.some((w) => w.seatId === welcome.seatId),
          ),
        'the lobby',
      )
      for (const mode of ['video', 'audio', 'text']) {
        const mark = waiting.frames.length
        waiting.send({ type: 'media', mode })
        expect((await waiting.next('error', mark)).code).toBe('in_lobby')
      }
      await sleep(100)
      expect(waiting.frames.some((f) => f.type === 'media')).toBe(false)
    },
  )

  it('a person waiting in the lobby is shown nobody in the room', async () => {
    const { amy, waiting, welcome } = await roomWithSomeoneWaiting()
    const mark = waiting.frames.length
    amy.send({ type: 'hand', raised: true })
    await sleep(200)
    const seen = [
      ...welcome.members.map((m) => m.pseudonym),
      ...waiting.frames
        .slice(mark)
        .flatMap((f) => (f.type === 'roster' ? f.members.map((m) => m.pseudonym) : [])),
    ]
    // Found by fuzzing (fixed): the welcome and every roster update used to reach the lobby, so
    // whoever opened a link, before typing a name or the code word, learned who was inside.
    expect(seen, 'pseudonyms shown to a person not yet admitted').toEqual([])
  })
})

function countBy(items: string[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const item of items) out[item] = (out[item] ?? 0) + 1
  return out
}
