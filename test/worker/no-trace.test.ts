// Invariants 3 and 6, end to end: a whole session through the real routes and the room socket —
// lobby with a code word, ciphertext chat, a raised hand, a private alert, media, a removal and the
// facilitator's end — and afterwards nothing about the survivors is left in D1 or in the room's
// Durable Object: no pseudonym, code word, alert, ciphertext, seat secret or LiveKit identity.
import { env, runInDurableObject, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { roomFor } from '../../worker/room/stub'
import { META_KEY, type RoomMeta } from '../../worker/room/state'
import type { CoreState } from '../../worker/room/core/types'
import { CLOSE_CODES } from '../../worker/protocol'
import {
  admit,
  connect,
  createSession,
  fakeCipher,
  hostSeat,
  joinAs,
  ORIGIN,
  signInStaff,
  sleep,
  seal,
  sessionKey,
  type Client,
  type Staff,
} from './support'

/** Every row of every D1 table (migrations bookkeeping aside), as text. */
async function everyD1Row(): Promise<string> {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'",
  ).all<{ name: string }>()
  const dump: Record<string, unknown[]> = {}
  for (const { name } of tables.results) {
    dump[name] = (await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results
  }
  return JSON.stringify(dump)
}

async function links(staff: Staff, sessionId: string, body: Record<string, unknown>) {
  const res = await staff.api(`/api/sessions/${sessionId}/invites`, {
    body: { role: 'participant', count: 1, ...body },
  })
  expect(res.status).toBe(201)
  return ((await res.json()) as { tokens: string[] }).tokens
}

/** Opens a link the way the page does: POST /api/redeem, then the room socket. */
async function openLink(sessionId: string, token: string) {
  const res = await SELF.fetch(`${ORIGIN}/api/redeem`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: ORIGIN },
    body: JSON.stringify({ token }),
  })
  expect(res.status).toBe(201)
  const { seat } = (await res.json()) as { seat: string }
  const client = await connect(sessionId, seat)
  const welcome = await client.next('welcome')
  return { seat, client, welcome }
}

const waitUntil = async (check: () => Promise<boolean>, what: string, ms = 5000) => {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(50)
  }
}

describe('no trace', () => {
  it('after a full session, neither D1 nor the room keeps anything about the survivors', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff, { lobby: true, title: 'Thursday circle' })
    const hostSeatToken = await hostSeat(staff, session.id)
    const fac = await joinAs(session.id, hostSeatToken, 'Marie-Facilitatrice')
    const facWelcome = await fac.next('welcome')

    // Amy: a link that asks for a code word; she waits in the lobby until the facilitator admits her.
    const pseudonymA = 'Amélie-Rivière-4417'
    const codeWord = 'bluebird-under-the-bridge-7'
    const [tokenA] = await links(staff, session.id, { requiresCodeWord: true })
    const a = await openLink(session.id, tokenA!)
    expect(a.welcome.admitted).toBe(false)
    const lobbyMark = fac.frames.length
    const key = await sessionKey()
    const sealedWord = await seal(key, codeWord)
    a.client.send({ type: 'join', pseudonym: pseudonymA, agreed: true, codeWord: sealedWord })
    const lobby = await fac.waitFor(
      () => fac.frames.slice(lobbyMark).find((f) => f.type === 'lobby' && f.waiting.length > 0),
      'Amy in the lobby',
    )
    expect(lobby.type === 'lobby' && lobby.waiting[0]).toMatchObject({
      pseudonym: pseudonymA,
      codeWord: sealedWord,
    })
    const amyId = await admit(fac, a.client)
    const amy = a.client

    // Bea: a plain link, admitted too.
    const pseudonymB = 'Béatrice-Nord-9023'
    const [tokenB] = await links(staff, session.id, {})
    const b = await openLink(session.id, tokenB!)
    const bea = b.client
    bea.send({ type: 'join', pseudonym: pseudonymB, agreed: true })
    const beaId = await admit(fac, bea)
    await fac.waitFor(
      () => lastRoster(fac)?.members.find((m) => m.seatId === beaId),
      'Bea in the roster',
    )
    // A link nobody opens: the close must revoke it.
    const [unusedToken] = await links(staff, session.id, { count: 1 })

    // Chat: ciphertext relayed to everyone admitted.
    const cipher = fakeCipher(96)
    let mark = fac.frames.length
    amy.send(cipher)
    expect(await fac.next('chat', mark)).toMatchObject({
      iv: cipher.iv,
      ct: cipher.ct,
      from: amyId,
    })
    await bea.waitFor(
      () => bea.frames.find((f) => f.type === 'chat' && f.ct === cipher.ct),
      'chat at Bea',
    )

    // A raised hand, seen by all.
    mark = fac.frames.length
    amy.send({ type: 'hand', raised: true })
    await fac.waitFor(
      () =>
        fac.frames
          .slice(mark)
          .find((f) => f.type === 'roster' && f.members.some((m) => m.seatId === amyId && m.hand)),
      'hand up',
    )

    // Control: while the session lasts the room does hold the seats (so the probe below can see).
    const during = await runInDurableObject(roomFor(env, session.id), async (_o, state) =>
      JSON.stringify([...(await state.storage.list()).entries()]),
    )
    expect(during).toContain(pseudonymA)
    expect(during).toContain(amyId)

    // A private alert: the facilitator only.
    mark = fac.frames.length
    const beaMark = bea.frames.length
    amy.send({ type: 'alert', kind: 'not_safe' })
    expect(await fac.next('alert', mark)).toMatchObject({
      seatId: amyId,
      pseudonym: pseudonymA,
      kind: 'not_safe',
    })
    await sleep(100)
    expect(bea.frames.slice(beaMark).some((f) => f.type === 'alert')).toBe(false)

    // Media, where this server has it: a LiveKit token for Amy's random identity.
    let mediaToken: string | undefined
    expect(facWelcome.media).toBe(Boolean(env.LIVEKIT_URL))
    if (facWelcome.media) {
      mark = amy.frames.length
      amy.send({ type: 'media', mode: 'audio' })
      const media = await amy.next('media', mark)
      expect(media.token).toBeTruthy()
      mediaToken = media.token
    }
    const roster = lastRoster(fac)!
    const identities = roster.members.map((m) => m.identity)
    expect(identities).toHaveLength(3)

    // Bea is removed: out at once, her seat void.
    fac.send({ type: 'remove', seatId: beaId })
    expect(await bea.next('removed')).toBeDefined()
    expect((await bea.closed()).code).toBe(CLOSE_CODES.removed)

    // The facilitator ends the session.
    mark = amy.frames.length
    fac.send({ type: 'end' })
    expect(await amy.next('ended', mark)).toMatchObject({ reason: 'ended' })
    expect((await amy.closed()).code).toBe(CLOSE_CODES.ended)
    expect((await fac.closed()).code).toBe(CLOSE_CODES.ended)

    // D1 and LiveKit are told right after the sockets close (retried by alarm otherwise).
    await waitUntil(async () => {
      const row = await env.DB.prepare('SELECT status FROM sessions WHERE id = ?')
        .bind(session.id)
        .first<{ status: string }>()
      return row?.status === 'closed'
    }, 'D1 to record the close')
    await waitUntil(async () => {
      const meta = await storedMeta(session.id)
      return meta?.pendingD1Close === false && (meta.livekitTasks ?? []).length === 0
    }, 'the room to finish its close')

    // ── What must not be anywhere ──
    const secrets: Record<string, string> = {
      'pseudonym (Amy)': pseudonymA,
      'pseudonym (Bea)': pseudonymB,
      'pseudonym (facilitator)': 'Marie-Facilitatrice',
      'code word': codeWord,
      'code word (sealed)': sealedWord.ct,
      'alert kind': 'not_safe',
      'chat ciphertext': cipher.ct,
      'chat iv': cipher.iv,
      'seat secret (Amy)': a.seat.split('.')[1]!,
      'seat secret (Bea)': b.seat.split('.')[1]!,
      'seat secret (facilitator)': hostSeatToken.split('.')[1]!,
      'seat id (Amy)': amyId,
      'seat id (Bea)': beaId,
      'link (Amy)': tokenA!,
      'link (Bea)': tokenB!,
      'link (unused)': unusedToken!,
      ...Object.fromEntries(identities.map((id, i) => [`LiveKit identity ${i + 1}`, id])),
      ...(mediaToken
        ? { 'LiveKit token': mediaToken, 'LiveKit token signature': mediaToken.split('.')[2]! }
        : {}),
    }
    const d1 = await everyD1Row()
    const room = await runInDurableObject(roomFor(env, session.id), async (instance, state) => {
      const live = (instance as unknown as { core: CoreState }).core
      return {
        entries: [...(await state.storage.list()).entries()],
        alarm: await state.storage.getAlarm(),
        memory: {
          seats: Object.keys(live.seats).length,
          sockets: Object.keys(live.sockets).length,
          pendingAlerts: live.meta?.pendingAlerts?.length ?? 0,
        },
      }
    })
    const roomText = JSON.stringify(room.entries)
    for (const [what, value] of Object.entries(secrets)) {
      expect(d1.includes(value), `D1 holds the ${what}`).toBe(false)
      expect(roomText.includes(value), `the room's storage holds the ${what}`).toBe(false)
    }

    // The room keeps only its closed-session marker, with nothing about anyone in it.
    expect(room.entries.map(([key]) => key)).toEqual([META_KEY])
    const meta = room.entries[0]![1] as RoomMeta
    expect(meta.status).toBe('closed')
    expect(Object.keys(meta).sort()).toEqual(
      expect.arrayContaining(['sessionId', 'kind', 'status']),
    )
    const allowed = [
      'sessionId',
      'kind',
      'closesAt',
      'maxParticipants',
      'lobby',
      'graceSeconds',
      'chatEnabled',
      'status',
      'pendingD1Close',
      'livekitTasks',
    ]
    expect(Object.keys(meta).filter((k) => !allowed.includes(k))).toEqual([])
    expect(meta.livekitTasks ?? []).toEqual([])
    // Nothing left in memory either, and no alarm pending once the close is done.
    expect(room.memory).toEqual({ seats: 0, sockets: 0, pendingAlerts: 0 })
    expect(room.alarm).toBeNull()

    // D1: the session is closed and every link is used or revoked.
    const sessionRow = await env.DB.prepare('SELECT status, closed_at FROM sessions WHERE id = ?')
      .bind(session.id)
      .first<{ status: string; closed_at: number | null }>()
    expect(sessionRow).toMatchObject({ status: 'closed', closed_at: expect.any(Number) })
    const open = await env.DB.prepare(
      'SELECT count(*) AS n FROM invites WHERE session_id = ? AND used_at IS NULL AND revoked_at IS NULL',
    )
      .bind(session.id)
      .first<{ n: number }>()
    expect(open?.n).toBe(0)
    const all = await env.DB.prepare('SELECT count(*) AS n FROM invites WHERE session_id = ?')
      .bind(session.id)
      .first<{ n: number }>()
    expect(all?.n).toBe(3)

    // And the seats are dead: the unused link says the session ended, Amy's seat opens nothing.
    const late = await SELF.fetch(`${ORIGIN}/api/redeem`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: unusedToken }),
    })
    expect(late.status).toBe(410)
    const back = await connect(session.id, a.seat)
    expect(await back.next('ended')).toBeDefined()
  })
})

function lastRoster(client: Client) {
  const roster = [...client.frames].reverse().find((f) => f.type === 'roster')
  return roster?.type === 'roster' ? roster : undefined
}

const storedMeta = (sessionId: string) =>
  runInDurableObject(roomFor(env, sessionId), async (_o, state) =>
    state.storage.get<RoomMeta>(META_KEY),
  )
