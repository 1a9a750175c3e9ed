// Invariants 4 and 5 — the LiveKit grant policy over every (kind, role, mode, settings), checked
// against DESIGN.md's table written out by hand, and a real minted token verified with TokenVerifier.
import { TokenVerifier } from 'livekit-server-sdk'
import { describe, expect, it } from 'vitest'
import {
  MEDIA_TOKEN_TTL_SECONDS,
  mediaGrantFor,
  videoGrant,
  type MediaGrant,
  type MediaSource,
} from '../../worker/livekit/grant-policy'
import { mintMediaToken } from '../../worker/livekit/token'
import { MODES, ROLES, SESSION_KINDS, type Mode, type Role } from '../../worker/protocol'

/** What a seat may do in LiveKit; null is "no token at all". canSubscribe is always true. */
type Expected = { sources: MediaSource[]; subscribe: 'all' | 'audio' } | null
type Table = Record<Role, Record<Mode, Expected>>

const CAM_MIC_SCREEN: MediaSource[] = ['camera', 'microphone', 'screen_share']
const CAM_MIC: MediaSource[] = ['camera', 'microphone']
const MIC: MediaSource[] = ['microphone']
const NONE: MediaSource[] = []

// DESIGN.md, "LiveKit grant policy", for a group session.
const GROUP: Table = {
  facilitator: {
    video: { sources: CAM_MIC_SCREEN, subscribe: 'all' },
    audio: { sources: MIC, subscribe: 'audio' },
    text: null,
  },
  cofacilitator: {
    video: { sources: CAM_MIC_SCREEN, subscribe: 'all' },
    audio: { sources: MIC, subscribe: 'audio' },
    text: null,
  },
  participant: {
    video: { sources: CAM_MIC, subscribe: 'all' },
    audio: { sources: MIC, subscribe: 'audio' },
    text: null,
  },
  interpreter: {
    video: { sources: CAM_MIC, subscribe: 'all' },
    audio: { sources: CAM_MIC, subscribe: 'all' },
    text: { sources: CAM_MIC, subscribe: 'all' },
  },
  observer: {
    video: { sources: NONE, subscribe: 'all' },
    audio: { sources: NONE, subscribe: 'audio' },
    text: null,
  },
}

// Youth: the same, except a participant's camera waits for a facilitator's permission.
const YOUTH_CAMERA_NOT_ALLOWED: Table = {
  ...GROUP,
  participant: {
    video: { sources: MIC, subscribe: 'all' },
    audio: { sources: MIC, subscribe: 'audio' },
    text: null,
  },
}
const YOUTH_CAMERA_ALLOWED: Table = {
  ...GROUP,
  participant: {
    video: { sources: CAM_MIC, subscribe: 'all' },
    audio: { sources: MIC, subscribe: 'audio' },
    text: null,
  },
}

// A facilitator stopped this person's publishing: they may still watch and listen, never publish.
const stoppedRow: Record<Mode, Expected> = {
  video: { sources: NONE, subscribe: 'all' },
  audio: { sources: NONE, subscribe: 'audio' },
  text: null,
}
const STOPPED: Table = {
  facilitator: stoppedRow,
  cofacilitator: stoppedRow,
  participant: stoppedRow,
  interpreter: stoppedRow,
  observer: stoppedRow,
}

// A chat session is text-only: nobody ever gets a token.
const noneRow: Record<Mode, Expected> = { video: null, audio: null, text: null }
const CHAT: Table = {
  facilitator: noneRow,
  cofacilitator: noneRow,
  participant: noneRow,
  interpreter: noneRow,
  observer: noneRow,
}

function expectedGrant(
  kind: string,
  role: Role,
  mode: Mode,
  cameraAllowed: boolean,
  publishingStopped: boolean,
): Expected {
  if (kind === 'chat') return CHAT[role][mode]
  if (publishingStopped) return STOPPED[role][mode]
  if (kind === 'youth')
    return (cameraAllowed ? YOUTH_CAMERA_ALLOWED : YOUTH_CAMERA_NOT_ALLOWED)[role][mode]
  return GROUP[role][mode]
}

const cases = SESSION_KINDS.flatMap((kind) =>
  ROLES.flatMap((role) =>
    MODES.flatMap((mode) =>
      [false, true].flatMap((cameraAllowed) =>
        [false, true].map((publishingStopped) => ({
          kind,
          role,
          mode,
          cameraAllowed,
          publishingStopped,
        })),
      ),
    ),
  ),
)

const FORBIDDEN = [
  'roomRecord',
  'roomAdmin',
  'roomCreate',
  'roomList',
  'ingressAdmin',
  'recorder',
] as const

describe('mediaGrantFor', () => {
  it('covers every combination of kind, role, mode and settings', () => {
    expect(cases).toHaveLength(3 * 5 * 3 * 2 * 2)
  })

  it.each(cases)(
    '$kind $role $mode camera=$cameraAllowed stopped=$publishingStopped',
    ({ kind, role, mode, cameraAllowed, publishingStopped }) => {
      const grant = mediaGrantFor(kind, role, mode, { cameraAllowed, publishingStopped })
      const expected = expectedGrant(kind, role, mode, cameraAllowed, publishingStopped)
      if (expected === null) {
        expect(grant).toBeNull()
        return
      }
      expect(grant).toEqual({
        canPublish: expected.sources.length > 0,
        sources: expected.sources,
        canSubscribe: true,
        subscribe: expected.subscribe,
      } satisfies MediaGrant)

      const jwtGrant = videoGrant('room-1', grant!)
      for (const key of FORBIDDEN) expect(jwtGrant[key], key).toBe(false)
      expect(jwtGrant.canUpdateOwnMetadata).toBe(false)
      expect(jwtGrant.canPublishData).toBe(false)
      expect(jwtGrant.hidden).toBe(false)
      expect(jwtGrant).toMatchObject({
        room: 'room-1',
        roomJoin: true,
        canPublish: expected.sources.length > 0,
        canPublishSources: expected.sources,
        canSubscribe: true,
      })
    },
  )

  it('never grants a text-only seat publishing once a facilitator stopped it', () => {
    for (const kind of SESSION_KINDS) {
      for (const role of ROLES) {
        const grant = mediaGrantFor(kind, role, 'text', {
          cameraAllowed: true,
          publishingStopped: true,
        })
        expect(grant, `${kind} ${role}`).toBeNull()
      }
    }
  })
})

describe('mintMediaToken', () => {
  const config = {
    url: 'wss://lk.example.org',
    apiKey: 'grants-test-key',
    apiSecret: 'grants-test-secret-long-enough-for-hs256',
  }
  const seat = {
    identity: 'lk-AbCdEfGhIjKlMnOp',
    pseudonym: 'Amy',
    role: 'participant',
    mode: 'video',
  }

  it('signs the policy grant, the identity, the name and a server-set role, for minutes only', async () => {
    const grant = mediaGrantFor('group', 'participant', 'video', {
      cameraAllowed: false,
      publishingStopped: false,
    })!
    const jwt = await mintMediaToken(config, seat, 'session-room-name', grant)
    const claims = await new TokenVerifier(config.apiKey, config.apiSecret).verify(jwt)
    expect(claims.sub).toBe(seat.identity)
    expect(claims.iss).toBe(config.apiKey)
    expect(claims.name).toBe('Amy')
    expect(claims.attributes).toEqual({ role: 'participant', mode: 'video' })
    expect(claims.metadata).toBeUndefined()
    expect(claims.exp! - claims.nbf!).toBe(MEDIA_TOKEN_TTL_SECONDS)
    expect(MEDIA_TOKEN_TTL_SECONDS).toBeLessThanOrEqual(15 * 60)
    expect(claims.exp! - Date.now() / 1000).toBeLessThanOrEqual(15 * 60 + 1)
    const video = claims.video!
    expect(video.room).toBe('session-room-name')
    expect(video.roomJoin).toBe(true)
    expect(video.canPublish).toBe(true)
    expect(video.canPublishSources).toEqual(['camera', 'microphone'])
    expect(video.canSubscribe).toBe(true)
    expect(video.canPublishData).toBe(false)
    expect(video.canUpdateOwnMetadata).toBe(false)
    for (const key of FORBIDDEN) expect(video[key], key).not.toBe(true)
    // Nothing beyond the video grant: no SIP, no egress, no inference.
    expect(Object.keys(claims).sort()).toEqual(
      ['attributes', 'exp', 'iss', 'name', 'nbf', 'sub', 'video'].sort(),
    )
  })

  it('a facilitator may share the screen, an observer publishes nothing', async () => {
    const verifier = new TokenVerifier(config.apiKey, config.apiSecret)
    const none = { cameraAllowed: false, publishingStopped: false }
    const fac = await verifier.verify(
      await mintMediaToken(
        config,
        { ...seat, role: 'facilitator' },
        'r',
        mediaGrantFor('group', 'facilitator', 'video', none)!,
      ),
    )
    expect(fac.video?.canPublishSources).toEqual(['camera', 'microphone', 'screen_share'])
    expect(fac.attributes?.role).toBe('facilitator')
    const obs = await verifier.verify(
      await mintMediaToken(
        config,
        { ...seat, role: 'observer', mode: 'audio' },
        'r',
        mediaGrantFor('group', 'observer', 'audio', none)!,
      ),
    )
    expect(obs.video?.canPublish).toBe(false)
    expect(obs.video?.canPublishSources).toEqual([])
    expect(obs.video?.canSubscribe).toBe(true)
  })

  it('does not verify with another secret', async () => {
    const grant = mediaGrantFor('group', 'participant', 'audio', {
      cameraAllowed: false,
      publishingStopped: false,
    })!
    const jwt = await mintMediaToken(config, seat, 'r', grant)
    await expect(
      new TokenVerifier(config.apiKey, 'another-secret-of-enough-length').verify(jwt),
    ).rejects.toThrow()
  })
})

describe('youth supervision in the grant policy', () => {
  const base = { cameraAllowed: true, publishingStopped: false }
  it.each([
    ['participant', 'video', { sources: [], subscribe: 'all' }],
    ['participant', 'audio', { sources: [], subscribe: 'audio' }],
    ['participant', 'text', null],
  ] as const)('an unsupervised youth %s in %s publishes nothing', (role, mode, expected) => {
    const grant = mediaGrantFor('youth', role, mode, { ...base, unsupervised: true })
    expect(grant === null ? null : { sources: grant.sources, subscribe: grant.subscribe }).toEqual(expected)
  })

  it.each(['facilitator', 'cofacilitator', 'interpreter', 'observer'] as const)(
    'adults (%s) are not paused while youth are',
    (role) => {
      for (const mode of MODES) {
        expect(mediaGrantFor('youth', role, mode, { ...base, unsupervised: true })).toEqual(
          mediaGrantFor('youth', role, mode, base),
        )
      }
    },
  )

  it('a group session ignores supervision', () => {
    expect(mediaGrantFor('group', 'participant', 'video', { ...base, unsupervised: true })?.sources).toEqual([
      'camera',
      'microphone',
    ])
  })
})
