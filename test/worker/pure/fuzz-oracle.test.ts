// The fuzz test's own parts, checked: the generator never claims invalid a body its oracle finds
// valid (seed 378510285 once wrote a valid `isAdmin: true` back over the broken field), and the
// product's schemas refuse everything the oracle says must be refused — the fuzz test's claim, here
// over many more inputs in a fraction of the time, and with no Worker needed.
// Pure: runs in the Workers suite and in Node for mutation testing.
import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import {
  ClientMessageSchema,
  CreateInvitesBodySchema,
  CreateSessionBodySchema,
  LIMITS,
  LoginVerifyBodySchema,
  OrgSettingsSchema,
  RedeemBodySchema,
  RegisterOptionsBodySchema,
  RegisterVerifyBodySchema,
  StaffInviteBodySchema,
} from '../../../worker/protocol'
import { asSent, bodyAcceptable, brokenBody, frame, Gen, junkBody, type BodySpec } from '../fuzz/generate'
import { acceptedFrame } from '../fuzz/oracle'
import { specs } from '../fuzz/specs'

const fx = {
  unusedToken: 'A'.repeat(43),
  staffInviteToken: 'B'.repeat(43),
  challenges: ['challenge-1', 'challenge-2'],
}
const NOW = 1_800_000_000_000
const SPECS = specs(fx, NOW)
const SCHEMAS: Record<keyof typeof SPECS, v.GenericSchema> = {
  redeem: RedeemBodySchema,
  registerOptions: RegisterOptionsBodySchema,
  registerVerify: RegisterVerifyBodySchema,
  loginVerify: LoginVerifyBodySchema,
  staffInvite: StaffInviteBodySchema,
  createSession: CreateSessionBodySchema,
  createInvites: CreateInvitesBodySchema,
  orgSettings: OrgSettingsSchema,
}
const SEEDS = [378510285, 1, 2, 3, 20261130]

describe('the fuzz generator and its oracle', () => {
  it('seed 378510285: a broken staff-invite body is never valid (no `isAdmin: true` written back)', () => {
    const g = new Gen(378510285)
    for (let i = 0; i < 1000; i++) {
      const body = brokenBody(g, SPECS.staffInvite)
      expect(typeof asSent(body) === 'object' && (asSent(body) as { isAdmin?: unknown }).isAdmin).not.toBe(true)
      expect(v.safeParse(StaffInviteBodySchema, asSent(body)).success).toBe(false)
    }
  })

  it.each(Object.keys(SPECS) as (keyof typeof SPECS)[])(
    '%s: every valid template is acceptable, every broken body refused by oracle and schema',
    (name) => {
      const spec = SPECS[name] as BodySpec
      const schema = SCHEMAS[name]
      expect(bodyAcceptable(spec, spec.valid())).toBe(true)
      expect(v.safeParse(schema, asSent(spec.valid())).success).toBe(true)
      for (const seed of SEEDS) {
        const g = new Gen(seed)
        for (let i = 0; i < 60; i++) {
          const body = brokenBody(g, spec)
          expect(bodyAcceptable(spec, body), `seed ${seed} #${i}`).toBe(false)
          const parsed = v.safeParse(schema, asSent(body))
          expect(parsed.success, `seed ${seed} #${i}: ${JSON.stringify(body).slice(0, 300)}`).toBe(false)
          if (!parsed.success) expect(parsed.issues[0]!.message.length).toBeGreaterThan(5)
        }
      }
    },
  )

  it('junk bodies the oracle refuses, the schemas refuse', () => {
    const g = new Gen(7)
    for (let i = 0; i < 300; i++) {
      const junk = junkBody(g)
      let parsed: unknown
      try {
        parsed = JSON.parse(typeof junk === 'string' ? junk : new TextDecoder().decode(junk))
        // Deeply nested JSON goes past the call stack of JSON.stringify: nothing to grade.
        asSent(parsed)
      } catch {
        continue
      }
      for (const [name, spec] of Object.entries(SPECS)) {
        if (bodyAcceptable(spec as BodySpec, parsed)) continue
        expect(v.safeParse(SCHEMAS[name as keyof typeof SPECS], parsed).success, name).toBe(false)
      }
    }
  })

  it('room frames: every frame the oracle refuses, the protocol refuses too', () => {
    const ctx = {
      seatIds: ['AbCdEfGh12', 'fac-seat-0001', 'zZ_-09aaBB'],
      foreignSeatIds: ['Other-seat-01.' + 'A'.repeat(43), 'Other-seat-01'],
    }
    let refused = 0
    let accepted = 0
    for (const seed of SEEDS) {
      const g = new Gen(seed ^ 0x5eed)
      for (let i = 0; i < 400; i++) {
        const raw = frame(g, ctx)
        const oracle = acceptedFrame(raw)
        if (typeof raw !== 'string' || new TextEncoder().encode(raw).byteLength > LIMITS.frameBytes) {
          expect(oracle).toBeNull()
          refused++
          continue
        }
        let data: unknown
        try {
          data = JSON.parse(new TextDecoder().decode(new TextEncoder().encode(raw)))
        } catch {
          expect(oracle).toBeNull()
          refused++
          continue
        }
        const product = v.safeParse(ClientMessageSchema, data).success
        if (oracle === null) {
          expect(product, `seed ${seed} #${i}: the protocol accepts ${raw.slice(0, 300)}`).toBe(false)
          refused++
        } else {
          // The oracle is no looser than the protocol: what it accepts, the room can act on.
          expect(product, `seed ${seed} #${i}: the oracle accepts ${raw.slice(0, 300)}`).toBe(true)
          accepted++
        }
      }
    }
    // Both sides are exercised: many frames refused, and a fair number of valid ones.
    expect(accepted).toBeGreaterThan(200)
    expect(refused).toBeGreaterThan(800)
  })

  it('the oracle refuses pseudonyms with control, format or bidi characters', () => {
    const join = (pseudonym: string) => acceptedFrame(JSON.stringify({ type: 'join', pseudonym, agreed: true }))
    expect(join('Amy')).not.toBeNull()
    expect(join(' Zoé 🌈 ')).not.toBeNull()
    for (const bad of ['\u202eAmy', 'A\u200bmy', 'Amy\u0000', 'A\u2066my', 'A\u0085', '', '  ', 'a'.repeat(41)]) {
      expect(join(bad), JSON.stringify(bad)).toBeNull()
      expect(v.safeParse(ClientMessageSchema, { type: 'join', pseudonym: bad, agreed: true }).success).toBe(false)
    }
  })

  it('the same seed gives the same inputs', () => {
    const a = new Gen(378510285)
    const b = new Gen(378510285)
    for (let i = 0; i < 50; i++) expect(JSON.stringify(brokenBody(a, SPECS.createSession))).toBe(JSON.stringify(brokenBody(b, SPECS.createSession)))
  })
})
