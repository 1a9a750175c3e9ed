// Staff passkeys (WebAuthn): register from a one-time staff link, sign in, sign out. No passwords.
import { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { and, eq, gt, isNull } from 'drizzle-orm'
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server'
import type { AppEnv } from '../env'
import { db, type Db } from '../db/client'
import { authChallenges, passkeys, staff, staffInvites, staffSessions } from '../db/schema'
import { randomToken, sha256Hex } from '../lib/crypto'
import { fail } from '../lib/errors'
import { readJson } from '../lib/validate'
import { STAFF_COOKIE, STAFF_SESSION_SECONDS } from '../middleware/staff-auth'
import {
  LoginVerifyBodySchema,
  RegisterOptionsBodySchema,
  RegisterVerifyBodySchema,
} from '../protocol'

const CHALLENGE_MS = 5 * 60_000

const relyingParty = (url: string) => {
  const u = new URL(url)
  return { origin: u.origin, rpID: u.hostname }
}

async function takeChallenge(d: Db, id: string, purpose: 'register' | 'login') {
  const rows = await d
    .delete(authChallenges)
    .where(
      and(
        eq(authChallenges.id, id),
        eq(authChallenges.purpose, purpose),
        gt(authChallenges.expiresAt, Date.now()),
      ),
    )
    .returning()
  const row = rows[0]
  if (!row) fail(400, 'challenge_expired', 'This sign-in attempt has expired. Please try again.')
  return row.challenge
}

async function openStaffSession(d: Db, staffId: string) {
  const token = randomToken()
  await d.insert(staffSessions).values({
    tokenHash: await sha256Hex(token),
    staffId,
    csrfToken: randomToken(),
    expiresAt: Date.now() + STAFF_SESSION_SECONDS * 1000,
  })
  return token
}

const cookieOptions = {
  prefix: 'host',
  path: '/',
  httpOnly: true,
  secure: true,
  sameSite: 'Strict',
  maxAge: STAFF_SESSION_SECONDS,
} as const

async function findOpenStaffInvite(d: Db, token: string) {
  const rows = await d
    .select()
    .from(staffInvites)
    .where(
      and(
        eq(staffInvites.tokenHash, await sha256Hex(token)),
        isNull(staffInvites.usedAt),
        gt(staffInvites.expiresAt, Date.now()),
      ),
    )
  const invite = rows[0]
  if (!invite) {
    fail(410, 'staff_link_used', 'This staff link has already been used or has expired.')
  }
  return invite
}

export const passkeyRoutes = new Hono<AppEnv>()
  .post('/register/options', async (c) => {
    const body = await readJson(c, RegisterOptionsBodySchema)
    const d = db(c.env.DB)
    await findOpenStaffInvite(d, body.token)
    const { rpID } = relyingParty(c.req.url)
    const options = await generateRegistrationOptions({
      rpName: 'Havre',
      rpID,
      userName: body.displayName,
      userDisplayName: body.displayName,
      attestationType: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
    })
    const challengeId = randomToken(16)
    await d.insert(authChallenges).values({
      id: challengeId,
      challenge: options.challenge,
      purpose: 'register',
      expiresAt: Date.now() + CHALLENGE_MS,
    })
    return c.json({ challengeId, options })
  })
  .post('/register/verify', async (c) => {
    const body = await readJson(c, RegisterVerifyBodySchema)
    const d = db(c.env.DB)
    const invite = await findOpenStaffInvite(d, body.token)
    const expectedChallenge = await takeChallenge(d, body.challengeId, 'register')
    const { origin, rpID } = relyingParty(c.req.url)
    const result = await verifyRegistrationResponse({
      response: body.response as unknown as RegistrationResponseJSON,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
    }).catch(() => ({ verified: false as const }))
    if (!result.verified) fail(400, 'passkey_rejected', 'This passkey could not be verified.')
    const { credential } = result.registrationInfo
    // Spend the link first, atomically: a second tab racing with the same link gets nothing.
    const spent = await d
      .update(staffInvites)
      .set({ usedAt: Date.now() })
      .where(and(eq(staffInvites.tokenHash, invite.tokenHash), isNull(staffInvites.usedAt)))
      .returning()
    if (spent.length !== 1) fail(410, 'staff_link_used', 'This staff link has already been used.')
    const staffId = crypto.randomUUID()
    await d.batch([
      d.insert(staff).values({
        id: staffId,
        displayName: body.displayName,
        sessionName: body.sessionName,
        isAdmin: invite.isAdmin,
        createdAt: Date.now(),
      }),
      d.insert(passkeys).values({
        id: credential.id,
        staffId,
        publicKey: btoa(String.fromCharCode(...credential.publicKey)),
        counter: credential.counter,
        transports: JSON.stringify(credential.transports ?? []),
        createdAt: Date.now(),
      }),
    ])
    setCookie(c, STAFF_COOKIE, await openStaffSession(d, staffId), cookieOptions)
    return c.json({ ok: true })
  })
  .post('/login/options', async (c) => {
    const d = db(c.env.DB)
    const { rpID } = relyingParty(c.req.url)
    const options = await generateAuthenticationOptions({ rpID, userVerification: 'preferred' })
    const challengeId = randomToken(16)
    await d.insert(authChallenges).values({
      id: challengeId,
      challenge: options.challenge,
      purpose: 'login',
      expiresAt: Date.now() + CHALLENGE_MS,
    })
    return c.json({ challengeId, options })
  })
  .post('/login/verify', async (c) => {
    const body = await readJson(c, LoginVerifyBodySchema)
    const d = db(c.env.DB)
    const expectedChallenge = await takeChallenge(d, body.challengeId, 'login')
    const rows = await d.select().from(passkeys).where(eq(passkeys.id, body.response.id))
    const key = rows[0]
    if (!key) fail(401, 'unknown_passkey', 'This passkey is not registered with Havre.')
    const { origin, rpID } = relyingParty(c.req.url)
    const result = await verifyAuthenticationResponse({
      response: body.response as unknown as AuthenticationResponseJSON,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: {
        id: key.id,
        publicKey: Uint8Array.from(atob(key.publicKey), (ch) => ch.charCodeAt(0)),
        counter: key.counter,
        transports: JSON.parse(key.transports),
      },
    }).catch(() => ({ verified: false as const, authenticationInfo: undefined }))
    if (!result.verified) fail(401, 'passkey_rejected', 'This passkey could not be verified.')
    await d
      .update(passkeys)
      .set({ counter: result.authenticationInfo.newCounter })
      .where(eq(passkeys.id, key.id))
    setCookie(c, STAFF_COOKIE, await openStaffSession(d, key.staffId), cookieOptions)
    return c.json({ ok: true })
  })
  .post('/logout', async (c) => {
    const token = getCookie(c, STAFF_COOKIE, 'host')
    if (token) {
      await db(c.env.DB)
        .delete(staffSessions)
        .where(eq(staffSessions.tokenHash, await sha256Hex(token)))
    }
    deleteCookie(c, STAFF_COOKIE, { prefix: 'host', path: '/', secure: true })
    return c.json({ ok: true })
  })
