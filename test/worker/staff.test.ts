// Staff routes: sign-in required, CSRF token and same-origin checks, admin-only staff links.
import { SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { createSession, ORIGIN, signInStaff } from './support'

const validSession = () => ({
  kind: 'group',
  title: 'Group',
  agreement: 'Be kind.',
  opensAt: Date.now(),
  closesAt: Date.now() + 3600_000,
})

describe('staff routes', () => {
  it('refuse anyone not signed in', async () => {
    for (const [method, path] of [
      ['GET', '/api/staff/me'],
      ['GET', '/api/sessions'],
      ['POST', '/api/sessions'],
      ['POST', '/api/staff/invites'],
    ] as const) {
      const res = await SELF.fetch(`${ORIGIN}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body: method === 'POST' ? JSON.stringify(validSession()) : undefined,
      })
      expect(res.status, path).toBe(401)
      expect(((await res.json()) as { message: string }).message).toMatch(/sign in/i)
    }
  })

  it('refuse a state change without the CSRF token, and change nothing', async () => {
    const staff = await signInStaff()
    const { 'x-csrf-token': _dropped, ...noCsrf } = staff.headers
    const res = await SELF.fetch(`${ORIGIN}/api/sessions`, {
      method: 'POST',
      headers: noCsrf,
      body: JSON.stringify(validSession()),
    })
    expect(res.status).toBe(403)
    const list = (await (await staff.api('/api/sessions')).json()) as { sessions: unknown[] }
    expect(list.sessions).toHaveLength(0)
  })

  it('refuse a state change from another origin', async () => {
    const staff = await signInStaff()
    const res = await SELF.fetch(`${ORIGIN}/api/sessions`, {
      method: 'POST',
      headers: { ...staff.headers, origin: 'https://evil.example' },
      body: JSON.stringify(validSession()),
    })
    expect(res.status).toBe(403)
    expect(((await res.json()) as { error: string }).error).toBe('cross_origin')
  })

  it('validate a new session and explain what is wrong', async () => {
    const staff = await signInStaff()
    for (const bad of [
      { ...validSession(), kind: 'party' },
      { ...validSession(), title: '' },
      { ...validSession(), closesAt: Date.now() - 10 },
      { ...validSession(), opensAt: 'tomorrow' },
    ]) {
      const res = await staff.api('/api/sessions', { body: bad })
      expect(res.status).toBe(400)
      expect(((await res.json()) as { message: string }).message).toMatch(/not valid|past|after/)
    }
    const list = (await (await staff.api('/api/sessions')).json()) as { sessions: unknown[] }
    expect(list.sessions).toHaveLength(0)
  })

  it('a signed-in staff member sees their name and a CSRF token', async () => {
    const staff = await signInStaff()
    const me = (await (await staff.api('/api/staff/me')).json()) as Record<string, unknown>
    expect(me).toMatchObject({ displayName: 'Fac', isAdmin: false, csrf: staff.headers['x-csrf-token'] })
  })

  it('only an admin can invite staff', async () => {
    const staff = await signInStaff()
    expect((await staff.api('/api/staff/invites', { body: { isAdmin: false } })).status).toBe(403)
    const admin = await signInStaff({ isAdmin: true })
    const res = await admin.api('/api/staff/invites', { body: { isAdmin: false } })
    expect(res.status).toBe(201)
    expect(((await res.json()) as { token: string }).token).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('an expired staff sign-in is refused', async () => {
    const staff = await signInStaff()
    const { env } = await import('cloudflare:test')
    await env.DB.prepare('UPDATE staff_sessions SET expires_at = 1 WHERE staff_id = ?').bind(staff.id).run()
    expect((await staff.api('/api/staff/me')).status).toBe(401)
  })

  it('links for a closed session are refused', async () => {
    const staff = await signInStaff()
    const session = await createSession(staff)
    expect((await staff.api(`/api/sessions/${session.id}/end`, { method: 'POST', body: {} })).status).toBe(200)
    const res = await staff.api(`/api/sessions/${session.id}/invites`, {
      body: { role: 'participant', count: 1 },
    })
    expect(res.status).toBe(410)
  })

  it('a bad passkey challenge is refused with a readable message', async () => {
    const res = await SELF.fetch(`${ORIGIN}/api/passkeys/login/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ challengeId: 'nope', response: { id: 'x', rawId: 'x', type: 'public-key' } }),
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { message: string }).message).toMatch(/expired/)
  })
})
