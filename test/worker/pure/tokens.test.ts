// Invariants 4 and 5 on every token the Worker can mint: for every kind, role, mode and setting
// (observers, stopped publishers and paused youth included) the signed JWT carries exactly the
// policy's sources and none of the forbidden grants — no recording, no admin, no hidden seat, no
// data channel, no metadata of its own. Read from the raw JWT payload as LiveKit would, and verified.
// Pure: runs in the Workers suite and in Node for mutation testing.
import { TokenVerifier } from 'livekit-server-sdk'
import { describe, expect, it } from 'vitest'
import { mediaGrantFor, MEDIA_TOKEN_TTL_SECONDS, type GrantSettings } from '../../../worker/livekit/grant-policy'
import { mintMediaToken } from '../../../worker/livekit/token'
import { MODES, ROLES, SESSION_KINDS } from '../../../worker/protocol'

const config = {
  url: 'wss://lk.example.org',
  apiKey: 'tokens-test-key',
  apiSecret: 'tokens-test-secret-long-enough-for-hs256',
}

/** Every grant a Havre token must never carry as true. */
const FORBIDDEN = [
  'roomRecord',
  'roomAdmin',
  'roomCreate',
  'roomList',
  'ingressAdmin',
  'recorder',
  'hidden',
  'agent',
  'canPublishData',
  'canUpdateOwnMetadata',
  'canManageAgentSession',
  'destinationRoom',
] as const

const SETTINGS: [string, GrantSettings][] = [
  ['plain', { cameraAllowed: false, publishingStopped: false }],
  ['camera allowed', { cameraAllowed: true, publishingStopped: false }],
  ['publishing stopped', { cameraAllowed: true, publishingStopped: true }],
  ['unsupervised (paused youth)', { cameraAllowed: true, publishingStopped: false, unsupervised: true }],
  ['stopped and unsupervised', { cameraAllowed: false, publishingStopped: true, unsupervised: true }],
]

const payloadOf = (jwt: string) => {
  const part = jwt.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')
  return JSON.parse(atob(part)) as Record<string, unknown> & { video?: Record<string, unknown> }
}

const combos = SESSION_KINDS.flatMap((kind) =>
  ROLES.flatMap((role) => MODES.flatMap((mode) => SETTINGS.map(([label, s]) => ({ kind, role, mode, label, s })))),
)

describe('every minted token (invariants 4 and 5)', () => {
  it('no token, for any kind, role, mode or setting, carries a forbidden grant', async () => {
    const verifier = new TokenVerifier(config.apiKey, config.apiSecret)
    let minted = 0
    let publishNothing = 0
    for (const c of combos) {
      const grant = mediaGrantFor(c.kind, c.role, c.mode, c.s)
      if (!grant) continue
      const what = `${c.kind} ${c.role} ${c.mode} ${c.label}`
      const seat = { identity: 'lk-AbCdEfGhIjKl', pseudonym: 'Amy', role: c.role, mode: c.mode }
      const jwt = await mintMediaToken(config, seat, 'room-1', grant)
      minted++
      const raw = payloadOf(jwt)
      const video = raw.video!
      for (const key of FORBIDDEN) expect(video[key] === true, `${what}: ${key}`).toBe(false)
      expect(video.roomRecord, `${what}: roomRecord`).toBe(false)
      expect(video.hidden, `${what}: hidden`).toBe(false)
      expect(video.canUpdateOwnMetadata, `${what}: canUpdateOwnMetadata`).toBe(false)
      expect(video.canPublishData, `${what}: canPublishData`).toBe(false)
      expect(video.roomJoin, what).toBe(true)
      expect(video.room, what).toBe('room-1')
      expect(video.canSubscribe, what).toBe(true)
      expect(video.canPublish, what).toBe(grant.sources.length > 0)
      expect(video.canPublishSources, what).toEqual(grant.sources)
      if (grant.sources.length === 0) publishNothing++
      // Nothing but the video grant and the seat's own claims.
      expect(Object.keys(raw).sort(), what).toEqual(['attributes', 'exp', 'iss', 'name', 'nbf', 'sub', 'video'])
      expect(raw.attributes, what).toEqual({ role: c.role, mode: c.mode })
      expect(raw.sub, what).toBe('lk-AbCdEfGhIjKl')
      expect(raw.name, what).toBe('Amy')
      expect(raw.iss, what).toBe(config.apiKey)
      expect((raw.exp as number) - (raw.nbf as number), what).toBe(MEDIA_TOKEN_TTL_SECONDS)
      const claims = await verifier.verify(jwt)
      expect(claims.video?.canPublishSources, what).toEqual(grant.sources)
    }
    // Observers, stopped publishers and paused youth: tokens that publish nothing were all checked.
    expect(publishNothing).toBeGreaterThanOrEqual(10)
    expect(minted).toBeGreaterThan(50)
  })

  it.each([
    ['an observer in video', 'group', 'observer', 'video', SETTINGS[0]![1]],
    ['an observer in audio', 'youth', 'observer', 'audio', SETTINGS[0]![1]],
    ['a stopped participant', 'group', 'participant', 'video', SETTINGS[2]![1]],
    ['a stopped interpreter', 'group', 'interpreter', 'audio', SETTINGS[2]![1]],
    ['a paused youth', 'youth', 'participant', 'video', SETTINGS[3]![1]],
  ] as const)('a token that publishes nothing (%s) records nothing and hides no one', async (_w, kind, role, mode, s) => {
    const grant = mediaGrantFor(kind, role, mode, s)!
    expect(grant.sources).toEqual([])
    const video = payloadOf(
      await mintMediaToken(config, { identity: 'lk-x', pseudonym: 'P', role, mode }, 'r', grant),
    ).video!
    expect(video).toMatchObject({
      canPublish: false,
      canPublishSources: [],
      canSubscribe: true,
      roomRecord: false,
      hidden: false,
      roomAdmin: false,
      recorder: false,
      canUpdateOwnMetadata: false,
    })
  })

  it('source names reach LiveKit as its own source names', async () => {
    const grant = mediaGrantFor('group', 'facilitator', 'video', SETTINGS[0]![1])!
    const video = payloadOf(
      await mintMediaToken(config, { identity: 'lk-x', pseudonym: 'F', role: 'facilitator', mode: 'video' }, 'r', grant),
    ).video!
    expect(video.canPublishSources).toEqual(['camera', 'microphone', 'screen_share'])
  })
})
