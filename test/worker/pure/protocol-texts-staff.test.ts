// The protocol that issues 10 and 11 added, as schemas (invariant 9: bad input refused, saying why):
// a session's texts in both languages or neither, the name staff show in sessions, the console's
// link ids, the organization's "available again" text, and the private reply to an alert. Pure:
// runs in the Workers suite and in Node for mutation testing.
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import {
  ClientMessageSchema,
  CreateSessionBodySchema,
  InviteIdSchema,
  missingLanguage,
  OrgSettingsSchema,
  RegisterVerifyBodySchema,
  ServerMessageSchema,
  SessionNameSchema,
  UpdateMeBodySchema,
} from '../../../worker/protocol'

type Schema = v.GenericSchema
const refusal = (schema: Schema, input: unknown): string | null => {
  const r = v.safeParse(schema, input)
  return r.success ? null : (r.issues[0]?.message ?? '')
}
const output = (schema: Schema, input: unknown) => {
  const r = v.safeParse(schema, input)
  if (!r.success) throw new Error(`refused: ${r.issues[0]?.message} for ${JSON.stringify(input)}`)
  return r.output
}

describe('a session’s texts, in both languages or neither', () => {
  it('names the missing language, and only when one is written and the other is not', () => {
    expect(missingLanguage('One text for everyone')).toBeNull()
    expect(missingLanguage('')).toBeNull()
    expect(missingLanguage({ en: '', fr: '' })).toBeNull()
    expect(missingLanguage({ en: 'Be kind.', fr: 'Soyez bienveillants.' })).toBeNull()
    expect(missingLanguage({ en: 'Be kind.', fr: '' })).toBe('fr')
    expect(missingLanguage({ en: '', fr: 'Soyez bienveillants.' })).toBe('en')
  })

  const now = 1_800_000_000_000
  const session = { kind: 'group', title: 'Tuesday', opensAt: now, closesAt: now + 3600_000 }
  const both = { en: 'Be kind.', fr: 'Soyez bienveillants.' }

  it('a session body with a half-written text is refused, saying which', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ agreement: { en: 'Be kind.', fr: '' } }, 'The agreement in French is missing.'],
      [
        { agreement: { en: '', fr: 'Soyez bienveillants.' } },
        'The agreement in English is missing.',
      ],
      [{ notice: { en: 'We report.', fr: '' } }, 'The notice in French is missing.'],
      [{ notice: { en: '', fr: 'Nous signalons.' } }, 'The notice in English is missing.'],
    ]
    for (const [patch, message] of cases) {
      expect(refusal(CreateSessionBodySchema, { ...session, ...patch }), message).toBe(message)
    }
    expect(
      refusal(CreateSessionBodySchema, { ...session, agreement: both, notice: both }),
    ).toBeNull()
    expect(
      refusal(CreateSessionBodySchema, { ...session, agreement: { en: '', fr: '' } }),
    ).toBeNull()
    expect(refusal(CreateSessionBodySchema, { ...session, agreement: 'One text' })).toBeNull()
  })
})

describe('the name staff show in sessions', () => {
  it('is trimmed, needed, at most 40 characters, and shown as typed', () => {
    expect(output(SessionNameSchema, '  Marie  ')).toBe('Marie')
    expect(refusal(SessionNameSchema, '')).toBe('A name to show in sessions is needed.')
    expect(refusal(SessionNameSchema, '   ')).toBe('A name to show in sessions is needed.')
    expect(refusal(SessionNameSchema, 'a'.repeat(40))).toBeNull()
    expect(refusal(SessionNameSchema, 'a'.repeat(41))).toBe('That name is too long.')
    for (const bad of ['Ma\u202Erie', 'Ma\u200Brie', 'Ma\u0000rie']) {
      expect(refusal(SessionNameSchema, bad), JSON.stringify(bad)).toBe(
        'That name has characters that cannot be shown.',
      )
    }
  })

  it('is asked at setup (may be left for later) and changed alone in the console', () => {
    const response = { id: 'a', rawId: 'a', type: 'public-key' }
    const body = {
      token: 'A'.repeat(43),
      displayName: 'Marie Tremblay',
      challengeId: 'c',
      response,
    }
    expect((output(RegisterVerifyBodySchema, body) as { sessionName: string }).sessionName).toBe('')
    expect(
      (output(RegisterVerifyBodySchema, { ...body, sessionName: '' }) as { sessionName: string })
        .sessionName,
    ).toBe('')
    expect(
      (
        output(RegisterVerifyBodySchema, { ...body, sessionName: ' Marie ' }) as {
          sessionName: string
        }
      ).sessionName,
    ).toBe('Marie')
    expect(
      refusal(RegisterVerifyBodySchema, { ...body, sessionName: 'a'.repeat(41) }),
    ).not.toBeNull()
    expect(output(UpdateMeBodySchema, { sessionName: ' Lou ' })).toEqual({ sessionName: 'Lou' })
    expect(refusal(UpdateMeBodySchema, {})).not.toBeNull()
    expect(refusal(UpdateMeBodySchema, { sessionName: '' })).toBe(
      'A name to show in sessions is needed.',
    )
  })
})

describe('the console’s links and the organization’s texts', () => {
  it('a link is named by the SHA-256 of its token: 64 lowercase hex characters, nothing else', () => {
    const id = 'ab'.repeat(32)
    expect(refusal(InviteIdSchema, id)).toBeNull()
    for (const bad of [
      'ab'.repeat(31) + 'a',
      id + 'a',
      'x' + id,
      id + 'x',
      'AB'.repeat(32),
      'g'.repeat(64),
      '',
    ]) {
      expect(refusal(InviteIdSchema, bad), bad).not.toBeNull()
    }
  })

  it('“available again” is optional in each language, and empty when not said', () => {
    const settings = {
      agreementEn: 'a',
      agreementFr: 'a',
      noticeEn: 'n',
      noticeFr: 'n',
      quickExitUrl: 'https://example.org/',
      graceSeconds: 20,
      maxGroupSize: 10,
      helpContacts: [],
      retentionDays: 7,
    }
    expect(output(OrgSettingsSchema, settings)).toMatchObject({
      availableAgainEn: '',
      availableAgainFr: '',
    })
    expect(
      output(OrgSettingsSchema, {
        ...settings,
        availableAgainEn: 'Weekdays',
        availableAgainFr: 'En semaine',
      }),
    ).toMatchObject({ availableAgainEn: 'Weekdays', availableAgainFr: 'En semaine' })
  })
})

describe('the private reply to an alert, as frames', () => {
  const iv = btoa('123456789012')
  const ct = btoa('x'.repeat(18))
  it('from a facilitator: a seat and ciphertext like chat, nothing else', () => {
    const frame = { type: 'private_reply', seatId: 'seatAbCdEfGh1234', iv, ct }
    expect(output(ClientMessageSchema, frame)).toEqual(frame)
    expect(refusal(ClientMessageSchema, { ...frame, iv: 'short' })).not.toBeNull()
    expect(refusal(ClientMessageSchema, { ...frame, ct: 'QUFB' })).not.toBeNull()
    expect(refusal(ClientMessageSchema, { ...frame, seatId: '' })).not.toBeNull()
  })
  it('to the person: who wrote, the ciphertext and when', () => {
    const frame = { type: 'private_reply', from: 'Marie', iv, ct, at: 1 }
    expect(output(ServerMessageSchema, frame)).toEqual(frame)
    expect(refusal(ServerMessageSchema, { ...frame, at: 'now' })).not.toBeNull()
  })
})
