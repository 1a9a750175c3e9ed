// A session's own agreement and notice in both languages (or neither), and a short chat link's
// "available again" line from the organization's settings, as the join page receives them.
import { describe, expect, it } from 'vitest'
import { DEFAULT_ORG } from '../../worker/org/defaults'
import { createLinks, createSession, redeem, signInStaff, type Staff } from './support'

async function redeemed(staff: Staff, overrides: Record<string, unknown>) {
  const session = await createSession(staff, overrides)
  const [token] = await createLinks(staff, session.id)
  return (await (await redeem(token)).json()) as Record<string, unknown>
}

describe("a session's own texts", () => {
  it('come in both languages, each shown in the reader’s', async () => {
    const staff = await signInStaff()
    const answer = await redeemed(staff, {
      agreement: { en: 'Be kind.', fr: 'Soyez bienveillante.' },
      notice: { en: 'We must report harm to a child.', fr: 'Nous devons signaler.' },
    })
    expect(answer.agreement).toEqual({ en: 'Be kind.', fr: 'Soyez bienveillante.' })
    expect(answer.notice).toEqual({ en: 'We must report harm to a child.', fr: 'Nous devons signaler.' })
  })

  it('are refused with the missing language named, and nothing is created', async () => {
    const staff = await signInStaff()
    const before = (await (await staff.api('/api/sessions')).json()) as { sessions: unknown[] }
    const cases: [Record<string, unknown>, string][] = [
      [{ agreement: { en: 'Be kind.', fr: '' } }, 'The agreement in French is missing.'],
      [{ agreement: { en: '', fr: 'Soyez bienveillante.' } }, 'The agreement in English is missing.'],
      [{ notice: { en: 'We report.', fr: '' } }, 'The notice in French is missing.'],
      [{ notice: { en: '', fr: 'Nous signalons.' } }, 'The notice in English is missing.'],
    ]
    for (const [body, message] of cases) {
      const res = await staff.api('/api/sessions', {
        body: { kind: 'group', title: 'T', opensAt: Date.now(), closesAt: Date.now() + 3600_000, ...body },
      })
      expect(res.status).toBe(400)
      expect(((await res.json()) as { message: string }).message).toContain(message)
    }
    const after = (await (await staff.api('/api/sessions')).json()) as { sessions: unknown[] }
    expect(after.sessions.length).toBe(before.sessions.length)
  })

  it('left empty in both languages, are the organization’s', async () => {
    const staff = await signInStaff()
    const answer = await redeemed(staff, { agreement: { en: '', fr: '' }, notice: { en: '', fr: '' } })
    expect(answer.agreement).toEqual({ en: DEFAULT_ORG.agreementEn, fr: DEFAULT_ORG.agreementFr })
    expect(answer.notice).toEqual({ en: DEFAULT_ORG.noticeEn, fr: DEFAULT_ORG.noticeFr })
  })
})

describe('a short chat link', () => {
  it('says when an advocate is available again, once the organization has said it', async () => {
    const admin = await signInStaff({ isAdmin: true })
    const chat = { kind: 'chat', durationMinutes: 30, opensAt: undefined, closesAt: undefined }
    expect(await redeemed(admin, chat)).not.toHaveProperty('availableAgain')
    const settings = {
      ...DEFAULT_ORG,
      availableAgainEn: 'Weekdays, 9 to 5.',
      availableAgainFr: 'En semaine, de 9 h à 17 h.',
    }
    expect((await admin.api('/api/org/settings', { method: 'PUT', body: settings })).status).toBe(200)
    expect((await redeemed(admin, chat)).availableAgain).toEqual({
      en: 'Weekdays, 9 to 5.',
      fr: 'En semaine, de 9 h à 17 h.',
    })
    // A group session never carries it.
    expect(await redeemed(admin, {})).not.toHaveProperty('availableAgain')
  })
})
