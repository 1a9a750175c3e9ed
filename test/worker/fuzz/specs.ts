// The request bodies the HTTP fuzz aims at each route, with the fuzz oracle's own rule for each
// field (see generate.ts): what a route may accept, written from DESIGN.md and the documented
// limits, never imported from the product's schemas.
import { field, isObject, trimmedLength, type BodySpec } from './generate'

/** The live values a valid body needs: a usable link, a staff invitation, login challenges. */
export type SpecFixtures = { unusedToken: string; staffInviteToken: string; challenges: string[] }

/** A WebAuthn response: an object with string `id` and `rawId` and `type: 'public-key'`. */
const loose = field.custom(
  (g) =>
    g.pick([
      null,
      'x',
      [],
      { id: 1, rawId: 'a', type: 'public-key' },
      { id: 'a', rawId: 'a', type: 'private-key' },
      { id: 'a', type: 'public-key' },
      g.json(2),
    ]),
  (v) =>
    isObject(v) &&
    typeof v.id === 'string' &&
    typeof v.rawId === 'string' &&
    v.type === 'public-key',
)
const challengeId = field.custom(
  (g) => g.pick([null, 1, [], {}, true]),
  (v) => typeof v === 'string',
)
const HOUR = 3600_000
/** A session: both times or a chat link's duration; a duration for chat links only; closing after
 * opening, within 24 hours (4 for a chat link). */
const sessionRules: BodySpec['rules'] = [
  (b) => b.durationMinutes !== undefined || (b.opensAt !== undefined && b.closesAt !== undefined),
  (b) => b.durationMinutes === undefined || b.kind === 'chat',
  (b) =>
    b.opensAt === undefined ||
    b.closesAt === undefined ||
    ((b.closesAt as number) > (b.opensAt as number) &&
      (b.closesAt as number) - (b.opensAt as number) <= (b.kind === 'chat' ? 4 : 24) * HOUR),
]
// What each route's body may hold, from DESIGN.md and the documented limits (not the product's
// schemas): titles up to 120 characters, texts up to 8,000, up to 50 links at once, links for
// every role but the facilitator's.
export const specs = (fx: SpecFixtures, now: number) => ({
  redeem: { fields: { token: field.token() }, valid: () => ({ token: fx.unusedToken }) },
  registerOptions: {
    fields: { token: field.token(), displayName: field.string(1, 80) },
    valid: () => ({ token: fx.staffInviteToken, displayName: 'Fuzz' }),
  },
  registerVerify: {
    fields: {
      token: field.token(),
      displayName: field.string(1, 80),
      challengeId,
      response: loose,
    },
    valid: () => ({
      token: fx.staffInviteToken,
      displayName: 'Fuzz',
      challengeId: 'x',
      response: { id: 'a', rawId: 'a', type: 'public-key' },
    }),
  },
  loginVerify: {
    fields: { challengeId, response: loose },
    valid: () => ({
      challengeId: fx.challenges[0],
      response: { id: 'a', rawId: 'a', type: 'public-key' },
    }),
  },
  staffInvite: { fields: { isAdmin: field.bool() }, valid: () => ({ isAdmin: true }) },
  createSession: {
    fields: {
      kind: field.pick(['group', 'youth', 'chat']),
      title: field.string(1, 120),
      agreement: field.string(0, 8000, false),
      notice: field.string(0, 8000, false),
      lobby: field.bool(false),
      opensAt: field.int(),
      closesAt: field.int(),
      durationMinutes: field.int(5, 240, false),
    },
    rules: sessionRules,
    valid: () => ({
      kind: 'group',
      title: 'Fuzz',
      lobby: true,
      opensAt: now - 60_000,
      closesAt: now + 3600_000,
    }),
  },
  createInvites: {
    fields: {
      role: field.pick(['participant', 'cofacilitator', 'interpreter', 'observer']),
      requiresCodeWord: field.bool(false),
      count: field.int(1, 50),
    },
    valid: () => ({ role: 'participant', count: 2 }),
  },
  orgSettings: {
    fields: {
      agreementEn: field.string(0, 8000),
      agreementFr: field.string(0, 8000),
      noticeEn: field.string(0, 8000),
      noticeFr: field.string(0, 8000),
      quickExitUrl: field.url(),
      graceSeconds: field.int(5, 300),
      maxGroupSize: field.int(2, 100),
      helpContacts: field.custom(
        (g) =>
          g.pick([
            {},
            'x',
            null,
            Array.from({ length: 9 }, () => ({ label: 'a', value: 'b' })),
            [{ label: '', value: 'b' }],
            [{ label: 'a' }],
            [{ label: 'a', value: 'b'.repeat(121) }],
            [null],
          ]),
        // At most 8 contacts, each a label of 1 to 80 characters and a value of 1 to 120.
        (v) =>
          Array.isArray(v) &&
          v.length <= 8 &&
          v.every(
            (c) => isObject(c) && trimmedLength(c.label, 1, 80) && trimmedLength(c.value, 1, 120),
          ),
      ),
      retentionDays: field.int(1, 365),
    },
    valid: () => ({
      agreementEn: 'a',
      agreementFr: 'a',
      noticeEn: 'n',
      noticeFr: 'n',
      quickExitUrl: 'https://example.org/',
      graceSeconds: 20,
      maxGroupSize: 10,
      helpContacts: [],
      retentionDays: 7,
    }),
  },
})
