// Seeded generators for the fuzz tests: a mulberry32 PRNG, hostile strings and JSON, request bodies
// that break a schema on purpose, and room frames. The same seed gives the same inputs, so a failure
// printed with its seed can be replayed exactly.

/** mulberry32: a tiny, fast PRNG with a 32-bit state; deterministic for a given seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const NASTY = [
  '',
  ' ',
  '\u0000',
  '\u200b',
  '\u202e',
  '\ufeff',
  '\ud800',
  '\udfff',
  '😀',
  'é',
  '\r\n',
  '%00',
  '%ff',
  '../',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '${7*7}',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '{}',
  '[]',
]

export class Gen {
  private readonly rand: () => number

  constructor(readonly seed: number) {
    this.rand = mulberry32(seed)
  }

  float(): number {
    return this.rand()
  }

  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rand() * (hi - lo + 1))
  }

  chance(p: number): boolean {
    return this.rand() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)]!
  }

  /** Characters drawn from an alphabet. */
  from(alphabet: string, length: number): string {
    let out = ''
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.rand() * alphabet.length)]
    return out
  }

  /** Any UTF-16 code units, lone surrogates and control characters included. */
  units(length: number): string {
    let out = ''
    for (let i = 0; i < length; i++) {
      out += this.chance(0.7)
        ? String.fromCharCode(this.int(0, 0x7f))
        : String.fromCharCode(this.int(0x80, 0xffff))
    }
    return out
  }

  /** A hostile string: empty, nasty, random, multi-byte, or occasionally huge (up to ~100 KB). */
  string(): string {
    switch (this.int(0, 7)) {
      case 0:
        return this.pick(NASTY)
      case 1:
        return this.from(B64URL, this.int(0, 80))
      case 2:
        return this.units(this.int(1, 200))
      case 3:
        return this.pick(['😀', 'é', '\u0000', '\ud800', 'x']).repeat(this.int(1, 3000))
      case 4:
        return this.huge()
      default:
        return this.from('abcdefghijklmnopqrstuvwxyz ', this.int(1, 30))
    }
  }

  /** 1 KB to ~100 KB. */
  huge(): string {
    return this.pick(['A', 'é', '😀', '\u0000', ' ']).repeat(this.int(1024, 100 * 1024) >> 1)
  }

  /** A random JSON value of bounded depth. */
  json(depth = 3): unknown {
    const kind = depth <= 0 ? this.int(0, 5) : this.int(0, 8)
    switch (kind) {
      case 0:
        return null
      case 1:
        return this.chance(0.5)
      case 2:
        return this.pick([
          0,
          -1,
          1.5,
          2 ** 53 + 1,
          -0,
          1e308,
          Number.MIN_VALUE,
          this.int(-1e9, 1e9),
        ])
      case 3:
      case 4:
        return this.string()
      case 5:
        return this.pick(NASTY)
      case 6:
      case 7: {
        const out: Record<string, unknown> = {}
        for (let i = this.int(0, 5); i > 0; i--)
          out[this.chance(0.2) ? this.pick(NASTY) : this.from(B64URL, this.int(1, 12))] = this.json(
            depth - 1,
          )
        return out
      }
      default:
        return Array.from({ length: this.int(0, 5) }, () => this.json(depth - 1))
    }
  }

  /** JSON text nested `depth` levels deep (arrays or objects). */
  deep(depth: number): string {
    return this.chance(0.5)
      ? '['.repeat(depth) + ']'.repeat(depth)
      : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)
  }

  /** Bytes that are not valid UTF-8: lone continuation bytes, overlongs, surrogates, truncations. */
  invalidUtf8(): Uint8Array {
    const bad = [
      [0x80],
      [0xbf],
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
      [0xed, 0xa0, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
      [0xff],
      [0xfe],
      [0xf4, 0x90, 0x80, 0x80],
      [0xe2, 0x82],
    ]
    const prefix = new TextEncoder().encode(
      this.pick(['{"token":"', '{"type":"chat","ct":"', '{"', '', '["']),
    )
    const bytes: number[] = [...prefix]
    for (let i = this.int(1, 20); i > 0; i--) {
      bytes.push(...this.pick(bad))
      if (this.chance(0.5))
        bytes.push(...new TextEncoder().encode(this.from(B64URL, this.int(0, 5))))
    }
    if (this.chance(0.5)) bytes.push(...new TextEncoder().encode('"}'))
    return new Uint8Array(bytes)
  }

  /** A value that is not a valid one-time token: wrong length, alphabet or type. */
  badToken(): unknown {
    switch (this.int(0, 9)) {
      case 0:
        return this.from(B64URL, this.int(0, 42))
      case 1:
        return this.from(B64URL, this.int(44, 200))
      case 2:
        return this.from(B64URL, 42) + this.pick(['+', '/', '=', '.', ' ', '\u0000', 'é', '%'])
      case 3:
        return ' ' + this.from(B64URL, 43)
      case 4:
        return this.from(B64URL, 43) + '\n'
      case 5:
        return this.json(1) ?? 0
      case 6:
        return this.int(0, 1e9)
      case 7:
        return [this.from(B64URL, 43)]
      case 8:
        return { token: this.from(B64URL, 43) }
      default:
        return this.string().length === 43 ? '!'.repeat(43) : this.string()
    }
  }

  /** A well-formed token nobody issued. */
  forgedToken(): string {
    return this.from(B64URL, 43)
  }

  /** A header name: valid token characters only (Headers refuses others). */
  headerName(): string {
    return (
      this.pick(['x-', 'sec-', 'cf-', 'x-forwarded-', '']) +
      this.from('abcdefghijklmnopqrstuvwxyz0123456789-', this.int(1, 20))
    )
  }

  /** A header value: visible ASCII and spaces (Headers refuses control characters). */
  headerValue(): string {
    if (this.chance(0.1)) return 'A'.repeat(this.int(1000, 8000))
    let out = ''
    for (let i = this.int(0, 60); i > 0; i--) out += String.fromCharCode(this.int(0x20, 0x7e))
    return out.trim()
  }

  /** One path segment, percent-encoded where needed, sometimes malformed on purpose. */
  segment(): string {
    switch (this.int(0, 6)) {
      case 0:
        return this.from(B64URL, this.int(16, 64))
      case 1:
        return this.pick([
          '%',
          '%zz',
          '%ff%fe',
          '%c0%af',
          '%00',
          '%2e%2e',
          '..',
          '.',
          '%2F',
          '~',
          '@',
          ';',
          ':',
        ])
      case 2:
        return encodeURIComponent(this.units(this.int(1, 20)).replace(/[\ud800-\udfff]/g, 'x'))
      case 3:
        return 'a'.repeat(this.int(65, 5000))
      case 4:
        return this.from(B64URL, this.int(0, 15))
      default:
        return encodeURIComponent(
          this.string()
            .slice(0, 100)
            .replace(/[\ud800-\udfff]/g, 'x'),
        )
    }
  }

  /** A query string, possibly malformed. */
  query(): string {
    if (this.chance(0.4)) return ''
    const parts: string[] = []
    for (let i = this.int(1, 6); i > 0; i--) {
      parts.push(`${this.segment()}=${this.chance(0.8) ? this.segment() : ''}`)
    }
    if (this.chance(0.1)) parts.push('token=' + this.forgedToken())
    return '?' + parts.join(this.pick(['&', '&&', ';']))
  }
}

// ── Bodies that break a schema ─────────────────────────────────────────────────────────────

/**
 * One field of a request body: how to make it wrong, whether leaving it out is already wrong, and
 * the fuzz oracle's own rule for what it may hold (`ok`, given the value as the Worker parses it,
 * `undefined` when absent). The rules are written here from DESIGN.md and the documented limits,
 * not taken from the product's schemas, so a loosened schema shows as a failing fuzz case.
 */
export type Field = { required: boolean; wrong: (g: Gen) => unknown; ok: (value: unknown) => boolean }

const notString = (g: Gen): unknown =>
  g.pick([0, 1.5, true, false, null, [], {}, ['x'], { a: 'b' }, -1])
const notBool = (g: Gen): unknown => g.pick(['true', 'false', 1, 0, null, [], {}, 'yes', ''])
const notNumber = (g: Gen): unknown => g.pick(['5', '', null, true, [], {}, [5], '1e3', 'NaN'])

/** Absent is fine for an optional field; present, it must pass `rule`. */
const present = (required: boolean, rule: (value: unknown) => boolean) => (value: unknown) =>
  value === undefined ? !required : rule(value)

export const trimmedLength = (value: unknown, min: number, max: number) =>
  typeof value === 'string' && value.trim().length >= min && value.trim().length <= max
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const intIn = (value: unknown, min?: number, max?: number) =>
  typeof value === 'number' &&
  Number.isInteger(value) &&
  (min === undefined || value >= min) &&
  (max === undefined || value <= max)

export const field = {
  /** A string with a trimmed length in [min, max]. */
  string: (min: number, max: number, required = true): Field => ({
    required,
    ok: present(required, (v) => trimmedLength(v, min, max)),
    wrong: (g) =>
      g.chance(0.5)
        ? notString(g)
        : g.pick([
            ...(min > 0 ? ['', ' '.repeat(g.int(1, 20)), '\n\t '] : []),
            'x'.repeat(max + g.int(1, 100)),
            '😀'.repeat(max + 1),
          ]),
  }),
  /** A one-time token: 43 base64url characters (32 random bytes). */
  token: (required = true): Field => ({
    required,
    ok: present(required, (v) => typeof v === 'string' && /^[A-Za-z0-9_-]{43}$/.test(v)),
    wrong: (g) => {
      for (;;) {
        const t = g.badToken()
        if (typeof t !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(t)) return t
      }
    },
  }),
  bool: (required = true): Field => ({
    required,
    ok: present(required, (v) => typeof v === 'boolean'),
    wrong: notBool,
  }),
  /** An integer in [min, max] (either bound optional). */
  int: (min?: number, max?: number, required = true): Field => ({
    required,
    ok: present(required, (v) => intIn(v, min, max)),
    wrong: (g) => {
      const choices: unknown[] = [0.5, 1.000001, notNumber(g)]
      if (min !== undefined) choices.push(min - 1, min - g.int(2, 1e6))
      if (max !== undefined) choices.push(max + 1, max + g.int(2, 1e6))
      return g.pick(choices)
    },
  }),
  pick: (values: readonly string[], required = true): Field => ({
    required,
    ok: present(required, (v) => values.includes(v as string)),
    wrong: (g) => {
      for (;;) {
        const w = g.chance(0.3)
          ? notString(g)
          : g.pick([
              ...values.map((v) => v.toUpperCase() + ' '),
              g.string(),
              'admin',
              'facilitator',
              'host',
            ])
        if (!values.includes(w as string)) return w
      }
    },
  }),
  literal: (value: unknown, required = true): Field => ({
    required,
    ok: present(required, (v) => v === value),
    wrong: (g) => g.pick([String(value), 1, 0, null, [], {}, 'false', !value]),
  }),
  /** An https:// web address (the quick-exit destination). */
  url: (required = true): Field => ({
    required,
    ok: present(required, (v) => {
      if (typeof v !== 'string' || !v.startsWith('https://')) return false
      try {
        new URL(v)
        return true
      } catch {
        return false
      }
    }),
    wrong: (g) =>
      g.pick([
        'http://example.org',
        'javascript:alert(1)',
        'data:text/html,hi',
        'not a url',
        '//evil.example',
        'ftp://x',
        'https://',
        '',
        notString(g),
      ]),
  }),
  custom: (wrong: (g: Gen) => unknown, ok: (value: unknown) => boolean, required = true): Field => ({
    required,
    ok: present(required, ok),
    wrong,
  }),
}

/**
 * A request body: its fields, a valid template, and rules across fields (all must hold for the
 * body to be acceptable).
 */
export type BodySpec = {
  fields: Record<string, Field>
  valid: () => Record<string, unknown>
  rules?: ((body: Record<string, unknown>) => boolean)[]
}

/** The body as the Worker sees it: JSON text parsed again (undefined dropped, -0 is 0, NaN null). */
export const asSent = (body: unknown): unknown => JSON.parse(JSON.stringify(body) ?? 'null')

/**
 * The oracle: whether a body, as sent, is one the route may accept. Every field passes its own rule
 * and every rule across fields holds. Unknown extra keys do not matter.
 */
export function bodyAcceptable(spec: BodySpec, body: unknown): boolean {
  const sent = asSent(body)
  if (!isObject(sent)) return false
  const get = (key: string) => (Object.hasOwn(sent, key) ? sent[key] : undefined)
  for (const [key, f] of Object.entries(spec.fields)) if (!f.ok(get(key))) return false
  return (spec.rules ?? []).every((rule) => rule(sent))
}

/** Extra keys worth adding: prototype keys and names of privileges, never one of the spec's fields. */
const EXTRA_KEYS = ['__proto__', 'constructor', 'isAdmin', 'role', 'staffId', 'seatId', 'admin', 'kind']

/**
 * A body that must be refused: a valid template with at least one field made wrong (or a required
 * one left out), sometimes with extra unknown keys added on top — never over one of the spec's own
 * fields (seed 378510285 once wrote a valid `isAdmin: true` back that way). Checked against the
 * oracle: a body the oracle finds acceptable is never returned.
 */
export function brokenBody(g: Gen, spec: BodySpec): Record<string, unknown> {
  for (;;) {
    const body: Record<string, unknown> = { ...spec.valid() }
    const keys = Object.keys(spec.fields)
    const breaks = g.int(1, Math.min(3, keys.length))
    for (let i = 0; i < breaks; i++) {
      const key = g.pick(keys)
      const f = spec.fields[key]!
      if (f.required && g.chance(0.3)) delete body[key]
      else body[key] = f.wrong(g)
    }
    if (g.chance(0.3)) {
      const extras = [...EXTRA_KEYS, g.from(B64URL, 8)].filter((k) => !Object.hasOwn(spec.fields, k))
      for (let i = g.int(1, 5); i > 0; i--) {
        // An own property even for "__proto__", as JSON.parse makes it on the Worker's side.
        Object.defineProperty(body, g.pick(extras), {
          value: g.json(2),
          enumerable: true,
          writable: true,
          configurable: true,
        })
      }
    }
    if (!bodyAcceptable(spec, body)) return body
  }
}

/** A body that is not even an object of the right shape: scalars, arrays, junk. */
export function junkBody(g: Gen): string | Uint8Array {
  switch (g.int(0, 9)) {
    case 0:
      return g.invalidUtf8()
    case 1:
      return g.deep(g.pick([100, 1000, 5000]))
    case 2:
      return JSON.stringify(g.json(4))
    case 3:
      return g.pick([
        '',
        '{',
        '{"token":',
        'null',
        'true',
        '0',
        '[]',
        '"x"',
        '{"a":1,}',
        "{'a':1}",
        'NaN',
        '\ufeff{}',
      ])
    case 4:
      return JSON.stringify({ pad: g.huge(), token: g.forgedToken() })
    case 5:
      return '{' + '"a":1,'.repeat(g.int(100, 9000)) + '"b":2}'
    case 6:
      return JSON.stringify([g.json(2), g.json(2)])
    case 7:
      return g.units(g.int(1, 300))
    default:
      return JSON.stringify(g.string())
  }
}

// ── Room frames ────────────────────────────────────────────────────────────────────────────

export type FrameContext = {
  /** Seat ids that exist in the room (facilitator, participants, the one in the lobby). */
  seatIds: string[]
  /** Seat ids and full seats of another session. */
  foreignSeatIds: string[]
}

const CLIENT_TYPES = [
  'join',
  'admit',
  'turn_away',
  'hand',
  'lower_all_hands',
  'allow_camera',
  'alert',
  'set_chat',
  'delete_message',
  'chat',
  'remove',
  'media',
  'mute',
  'stop_publishing',
  'spotlight',
  'private_reply',
  'end',
  'leave',
] as const

const base64 = (g: Gen, bytes: number) => {
  let bin = ''
  for (let i = 0; i < bytes; i++) bin += String.fromCharCode(g.int(0, 255))
  return btoa(bin)
}

/** A seat id worth trying: a real one, another session's, or a forged one. */
function someSeatId(g: Gen, ctx: FrameContext): unknown {
  switch (g.int(0, 4)) {
    case 0:
      return g.pick(ctx.seatIds)
    case 1:
      return g.pick(ctx.foreignSeatIds)
    case 2:
      return g.from(B64URL, g.int(8, 64))
    case 3:
      return g.pick(ctx.seatIds) + '.' + g.forgedToken()
    default:
      return g.json(1)
  }
}

/** Any field a frame of some type could carry, with a value of any type. */
function randomFields(g: Gen, ctx: FrameContext): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const names = [
    'pseudonym',
    'agreed',
    'codeWord',
    'seatId',
    'raised',
    'allowed',
    'kind',
    'enabled',
    'messageId',
    'rule',
    'iv',
    'ct',
    'mode',
    'source',
    'role',
    'from',
    'id',
  ]
  for (let i = g.int(0, 5); i > 0; i--) {
    const name = g.pick(names)
    out[name] = name === 'seatId' ? someSeatId(g, ctx) : g.json(2)
  }
  return out
}

/** A frame shaped like a real one (moderation frames with real or forged seat ids, valid chat, ...). */
function shapedFrame(g: Gen, ctx: FrameContext): Record<string, unknown> {
  const type = g.pick(CLIENT_TYPES)
  switch (type) {
    case 'join':
      return {
        type,
        pseudonym: g.chance(0.5) ? g.string() : 'Eve',
        agreed: g.pick([true, false, 'true', 1]),
        // Sealed (valid, or with too long a ciphertext), or the typed word the room must never get.
        ...(g.chance(0.3)
          ? {
              codeWord: g.pick([
                { iv: base64(g, 12), ct: base64(g, g.int(16, 300)) },
                { iv: base64(g, 12), ct: base64(g, 301) },
                g.string(),
              ]),
            }
          : {}),
      }
    case 'admit':
    case 'turn_away':
    case 'remove':
    case 'stop_publishing':
      return { type, seatId: someSeatId(g, ctx) }
    case 'mute':
      return {
        type,
        seatId: someSeatId(g, ctx),
        source: g.pick(['microphone', 'camera', 'screen_share', 5]),
      }
    case 'spotlight':
      return { type, seatId: g.chance(0.2) ? null : someSeatId(g, ctx) }
    case 'allow_camera':
      return { type, seatId: someSeatId(g, ctx), allowed: g.pick([true, false, 'yes']) }
    case 'hand':
      return { type, raised: g.pick([true, false, 'true', 1, null]) }
    case 'alert':
      return { type, kind: g.pick(['step_away', 'not_safe', 'panic', '', 3]) }
    case 'set_chat':
      return { type, enabled: g.pick([true, false, 'off']) }
    case 'delete_message':
      return {
        type,
        messageId: g.chance(0.7) ? g.from(B64URL, g.int(8, 32)) : g.string(),
        rule: g.pick([null, 1, 50, 51, 0, 1.5, '2']),
      }
    case 'chat':
      return {
        type,
        iv: g.chance(0.8) ? base64(g, 12) : g.string(),
        ct: g.chance(0.8) ? base64(g, g.int(16, 200)) : g.string(),
      }
    case 'private_reply':
      return {
        type,
        seatId: someSeatId(g, ctx),
        iv: g.chance(0.8) ? base64(g, 12) : g.string(),
        ct: g.chance(0.8) ? base64(g, g.int(16, 200)) : g.string(),
      }
    case 'media':
      return { type, mode: g.pick(['video', 'audio', 'text', 'screen', null]) }
    default:
      return { type, ...randomFields(g, ctx) }
  }
}

/** One frame a hostile or buggy client might send: text (mostly JSON) or binary. */
export function frame(g: Gen, ctx: FrameContext): string | ArrayBuffer {
  switch (g.int(0, 11)) {
    case 0:
      return JSON.stringify(g.json(4))
    case 1:
      // Not JSON at all (never the bare "ping" the room answers without waking).
      return g.units(g.int(1, 200)).replace(/^ping$/, 'pong?')
    case 2:
      return JSON.stringify({ type: g.pick(CLIENT_TYPES), ...randomFields(g, ctx) })
    case 3:
      return JSON.stringify({
        type: g.chance(0.5) ? g.string().slice(0, 200) : g.json(1),
        ...randomFields(g, ctx),
      })
    case 4: {
      // Oversize: above 8 KB in bytes (multi-byte characters count by bytes, not characters).
      const pad = g.pick(['x', 'é', '😀'])
      const bytes = new TextEncoder().encode(pad).byteLength
      return JSON.stringify({
        type: 'chat',
        iv: base64(g, 12),
        ct: pad.repeat(Math.ceil((8 * 1024 + g.int(1, 20_000)) / bytes)),
      })
    }
    case 5: {
      // Binary: random bytes, or the bytes of a valid-looking frame.
      const bytes = g.chance(0.5)
        ? new TextEncoder().encode(JSON.stringify(shapedFrame(g, ctx)))
        : Uint8Array.from({ length: g.int(0, 2000) }, () => g.int(0, 255))
      return bytes.buffer.slice(
        bytes.byteOffset,
        bytes.byteOffset + bytes.byteLength,
      ) as ArrayBuffer
    }
    case 6:
      return g.deep(g.pick([100, 1000, 3000]))
    case 7:
      // Own "__proto__" and "constructor" keys, as JSON.parse makes them.
      return (
        '{"__proto__":{"type":"end"},"constructor":{"prototype":{"admitted":true}},' +
        JSON.stringify(shapedFrame(g, ctx)).slice(1)
      )
    default:
      return JSON.stringify(shapedFrame(g, ctx))
  }
}
