// Invariant 9 at the schema level: the protocol module (worker/protocol) refuses every malformed
// frame and body with a sentence a person can read. Each frame and body type has a valid example;
// every field of it made the wrong type, or left out, is refused; limits are tested at their
// boundaries; pseudonyms refuse control, format and bidi characters (a pseudonym is shown to all).
// Pure: runs in the Workers suite and in Node for mutation testing.
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import {
  ALERT_KINDS,
  assertNever,
  ClientMessageSchema,
  CLOSE_CODES,
  CodeWordSchema,
  CreateInvitesBodySchema,
  CreateSessionBodySchema,
  END_REASONS,
  ERROR_CODES,
  INVITE_ROLES,
  isModerator,
  LIMITS,
  LoginVerifyBodySchema,
  MODES,
  OrgSettingsSchema,
  PSEUDONYM_RE,
  PseudonymSchema,
  RedeemBodySchema,
  RegisterOptionsBodySchema,
  RegisterVerifyBodySchema,
  ROLES,
  SEAT_PROTOCOL_PREFIX,
  SeatIdSchema,
  ServerMessageSchema,
  SESSION_KINDS,
  SessionIdSchema,
  StaffInviteBodySchema,
  TokenSchema,
  WS_PROTOCOL,
} from '../../../worker/protocol'

type Schema = v.GenericSchema

const accepts = (schema: Schema, input: unknown) => v.safeParse(schema, input).success
/** The first issue's message, or null when the input is accepted. */
const refusal = (schema: Schema, input: unknown): string | null => {
  const r = v.safeParse(schema, input)
  return r.success ? null : (r.issues[0]?.message ?? '')
}
const output = (schema: Schema, input: unknown) => {
  const r = v.safeParse(schema, input)
  if (!r.success) throw new Error(`refused: ${r.issues[0]?.message} for ${JSON.stringify(input)}`)
  return r.output
}

/** A value of another JSON type than `value`, so that a typed field cannot accept it. */
const wrongTypes = (value: unknown): unknown[] => {
  if (value === null) return [12345, {}, true]
  if (Array.isArray(value)) return ['x', 5, {}, null]
  switch (typeof value) {
    case 'string':
      return [12345, true, {}, [], null]
    case 'number':
      return ['1', true, {}, [], null]
    case 'boolean':
      return ['true', 1, {}, [], null]
    default:
      return ['x', 5, [], null]
  }
}

/**
 * Every field of a valid example made the wrong type, or left out unless `optional`: all refused.
 * Nested objects and array items are broken too.
 */
function expectEveryFieldChecked(
  schema: Schema,
  example: Record<string, unknown>,
  optional: string[] = [],
  nullable: string[] = [],
) {
  const wrongFor = (key: string, value: unknown) =>
    wrongTypes(value).filter((w) => !(w === null && nullable.includes(key)))
  expect(accepts(schema, example), `valid example ${JSON.stringify(example)}`).toBe(true)
  for (const [key, value] of Object.entries(example)) {
    for (const wrong of wrongFor(key, value)) {
      expect(accepts(schema, { ...example, [key]: wrong }), `${key}: ${JSON.stringify(wrong)}`).toBe(false)
    }
    if (!optional.includes(key)) {
      const { [key]: _gone, ...rest } = example
      expect(accepts(schema, rest), `without ${key}`).toBe(false)
    }
    if (Array.isArray(value) && value.length > 0 && typeof value[0] === 'object') {
      for (const [k, inner] of Object.entries(value[0] as object)) {
        for (const wrong of wrongFor(k, inner)) {
          const item = { ...(value[0] as object), [k]: wrong }
          expect(accepts(schema, { ...example, [key]: [item] }), `${key}[0].${k}: ${JSON.stringify(wrong)}`).toBe(false)
        }
      }
    }
  }
  for (const junk of [null, undefined, 'x', 5, [], [example]]) expect(accepts(schema, junk)).toBe(false)
}

const SEAT = 'AbCdEfGh12'
const IV = btoa('123456789012') // 12 bytes: 16 characters
const CT = btoa('x'.repeat(18)) // 24 characters

const CLIENT_EXAMPLES: Record<string, [Record<string, unknown>, string[]?, string[]?]> = {
  join: [{ type: 'join', pseudonym: 'Amy', agreed: true, codeWord: { iv: IV, ct: CT } }, ['codeWord']],
  admit: [{ type: 'admit', seatId: SEAT }],
  turn_away: [{ type: 'turn_away', seatId: SEAT }],
  hand: [{ type: 'hand', raised: true }],
  lower_all_hands: [{ type: 'lower_all_hands' }],
  allow_camera: [{ type: 'allow_camera', seatId: SEAT, allowed: false }],
  alert: [{ type: 'alert', kind: 'not_safe' }],
  set_chat: [{ type: 'set_chat', enabled: false }],
  delete_message: [{ type: 'delete_message', messageId: 'abcdEFGH_-12', rule: 3 }, [], ['rule']],
  chat: [{ type: 'chat', iv: IV, ct: CT }],
  remove: [{ type: 'remove', seatId: SEAT }],
  media: [{ type: 'media', mode: 'audio' }],
  mute: [{ type: 'mute', seatId: SEAT, source: 'camera' }],
  stop_publishing: [{ type: 'stop_publishing', seatId: SEAT }],
  spotlight: [{ type: 'spotlight', seatId: SEAT }, [], ['seatId']],
  end: [{ type: 'end' }],
  leave: [{ type: 'leave' }],
}

const member = {
  seatId: SEAT,
  pseudonym: 'Amy',
  role: 'participant',
  mode: 'text',
  online: true,
  identity: 'lk-x',
  hand: false,
  cameraAllowed: false,
}
const SERVER_EXAMPLES: Record<string, [Record<string, unknown>, string[]?, string[]?]> = {
  welcome: [
    {
      type: 'welcome',
      seatId: SEAT,
      role: 'observer',
      kind: 'youth',
      joined: true,
      facilitatorPresent: false,
      members: [member],
      media: true,
      spotlight: null,
      admitted: true,
      chatEnabled: true,
    },
    [],
    ['spotlight'],
  ],
  lobby: [
    {
      type: 'lobby',
      waiting: [
        { seatId: SEAT, pseudonym: 'Amy', role: 'participant', codeWordRequired: true, codeWord: { iv: IV, ct: CT } },
      ],
    },
    [],
    ['codeWord'],
  ],
  admitted: [{ type: 'admitted' }],
  turned_away: [{ type: 'turned_away' }],
  alert: [{ type: 'alert', seatId: SEAT, pseudonym: 'Amy', kind: 'step_away', at: 1 }],
  alert_sent: [{ type: 'alert_sent', delivered: false }],
  chat_state: [{ type: 'chat_state', enabled: true }],
  supervision: [{ type: 'supervision', ok: false, adults: 1, closesAt: 5 }, ['closesAt']],
  camera_permission: [{ type: 'camera_permission', allowed: true }],
  message_deleted: [{ type: 'message_deleted', id: 'm1' }],
  message_removed: [{ type: 'message_removed', id: 'm1', rule: 2 }, [], ['rule']],
  roster: [{ type: 'roster', members: [member], facilitatorPresent: true }],
  chat: [{ type: 'chat', id: 'm1', from: SEAT, iv: IV, ct: CT, at: 3 }],
  media: [
    {
      type: 'media',
      mode: 'video',
      url: 'wss://lk',
      token: 'jwt',
      identity: 'lk-x',
      sources: ['camera', 'microphone', 'screen_share'],
      subscribe: 'audio',
    },
    ['url', 'token'],
  ],
  spotlight: [{ type: 'spotlight', seatId: SEAT }, [], ['seatId']],
  moderated: [{ type: 'moderated', action: 'publishing_stopped' }],
  facilitator_away: [{ type: 'facilitator_away', closesAt: 9 }],
  ended: [{ type: 'ended', reason: 'unsupervised' }],
  removed: [{ type: 'removed' }],
  error: [{ type: 'error', code: 'forbidden', message: 'Only a facilitator can do this.' }],
}

describe('room frames from browsers (ClientMessageSchema)', () => {
  it.each(Object.entries(CLIENT_EXAMPLES))('%s: valid, and every field is checked', (_t, [example, optional, nullable]) => {
    expectEveryFieldChecked(ClientMessageSchema, example, optional, nullable)
    expect(accepts(ClientMessageSchema, { ...example, type: `${example.type as string}_` })).toBe(false)
  })

  it('unknown frame types and non-objects are refused', () => {
    for (const input of [{ type: 'admin' }, { type: '' }, {}, { type: null }, 'join', null, []]) {
      expect(accepts(ClientMessageSchema, input), JSON.stringify(input)).toBe(false)
    }
  })

  it('picklists accept exactly their values', () => {
    for (const kind of ['step_away', 'not_safe']) expect(accepts(ClientMessageSchema, { type: 'alert', kind })).toBe(true)
    for (const kind of ['panic', '', 'STEP_AWAY']) expect(accepts(ClientMessageSchema, { type: 'alert', kind })).toBe(false)
    for (const mode of MODES) expect(accepts(ClientMessageSchema, { type: 'media', mode })).toBe(true)
    expect(accepts(ClientMessageSchema, { type: 'media', mode: 'screen' })).toBe(false)
    for (const source of ['microphone', 'camera']) {
      expect(accepts(ClientMessageSchema, { type: 'mute', seatId: SEAT, source })).toBe(true)
    }
    expect(accepts(ClientMessageSchema, { type: 'mute', seatId: SEAT, source: 'screen_share' })).toBe(false)
    expect(accepts(ClientMessageSchema, { type: 'spotlight', seatId: null })).toBe(true)
  })

  it('joining needs agreement to be exactly true', () => {
    for (const agreed of [false, 'true', 1]) {
      expect(accepts(ClientMessageSchema, { type: 'join', pseudonym: 'Amy', agreed })).toBe(false)
    }
    expect(output(ClientMessageSchema, { type: 'join', pseudonym: 'Amy', agreed: true })).toEqual({
      type: 'join',
      pseudonym: 'Amy',
      agreed: true,
    })
  })

  it('seat ids are 8 to 64 characters of base64url, nothing around them', () => {
    for (const id of ['a'.repeat(8), 'A'.repeat(64), 'Az09_-Az', '-_-_-_-_']) expect(accepts(SeatIdSchema, id), id).toBe(true)
    for (const id of ['a'.repeat(7), 'a'.repeat(65), 'abcdefg+', 'abcdefg.', 'abcdefg ', ' abcdefgh', 'abcdefgh\n', 'abcdefgh.secret', '', 'abcdéfgh']) {
      expect(accepts(SeatIdSchema, id), JSON.stringify(id)).toBe(false)
    }
  })

  it('message ids are 8 to 32 base64url characters; rules are lines 1 to 50', () => {
    const del = (messageId: unknown, rule: unknown) => accepts(ClientMessageSchema, { type: 'delete_message', messageId, rule })
    expect(del('a'.repeat(8), null)).toBe(true)
    expect(del('a'.repeat(32), 1)).toBe(true)
    expect(del('a'.repeat(8), 50)).toBe(true)
    for (const id of ['a'.repeat(7), 'a'.repeat(33), 'abcdefg!', ' abcdefgh', 'abcdefgh ']) expect(del(id, null), id).toBe(false)
    for (const rule of [0, 51, 1.5, -1, '2']) expect(del('a'.repeat(8), rule), String(rule)).toBe(false)
  })

  it('chat frames carry base64 only: a 16-character IV and 24 to 6,000 characters of ciphertext', () => {
    const chat = (iv: unknown, ct: unknown) => accepts(ClientMessageSchema, { type: 'chat', iv, ct })
    expect(chat(IV, CT)).toBe(true)
    expect(chat(IV, 'A'.repeat(LIMITS.chatCiphertextChars))).toBe(true)
    expect(chat(IV, 'A'.repeat(LIMITS.chatCiphertextChars + 1))).toBe(false)
    expect(chat(IV, 'A'.repeat(23))).toBe(false)
    expect(chat(IV, 'A'.repeat(22) + '==')).toBe(true)
    expect(chat(IV, 'A'.repeat(21) + '===')).toBe(false)
    expect(chat(IV, 'A'.repeat(23) + '-')).toBe(false)
    expect(chat(IV, 'A'.repeat(23) + '_')).toBe(false)
    expect(chat(IV, '=' + 'A'.repeat(23))).toBe(false)
    expect(chat(IV, 'A'.repeat(24) + ' ')).toBe(false)
    expect(chat(IV, 'A/+9'.repeat(6))).toBe(true)
    expect(chat('A'.repeat(15), CT)).toBe(false)
    expect(chat('A'.repeat(17), CT)).toBe(false)
    expect(chat('A'.repeat(14) + '==', CT)).toBe(true)
    expect(chat('A'.repeat(15) + '!', CT)).toBe(false)
  })
})

describe('pseudonyms and code words (shown to others)', () => {
  it.each([
    ['a right-to-left override', '\u202eAmy'],
    ['a left-to-right mark', 'Amy\u200e'],
    ['a first-strong isolate', 'A\u2068my'],
    ['a pop directional isolate', 'Amy\u2069x'],
    ['a zero-width space', 'A\u200bmy'],
    ['a zero-width joiner', 'A\u200dmy'],
    ['a byte-order mark', 'A\ufeffmy'],
    ['a soft hyphen', 'A\u00admy'],
    ['a NUL', 'Amy\u0000x'],
    ['a bell', 'A\u0007my'],
    ['DEL', 'Amy\u007fx'],
    ['a C1 control', 'Amy\u0085x'],
    ['a newline inside', 'Amy\nEve'],
    ['a tab inside', 'Amy\tEve'],
  ])('a pseudonym with %s is refused, saying why', (_what, pseudonym) => {
    expect(refusal(PseudonymSchema, pseudonym)).toBe('That pseudonym has characters that cannot be shown.')
    expect(PSEUDONYM_RE.test(pseudonym)).toBe(false)
    expect(accepts(ClientMessageSchema, { type: 'join', pseudonym, agreed: true })).toBe(false)
  })

  it('ordinary names in any script, with accents and emoji, are accepted and trimmed', () => {
    for (const name of ['Amy', 'Zoé', 'Ōkami', 'محمد', '李', 'Anne-Marie O’Neil', 'Sky 🌈', 'x']) {
      expect(output(PseudonymSchema, name), name).toBe(name)
    }
    expect(output(PseudonymSchema, '  Amy  ')).toBe('Amy')
    expect(output(PseudonymSchema, '\tAmy\n')).toBe('Amy')
    expect(PSEUDONYM_RE.test('Amy')).toBe(true)
    expect(PSEUDONYM_RE.test('')).toBe(false)
  })

  it('a pseudonym is 1 to 40 characters after trimming', () => {
    expect(refusal(PseudonymSchema, '')).toBe('A pseudonym is needed.')
    expect(refusal(PseudonymSchema, '   ')).toBe('A pseudonym is needed.')
    expect(output(PseudonymSchema, 'a'.repeat(LIMITS.pseudonymChars))).toHaveLength(40)
    expect(output(PseudonymSchema, ` ${'a'.repeat(40)} `)).toHaveLength(40)
    expect(refusal(PseudonymSchema, 'a'.repeat(41))).toBe('That pseudonym is too long.')
    expect(LIMITS.pseudonymChars).toBe(40)
  })

  it('a code word travels sealed like chat: a 16-character IV and 24 to 400 characters of ciphertext', () => {
    // Sealed in the browser with the session key: the room never sees the typed word (issue 12).
    expect(output(CodeWordSchema, { iv: IV, ct: CT })).toEqual({ iv: IV, ct: CT })
    expect(accepts(CodeWordSchema, { iv: IV, ct: 'A'.repeat(400) })).toBe(true)
    expect(refusal(CodeWordSchema, { iv: IV, ct: 'A'.repeat(401) })).toBe('That code word is too long.')
    expect(accepts(CodeWordSchema, { iv: IV, ct: 'A'.repeat(23) })).toBe(false)
    expect(accepts(CodeWordSchema, { iv: IV, ct: 'A'.repeat(23) + '!' })).toBe(false)
    expect(accepts(CodeWordSchema, { iv: 'A'.repeat(15), ct: CT })).toBe(false)
    expect(accepts(CodeWordSchema, { iv: 'A'.repeat(17), ct: CT })).toBe(false)
    // The plain word is refused: a frame that would carry it readable to the server.
    for (const word of ['phare', '', ' ', 'a'.repeat(60)]) {
      expect(accepts(CodeWordSchema, word), word).toBe(false)
      expect(accepts(ClientMessageSchema, { type: 'join', pseudonym: 'Amy', agreed: true, codeWord: word })).toBe(false)
    }
    // In the lobby the facilitator's browser gets the sealed word, or null, never text.
    const lobby = (codeWord: unknown) =>
      accepts(ServerMessageSchema, {
        type: 'lobby',
        waiting: [{ seatId: SEAT, pseudonym: 'Amy', role: 'participant', codeWordRequired: true, codeWord }],
      })
    expect(lobby({ iv: IV, ct: CT })).toBe(true)
    expect(lobby(null)).toBe(true)
    expect(lobby('phare')).toBe(false)
    expect(lobby({ iv: IV })).toBe(false)
    expect(lobby({ iv: IV, ct: 'A'.repeat(LIMITS.chatCiphertextChars + 1) })).toBe(false)
  })
})

describe('room frames to browsers (ServerMessageSchema)', () => {
  it.each(Object.entries(SERVER_EXAMPLES))('%s: valid, and every field is checked', (_t, [example, optional, nullable]) => {
    expectEveryFieldChecked(ServerMessageSchema, example, optional, nullable)
    expect(accepts(ServerMessageSchema, { ...example, type: `${example.type as string}_` })).toBe(false)
  })

  it('picklists in server frames accept exactly their values', () => {
    for (const reason of END_REASONS) expect(accepts(ServerMessageSchema, { type: 'ended', reason })).toBe(true)
    expect(accepts(ServerMessageSchema, { type: 'ended', reason: 'kicked' })).toBe(false)
    for (const code of ERROR_CODES) expect(accepts(ServerMessageSchema, { type: 'error', code, message: 'm' })).toBe(true)
    expect(accepts(ServerMessageSchema, { type: 'error', code: 'oops', message: 'm' })).toBe(false)
    for (const action of ['muted_microphone', 'muted_camera', 'publishing_stopped']) {
      expect(accepts(ServerMessageSchema, { type: 'moderated', action })).toBe(true)
    }
    expect(accepts(ServerMessageSchema, { type: 'moderated', action: 'removed' })).toBe(false)
    for (const kind of ALERT_KINDS) {
      expect(accepts(ServerMessageSchema, { type: 'alert', seatId: 's', pseudonym: 'p', kind, at: 1 })).toBe(true)
    }
    const media = SERVER_EXAMPLES.media![0]
    for (const subscribe of ['all', 'audio']) expect(accepts(ServerMessageSchema, { ...media, subscribe })).toBe(true)
    expect(accepts(ServerMessageSchema, { ...media, subscribe: 'video' })).toBe(false)
    expect(accepts(ServerMessageSchema, { ...media, sources: ['data'] })).toBe(false)
    const welcome = SERVER_EXAMPLES.welcome![0]
    for (const role of ROLES) expect(accepts(ServerMessageSchema, { ...welcome, role })).toBe(true)
    for (const kind of SESSION_KINDS) expect(accepts(ServerMessageSchema, { ...welcome, kind })).toBe(true)
    expect(accepts(ServerMessageSchema, { ...welcome, spotlight: SEAT })).toBe(true)
    expect(accepts(ServerMessageSchema, { type: 'message_removed', id: 'm', rule: null })).toBe(true)
    expect(accepts(ServerMessageSchema, { type: 'spotlight', seatId: null })).toBe(true)
  })

  it('the protocol vocabulary is what both ends expect', () => {
    expect(ERROR_CODES).toHaveLength(15)
    expect(new Set(ERROR_CODES).size).toBe(15)
    expect([...END_REASONS]).toEqual(['ended', 'facilitator_left', 'expired', 'unsupervised'])
    expect([...ALERT_KINDS]).toEqual(['step_away', 'not_safe'])
    expect(CLOSE_CODES).toEqual({ ended: 4000, removed: 4001, left: 4002, unauthorized: 4003, replaced: 4004, turnedAway: 4005 })
    expect(WS_PROTOCOL).toBe('havre.v1')
    expect(SEAT_PROTOCOL_PREFIX).toBe('seat.')
    expect([...ROLES]).toEqual(['facilitator', 'cofacilitator', 'participant', 'interpreter', 'observer'])
    expect([...INVITE_ROLES]).toEqual(['participant', 'cofacilitator', 'interpreter', 'observer'])
    expect([...MODES]).toEqual(['video', 'audio', 'text'])
    expect([...SESSION_KINDS]).toEqual(['group', 'youth', 'chat'])
  })

  it('only facilitators and co-facilitators are moderators', () => {
    expect(ROLES.filter(isModerator)).toEqual(['facilitator', 'cofacilitator'])
  })

  it('an unhandled frame is an error naming it', () => {
    expect(() => assertNever({ type: 'x' } as never)).toThrow('Unhandled message: {"type":"x"}')
  })
})

describe('HTTP bodies', () => {
  const TOKEN = 'A'.repeat(43)

  it('tokens are exactly 43 base64url characters; session ids 16 to 64', () => {
    expect(accepts(TokenSchema, TOKEN)).toBe(true)
    expect(accepts(TokenSchema, '-_'.repeat(21) + 'z')).toBe(true)
    for (const t of ['A'.repeat(42), 'A'.repeat(44), 'A'.repeat(42) + '+', ' ' + 'A'.repeat(43), 'A'.repeat(43) + '\n', 'A'.repeat(42) + '=']) {
      expect(accepts(TokenSchema, t), JSON.stringify(t)).toBe(false)
    }
    expect(accepts(SessionIdSchema, 'a'.repeat(16))).toBe(true)
    expect(accepts(SessionIdSchema, 'a'.repeat(64))).toBe(true)
    for (const id of ['a'.repeat(15), 'a'.repeat(65), 'a'.repeat(15) + '.', '/' + 'a'.repeat(16), 'a'.repeat(16) + '/']) {
      expect(accepts(SessionIdSchema, id), id).toBe(false)
    }
    expectEveryFieldChecked(RedeemBodySchema, { token: TOKEN })
  })

  const now = 1_800_000_000_000
  const session = { kind: 'group', title: 'Tuesday', opensAt: now, closesAt: now + 3600_000 }

  it('a session body: defaults, and every field checked', () => {
    expectEveryFieldChecked(
      CreateSessionBodySchema,
      { ...session, agreement: 'a', notice: 'n', lobby: false },
      ['agreement', 'notice', 'lobby'],
    )
    expect(output(CreateSessionBodySchema, { ...session, title: '  Tuesday ' })).toEqual({
      ...session,
      agreement: '',
      notice: '',
      lobby: true,
    })
    for (const kind of SESSION_KINDS) expect(accepts(CreateSessionBodySchema, { ...session, kind })).toBe(true)
    expect(accepts(CreateSessionBodySchema, { ...session, kind: 'party' })).toBe(false)
  })

  it('a session title is 1 to 120 characters after trimming; texts at most 8,000', () => {
    expect(accepts(CreateSessionBodySchema, { ...session, title: '   ' })).toBe(false)
    expect(accepts(CreateSessionBodySchema, { ...session, title: 'a'.repeat(120) })).toBe(true)
    expect(accepts(CreateSessionBodySchema, { ...session, title: 'a'.repeat(121) })).toBe(false)
    for (const key of ['agreement', 'notice']) {
      expect(accepts(CreateSessionBodySchema, { ...session, [key]: 'a'.repeat(8000) })).toBe(true)
      expect(accepts(CreateSessionBodySchema, { ...session, [key]: 'a'.repeat(8001) })).toBe(false)
    }
    expect(accepts(CreateSessionBodySchema, { ...session, opensAt: now + 0.5 })).toBe(false)
  })

  it('a session needs both times, or a chat link a duration of 5 to 240 minutes', () => {
    const times = 'An opening and a closing time are needed.'
    expect(refusal(CreateSessionBodySchema, { kind: 'group', title: 't' })).toBe(times)
    expect(refusal(CreateSessionBodySchema, { kind: 'group', title: 't', opensAt: now })).toBe(times)
    expect(refusal(CreateSessionBodySchema, { kind: 'group', title: 't', closesAt: now })).toBe(times)
    const chat = { kind: 'chat', title: 't' }
    expect(accepts(CreateSessionBodySchema, { ...chat, durationMinutes: 5 })).toBe(true)
    expect(accepts(CreateSessionBodySchema, { ...chat, durationMinutes: 240 })).toBe(true)
    expect(refusal(CreateSessionBodySchema, { ...chat, durationMinutes: 4 })).toBe('A chat link lasts at least 5 minutes.')
    expect(refusal(CreateSessionBodySchema, { ...chat, durationMinutes: 241 })).toBe('A chat link lasts at most 4 hours.')
    expect(accepts(CreateSessionBodySchema, { ...chat, durationMinutes: 30.5 })).toBe(false)
    for (const kind of ['group', 'youth']) {
      expect(refusal(CreateSessionBodySchema, { kind, title: 't', durationMinutes: 30 })).toBe('Only chat links have a duration.')
      expect(refusal(CreateSessionBodySchema, { ...session, kind, durationMinutes: 30 })).toBe('Only chat links have a duration.')
    }
  })

  it('a session closes after it opens, within 24 hours (a chat link within 4)', () => {
    const after = 'The closing time must be after the opening time.'
    const long = 'A session can last at most 24 hours, and a chat link at most 4 hours.'
    expect(refusal(CreateSessionBodySchema, { ...session, closesAt: now })).toBe(after)
    expect(refusal(CreateSessionBodySchema, { ...session, closesAt: now - 1 })).toBe(after)
    expect(accepts(CreateSessionBodySchema, { ...session, closesAt: now + 1 })).toBe(true)
    expect(accepts(CreateSessionBodySchema, { ...session, closesAt: now + 24 * 3600_000 })).toBe(true)
    expect(refusal(CreateSessionBodySchema, { ...session, closesAt: now + 24 * 3600_000 + 1 })).toBe(long)
    const chat = { ...session, kind: 'chat' }
    expect(accepts(CreateSessionBodySchema, { ...chat, closesAt: now + 4 * 3600_000 })).toBe(true)
    expect(refusal(CreateSessionBodySchema, { ...chat, closesAt: now + 4 * 3600_000 + 1 })).toBe(long)
    expect(accepts(CreateSessionBodySchema, { ...chat, durationMinutes: 60 })).toBe(true)
    // A chat link's duration decides; one time given alongside it is not compared with nothing.
    for (const one of [{ opensAt: now }, { closesAt: now }]) {
      expect(accepts(CreateSessionBodySchema, { kind: 'chat', title: 't', durationMinutes: 30, ...one })).toBe(true)
    }
  })

  it('links: a role a link may grant, 1 to 50 at once', () => {
    expectEveryFieldChecked(CreateInvitesBodySchema, { role: 'observer', requiresCodeWord: true, count: 3 }, ['requiresCodeWord'])
    for (const role of INVITE_ROLES) expect(accepts(CreateInvitesBodySchema, { role, count: 1 })).toBe(true)
    for (const role of ['facilitator', 'admin', 'Participant']) {
      expect(accepts(CreateInvitesBodySchema, { role, count: 1 }), role).toBe(false)
    }
    expect(output(CreateInvitesBodySchema, { role: 'participant', count: 50 })).toEqual({
      role: 'participant',
      count: 50,
      requiresCodeWord: false,
    })
    for (const count of [0, 51, 1.5, -1]) expect(accepts(CreateInvitesBodySchema, { role: 'participant', count })).toBe(false)
  })

  it('staff sign-up and sign-in bodies', () => {
    expectEveryFieldChecked(RegisterOptionsBodySchema, { token: TOKEN, displayName: 'Marie' })
    expect(output(RegisterOptionsBodySchema, { token: TOKEN, displayName: ' Marie ' })).toEqual({ token: TOKEN, displayName: 'Marie' })
    expect(accepts(RegisterOptionsBodySchema, { token: TOKEN, displayName: ' ' })).toBe(false)
    expect(accepts(RegisterOptionsBodySchema, { token: TOKEN, displayName: 'a'.repeat(80) })).toBe(true)
    expect(accepts(RegisterOptionsBodySchema, { token: TOKEN, displayName: 'a'.repeat(81) })).toBe(false)
    const response = { id: 'a', rawId: 'a', type: 'public-key', response: { clientDataJSON: 'x' } }
    expectEveryFieldChecked(RegisterVerifyBodySchema, { token: TOKEN, displayName: 'Marie', challengeId: 'c', response })
    expectEveryFieldChecked(LoginVerifyBodySchema, { challengeId: 'c', response })
    // The WebAuthn response keeps its own fields for the verifier.
    expect(output(LoginVerifyBodySchema, { challengeId: 'c', response })).toEqual({ challengeId: 'c', response })
    for (const bad of [{ ...response, type: 'private-key' }, { ...response, id: 1 }, { ...response, rawId: null }]) {
      expect(accepts(LoginVerifyBodySchema, { challengeId: 'c', response: bad })).toBe(false)
    }
    expectEveryFieldChecked(StaffInviteBodySchema, { isAdmin: false })
  })

  const settings = {
    agreementEn: 'a',
    agreementFr: 'a',
    noticeEn: 'n',
    noticeFr: 'n',
    quickExitUrl: 'https://example.org/',
    graceSeconds: 20,
    maxGroupSize: 10,
    helpContacts: [{ label: 'Line', value: '1-800' }],
    retentionDays: 7,
  }

  it('organization settings: every field checked, limits at their boundaries', () => {
    expectEveryFieldChecked(OrgSettingsSchema, settings)
    const with_ = (patch: Record<string, unknown>) => accepts(OrgSettingsSchema, { ...settings, ...patch })
    for (const [key, lo, hi] of [
      ['graceSeconds', 5, 300],
      ['maxGroupSize', 2, 100],
      ['retentionDays', 1, 365],
    ] as const) {
      expect(with_({ [key]: lo }), `${key} ${lo}`).toBe(true)
      expect(with_({ [key]: hi }), `${key} ${hi}`).toBe(true)
      expect(with_({ [key]: lo - 1 }), `${key} ${lo - 1}`).toBe(false)
      expect(with_({ [key]: hi + 1 }), `${key} ${hi + 1}`).toBe(false)
      expect(with_({ [key]: lo + 0.5 }), `${key} fraction`).toBe(false)
    }
    for (const key of ['agreementEn', 'agreementFr', 'noticeEn', 'noticeFr']) {
      expect(with_({ [key]: '' })).toBe(true)
      expect(with_({ [key]: 'a'.repeat(8000) })).toBe(true)
      expect(with_({ [key]: 'a'.repeat(8001) })).toBe(false)
    }
    const contact = { label: 'l', value: 'v' }
    expect(with_({ helpContacts: Array(8).fill(contact) })).toBe(true)
    expect(with_({ helpContacts: Array(9).fill(contact) })).toBe(false)
    expect(with_({ helpContacts: [{ label: 'a'.repeat(80), value: 'b'.repeat(120) }] })).toBe(true)
    for (const c of [
      { label: ' ', value: 'v' },
      { label: 'l', value: ' ' },
      { label: 'a'.repeat(81), value: 'v' },
      { label: 'l', value: 'b'.repeat(121) },
    ]) {
      expect(with_({ helpContacts: [c] }), JSON.stringify(c)).toBe(false)
    }
    expect((output(OrgSettingsSchema, { ...settings, helpContacts: [{ label: ' l ', value: ' v ' }] }) as typeof settings).helpContacts).toEqual([
      { label: 'l', value: 'v' },
    ])
  })

  it('the quick-exit destination is an https:// web address, said plainly otherwise', () => {
    const exit = (quickExitUrl: string) => refusal(OrgSettingsSchema, { ...settings, quickExitUrl })
    expect(exit('https://www.google.com/search?q=weather')).toBeNull()
    expect(exit('not a url')).toBe('The quick-exit destination must be a web address.')
    expect(exit('http://example.org/')).toBe('The quick-exit destination must start with https://.')
    expect(exit('javascript:alert(1)')).toBe('The quick-exit destination must start with https://.')
    expect(exit('ftp://example.org/https://')).toBe('The quick-exit destination must start with https://.')
  })
})

describe('shared limits', () => {
  it('are the documented sizes', () => {
    expect(LIMITS).toEqual({
      frameBytes: 8192,
      chatCiphertextChars: 6000,
      chatTextChars: 2000,
      pseudonymChars: 40,
      titleChars: 120,
      agreementChars: 8000,
      chatBurst: 8,
      chatPerSecond: 1,
      httpBodyBytes: 65536,
      linksPerRequest: 50,
    })
  })
})
