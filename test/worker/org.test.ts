// Organization settings (admin only), short-lived chat links, and the retention purge.
import { env, SELF } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { purgeExpiredRecords } from '../../worker/org/purge'
import { DEFAULT_ORG } from '../../worker/org/defaults'
import { createLinks, createSession, ORIGIN, redeem, signInStaff } from './support'

const settings = {
  ...DEFAULT_ORG,
  agreementEn: 'Rule one.\nRule two.',
  agreementFr: 'Règle un.\nRègle deux.',
  quickExitUrl: 'https://weather.example.org/',
  graceSeconds: 30,
  maxGroupSize: 8,
  helpContacts: [{ label: 'Crisis line', value: '1-800-555-0199' }],
  retentionDays: 3,
}

describe('organization settings', () => {
  it('only an admin can change them; every staff member can read them', async () => {
    const staff = await signInStaff()
    expect((await staff.api('/api/org/settings', { method: 'PUT', body: settings })).status).toBe(403)
    const admin = await signInStaff({ isAdmin: true })
    expect((await admin.api('/api/org/settings', { method: 'PUT', body: settings })).status).toBe(200)
    expect(await (await staff.api('/api/org/settings')).json()).toMatchObject({ graceSeconds: 30 })
  })

  it('reach people: quick exit and help contacts in the public config, agreement on redemption', async () => {
    const admin = await signInStaff({ isAdmin: true })
    await admin.api('/api/org/settings', { method: 'PUT', body: settings })
    const config = await (await SELF.fetch(`${ORIGIN}/api/config`)).json()
    expect(config).toMatchObject({ quickExitUrl: settings.quickExitUrl, helpContacts: settings.helpContacts })
    const session = await createSession(admin, { agreement: '' })
    const [token] = await createLinks(admin, session.id)
    const answer = await (await redeem(token)).json()
    expect(answer).toMatchObject({
      agreement: { en: settings.agreementEn, fr: settings.agreementFr },
      notice: { en: settings.noticeEn, fr: settings.noticeFr },
    })
  })

  it('bad settings are refused with a reason and change nothing', async () => {
    const admin = await signInStaff({ isAdmin: true })
    const before = await (await admin.api('/api/org/settings')).json()
    for (const bad of [
      { ...settings, quickExitUrl: 'javascript:alert(1)' },
      { ...settings, graceSeconds: 0 },
      { ...settings, retentionDays: 'forever' },
      { ...settings, helpContacts: [{ label: '', value: 'x' }] },
    ]) {
      const res = await admin.api('/api/org/settings', { method: 'PUT', body: bad })
      expect(res.status).toBe(400)
      expect(((await res.json()) as { message: string }).message.length).toBeGreaterThan(10)
    }
    expect(await (await admin.api('/api/org/settings')).json()).toEqual(before)
  })
})

describe('short-lived chat links', () => {
  it('last the minutes asked (30 by default in the console), at most 4 hours', async () => {
    const staff = await signInStaff()
    const t0 = Date.now()
    const res = await staff.api('/api/sessions', { body: { kind: 'chat', title: 'Drop-in', durationMinutes: 30 } })
    expect(res.status).toBe(201)
    const s = (await res.json()) as { opensAt: number; closesAt: number }
    expect(s.closesAt - s.opensAt).toBe(30 * 60_000)
    expect(s.opensAt).toBeGreaterThanOrEqual(t0)
    const tooLong = await staff.api('/api/sessions', {
      body: { kind: 'chat', title: 'Drop-in', durationMinutes: 600 },
    })
    expect(tooLong.status).toBe(400)
    const groupWithDuration = await staff.api('/api/sessions', {
      body: { kind: 'group', title: 'G', durationMinutes: 30 },
    })
    expect(groupWithDuration.status).toBe(400)
  })

  it('tell the survivor when the link closes', async () => {
    const staff = await signInStaff()
    const res = await staff.api('/api/sessions', { body: { kind: 'chat', title: 'Drop-in', durationMinutes: 45 } })
    const s = (await res.json()) as { id: string; closesAt: number }
    const [token] = await createLinks(staff, s.id)
    expect(await (await redeem(token)).json()).toMatchObject({ kind: 'chat', closesAt: s.closesAt })
  })
})

describe('retention', () => {
  it('purges sessions and links older than the retention, and nothing newer', async () => {
    const staff = await signInStaff()
    const old = await createSession(staff)
    const recent = await createSession(staff)
    await createLinks(staff, old.id, 3)
    await createLinks(staff, recent.id, 2)
    const tenDaysAgo = Date.now() - 10 * 86_400_000
    await env.DB.prepare('UPDATE sessions SET closes_at = ?, status = ?, closed_at = ? WHERE id = ?')
      .bind(tenDaysAgo, 'closed', tenDaysAgo, old.id)
      .run()
    const { sessionsPurged } = await purgeExpiredRecords(env)
    expect(sessionsPurged).toBe(1)
    const count = async (sql: string, id: string) =>
      (await env.DB.prepare(sql).bind(id).first<{ n: number }>())!.n
    expect(await count('SELECT count(*) AS n FROM sessions WHERE id = ?', old.id)).toBe(0)
    expect(await count('SELECT count(*) AS n FROM invites WHERE session_id = ?', old.id)).toBe(0)
    expect(await count('SELECT count(*) AS n FROM invites WHERE session_id = ?', recent.id)).toBe(2)
  })
})
