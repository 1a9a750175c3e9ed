// The facilitator's console and room (issue 11): live counts per session, the links list with
// states and revoke (never who used a link), the staff name shown in sessions, and the private
// reply to an alert — refused to participants and observers, absent from youth sessions, never stored.
import { env, runInDurableObject } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { roomFor } from '../../worker/room/stub'
import type { InviteSummary, Me, SessionSummary } from '../../worker/protocol'
import {
  admit,
  createLinks,
  createSession,
  fakeCipher,
  hostSeat,
  joinAs,
  participantSeat,
  redeem,
  signInStaff,
  sleep,
  youthGroup,
  type Staff,
} from './support'

const listSessions = async (staff: Staff) =>
  ((await (await staff.api('/api/sessions')).json()) as { sessions: SessionSummary[] }).sessions

const listLinks = async (staff: Staff, sessionId: string) => {
  const res = await staff.api(`/api/sessions/${sessionId}/invites`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { invites: InviteSummary[] }).invites
}

const reply = (seatId: string) => ({ ...fakeCipher(), type: 'private_reply', seatId })

describe('console: live state of each session', () => {
  it('says who is present and who waits, and nothing once the session has ended', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff, { lobby: true })
    const before = (await listSessions(staff)).find((s) => s.id === session.id)
    expect(before?.live).toEqual({ open: false, present: 0, waiting: 0 })
    const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Marie')
    const amy = await joinAs(session.id, await participantSeat(staff, session.id), 'Amy')
    await admit(fac, amy)
    await joinAs(session.id, await participantSeat(staff, session.id), 'Bea')
    await fac.next('lobby', fac.frames.length)
    const live = (await listSessions(staff)).find((s) => s.id === session.id)?.live
    expect(live).toEqual({ open: true, present: 2, waiting: 1 })
    fac.send({ type: 'end' })
    await fac.closed()
    const after = (await listSessions(staff)).find((s) => s.id === session.id)
    expect(after?.status).toBe('closed')
    expect(after?.live).toBeNull()
  })
})

describe('console: links she can manage', () => {
  it('lists links per role in order with their state, and never who used one', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff)
    const made = await staff.api(`/api/sessions/${session.id}/invites`, { body: { role: 'participant', count: 3 } })
    const { tokens, numbers } = (await made.json()) as { tokens: string[]; numbers: number[] }
    expect(numbers).toEqual([1, 2, 3])
    const [observer] = await createLinks(staff, session.id, 1, 'observer')
    expect((await redeem(tokens[0])).status).toBe(201)
    const links = await listLinks(staff, session.id)
    expect(links.map((l) => [l.role, l.number, l.state])).toEqual([
      ['participant', 1, 'used'],
      ['participant', 2, 'unused'],
      ['participant', 3, 'unused'],
      ['observer', 1, 'unused'],
    ])
    // Nothing else about a link: no seat, pseudonym, time of use or address.
    for (const link of links) {
      expect(Object.keys(link).sort()).toEqual(['createdAt', 'id', 'number', 'requiresCodeWord', 'role', 'state'])
    }
    expect(observer).toBeTruthy()
  })

  it('revokes an unused link so it no longer opens, and refuses a used one with a reason', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff)
    const [a, b] = await createLinks(staff, session.id, 2)
    expect((await redeem(a)).status).toBe(201)
    const [used, unused] = await listLinks(staff, session.id)
    const revoke = (id: string) =>
      staff.api(`/api/sessions/${session.id}/invites/${id}/revoke`, { method: 'POST', body: {} })
    expect((await revoke(unused!.id)).status).toBe(200)
    expect((await redeem(b)).status).toBe(410)
    const refused = await revoke(used!.id)
    expect(refused.status).toBe(409)
    expect(((await refused.json()) as { message: string }).message).toMatch(/already been used/)
    expect((await listLinks(staff, session.id)).map((l) => l.state)).toEqual(['used', 'revoked'])
    expect((await revoke('0'.repeat(64))).status).toBe(404)
    expect((await revoke('not-a-hash')).status).toBe(404)
  })

  it('revokes every unused link when the session ends, and says so', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff)
    await createLinks(staff, session.id, 1)
    await staff.api(`/api/sessions/${session.id}/end`, { method: 'POST', body: {} })
    expect((await listLinks(staff, session.id)).map((l) => l.state)).toEqual(['revoked'])
  })

  it('needs a signed-in staff member', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff)
    const { SELF } = await import('cloudflare:test')
    const res = await SELF.fetch(`https://havre.test/api/sessions/${session.id}/invites`)
    expect(res.status).toBe(401)
  })
})

describe('staff: the name shown in sessions', () => {
  it('is chosen and validated, and is the only name survivors see for the staff seat', async () => {
    const staff = await signInStaff()
    for (const bad of ['', '   ', 'a'.repeat(41), 'An\u0000ne', 42]) {
      const res = await staff.api('/api/staff/me', { method: 'PUT', body: { sessionName: bad } })
      expect(res.status).toBe(400)
    }
    const res = await staff.api('/api/staff/me', { method: 'PUT', body: { sessionName: ' Anne ' } })
    expect(res.status).toBe(200)
    expect(((await (await staff.api('/api/staff/me')).json()) as Me).sessionName).toBe('Anne')
    const session = await createSession(staff)
    // Whatever the page sends on joining, the staff seat shows the chosen name.
    const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Anne-Marie Tremblay')
    const amy = await joinAs(session.id, await participantSeat(staff, session.id), 'Amy')
    const roster = await amy.waitFor(
      () => [...amy.frames].reverse().find((f) => f.type === 'roster'),
      'roster',
    )
    const names = roster.type === 'roster' ? roster.members.map((m) => m.pseudonym) : []
    expect(names).toContain('Anne')
    expect(names.join()).not.toContain('Tremblay')
    fac.close()
  })
})

describe('room: one private reply to an alert', () => {
  async function circle(kind = 'group') {
    const staff = await signInStaff()
    const session = await createSession(staff, { kind })
    const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Marie')
    const amy = await joinAs(session.id, await participantSeat(staff, session.id), 'Amy')
    const bea = await joinAs(session.id, await participantSeat(staff, session.id), 'Bea')
    const amyId = (await amy.next('welcome')).seatId
    return { staff, session, fac, amy, bea, amyId }
  }

  it('reaches that person only, with the facilitator’s name, and is stored nowhere', async () => {
    const g = await circle()
    const frame = reply(g.amyId)
    const mark = g.amy.frames.length
    g.fac.send(frame)
    const got = await g.amy.next('private_reply', mark)
    expect(got).toMatchObject({ from: 'Marie', iv: frame.iv, ct: frame.ct })
    await sleep(100)
    expect(g.bea.frames.some((f) => f.type === 'private_reply')).toBe(false)
    expect(g.fac.frames.some((f) => f.type === 'private_reply')).toBe(false)
    const stored = await runInDurableObject(roomFor(env, g.session.id), async (_o, state) =>
      JSON.stringify([...(await state.storage.list()).entries()]),
    )
    expect(stored).not.toContain(frame.ct)
    expect(stored).not.toContain(frame.iv)
  })

  it('works in a short chat session too', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff, { kind: 'chat', durationMinutes: 30, opensAt: undefined, closesAt: undefined })
    const fac = await joinAs(session.id, await hostSeat(staff, session.id), 'Marie')
    const amy = await joinAs(session.id, await participantSeat(staff, session.id), 'Amy')
    const mark = amy.frames.length
    fac.send(reply((await amy.next('welcome')).seatId))
    expect((await amy.next('private_reply', mark)).from).toBe('Marie')
  })

  it('is refused to participants, observers and interpreters, and nobody receives it', async () => {
    const g = await circle()
    const seatOf = async (role: string) => {
      const [token] = await createLinks(g.staff, g.session.id, 1, role)
      return ((await (await redeem(token)).json()) as { seat: string }).seat
    }
    const observer = await joinAs(g.session.id, await seatOf('observer'), 'Guardian')
    const interpreter = await joinAs(g.session.id, await seatOf('interpreter'), 'Lou')
    for (const sender of [g.bea, observer, interpreter]) {
      const mark = sender.frames.length
      sender.send(reply(g.amyId))
      expect((await sender.next('error', mark)).code).toBe('forbidden')
    }
    await sleep(100)
    expect(g.amy.frames.some((f) => f.type === 'private_reply')).toBe(false)
  })

  it('is refused in youth sessions, in either direction, with a reason', async () => {
    const g = await youthGroup()
    const mark = g.fac.frames.length
    g.fac.send(reply(g.youthId))
    const err = await g.fac.next('error', mark)
    expect(err.code).toBe('no_private_messages')
    expect(err.message).toMatch(/Youth sessions/)
    const youthMark = g.youth.frames.length
    g.youth.send(reply((await g.fac.next('welcome')).seatId))
    expect((await g.youth.next('error', youthMark)).code).toBe('forbidden')
    await sleep(100)
    expect(g.youth.frames.some((f) => f.type === 'private_reply')).toBe(false)
    expect(g.observer.frames.some((f) => f.type === 'private_reply')).toBe(false)
  })

  it('rejects a malformed reply with a readable error and relays nothing', async () => {
    const g = await circle()
    for (const bad of [
      { type: 'private_reply', seatId: g.amyId, iv: '!!', ct: 'x' },
      { ...fakeCipher(), type: 'private_reply', seatId: 'no' },
      { type: 'private_reply', seatId: g.amyId, iv: fakeCipher().iv, ct: 'A'.repeat(7000) },
    ]) {
      const mark = g.fac.frames.length
      g.fac.send(bad)
      const err = await g.fac.next('error', mark).catch(() => {
        throw new Error(`no error for ${JSON.stringify(bad).slice(0, 80)}: ${JSON.stringify(g.fac.frames.slice(mark))}`)
      })
      expect(['bad_frame', 'too_large']).toContain(err.code)
      expect(err.message.length).toBeGreaterThan(10)
    }
    await sleep(100)
    expect(g.amy.frames.some((f) => f.type === 'private_reply')).toBe(false)
  })
})

