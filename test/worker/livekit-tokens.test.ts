// Media tokens against the real livekit-server: minted from the grant policy only after the media
// room exists with Havre's settings (created again when LiveKit closed it), one random identity per
// seat, no token for text-only or short chats, and the token actually opens the room.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import {
  callsFor,
  identityOf,
  joinSignal,
  liveGroup,
  mediaRoom,
  requestMedia,
  roomService,
  storedMeta,
  verifyToken,
} from './livekit-support'
import { createLinks, redeem, joinAdmitted, youthGroup } from './support'

async function roomInfo(name: string) {
  return (await roomService().listRooms([name])).find((r) => r.name === name)
}

describe('media tokens', () => {
  it('video: a token for camera and microphone, minted only after the room exists', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.amy, 'video')
    expect(media).toMatchObject({
      mode: 'video',
      url: env.LIVEKIT_URL,
      sources: ['camera', 'microphone'],
      subscribe: 'all',
    })
    expect(media.identity).toBe(identityOf(g.amy, g.amyId))
    const claims = await verifyToken(media.token!)
    expect(claims.sub).toBe(media.identity)
    expect(claims.name).toBe('Amy')
    expect(claims.attributes).toMatchObject({ role: 'participant', mode: 'video' })
    expect(claims.video).toMatchObject({
      room: mediaRoom(g.room),
      roomJoin: true,
      canPublish: true,
      canPublishSources: ['camera', 'microphone'],
      canSubscribe: true,
      canPublishData: false,
      canUpdateOwnMetadata: false,
      roomRecord: false,
      roomAdmin: false,
    })
    expect(claims.exp! - claims.nbf!).toBeLessThanOrEqual(15 * 60)
    // The room exists on the real server, with Havre's limits, by the time the token is in hand.
    const room = await roomInfo(mediaRoom(g.room))
    expect(room).toBeDefined()
    expect(room!.emptyTimeout).toBeGreaterThan(0)
    expect(room!.emptyTimeout).toBeLessThanOrEqual(300)
    expect(room!.departureTimeout).toBeGreaterThan(0)
    expect(room!.departureTimeout).toBeLessThanOrEqual(60)
    const create = (await callsFor(g.room, 'CreateRoom'))[0]!
    expect(create.status).toBe(200)
    expect(create.respondedAt).toBeLessThanOrEqual(Date.now())
    // The Worker's own call carries roomCreate and nothing more.
    expect(create.claims?.video).toEqual({ roomCreate: true })
    // And the token opens that room on the real server.
    const join = await joinSignal(media.token!)
    expect(join).toMatchObject({ joined: true, room: mediaRoom(g.room) })
    if (join.joined) join.close()
  })

  it('maxParticipants counts staff, interpreters and observers, not only the group size', async () => {
    const g = await liveGroup()
    const people = [g.fac, g.amy]
    for (const role of ['interpreter', 'observer', 'cofacilitator']) {
      const [link] = await createLinks(g.staff, g.session.id, 1, role)
      const seat = ((await (await redeem(link)).json()) as { seat: string }).seat
      people.push(await joinAdmitted(g.fac, g.session.id, seat, role))
    }
    for (const p of people) await requestMedia(p, p === g.amy ? 'video' : 'audio')
    const room = await roomInfo(mediaRoom(g.room))
    const groupSize = (await storedMeta(g.room))!.maxParticipants
    // Facilitator, interpreter, observer and co-facilitator on top of the group.
    expect(room!.maxParticipants).toBeGreaterThanOrEqual(groupSize + 4)
    // Every one of them can actually join the room at once.
    const tokens = await Promise.all(people.map((p) => requestMedia(p, p === g.amy ? 'video' : 'audio')))
    const joins = await Promise.all(tokens.map((t) => joinSignal(t.token!)))
    expect(joins.every((j) => j.joined)).toBe(true)
    for (const j of joins) if (j.joined) j.close()
  })

  it('a room LiveKit closed (empty) is created again, with Havre settings, before the next token', async () => {
    const g = await liveGroup()
    await requestMedia(g.amy, 'video')
    const first = await roomInfo(mediaRoom(g.room))
    // LiveKit closes a room nobody joined once its empty timeout passes; the same, at once:
    await roomService().deleteRoom(mediaRoom(g.room))
    expect(await roomInfo(mediaRoom(g.room))).toBeUndefined()
    const again = await requestMedia(g.amy, 'video')
    const second = await roomInfo(mediaRoom(g.room))
    expect(second).toBeDefined()
    expect(second!.sid).not.toBe(first!.sid)
    expect(second!.maxParticipants).toBe(first!.maxParticipants)
    expect(second!.emptyTimeout).toBe(first!.emptyTimeout)
    expect((await verifyToken(again.token!)).video?.room).toBe(mediaRoom(g.room))
  })

  it('two seats share one room, each with its own random identity', async () => {
    const g = await liveGroup()
    const a = await requestMedia(g.fac, 'video')
    const b = await requestMedia(g.amy, 'video')
    expect(a.identity).not.toBe(b.identity)
    for (const id of [a.identity, b.identity]) expect(id).toMatch(/^lk-[A-Za-z0-9_-]{16,}$/)
    // Not derived from the seat or the pseudonym.
    expect(b.identity).not.toContain(g.amyId)
    expect(b.identity.toLowerCase()).not.toContain('amy')
    expect(a.sources).toEqual(['camera', 'microphone', 'screen_share'])
    // On the real server, both are in the one room.
    const ja = await joinSignal(a.token!)
    const jb = await joinSignal(b.token!)
    expect([ja.joined, jb.joined]).toEqual([true, true])
    const inRoom = (await roomService().listParticipants(mediaRoom(g.room))).map((p) => p.identity)
    expect(inRoom.sort()).toEqual([a.identity, b.identity].sort())
    for (const j of [ja, jb]) if (j.joined) j.close()
    // Another session's seat gets another identity in another room.
    const other = await liveGroup()
    const c = await requestMedia(other.amy, 'video')
    expect(c.identity).not.toBe(b.identity)
    expect((await verifyToken(c.token!)).video?.room).toBe(mediaRoom(other.room))
  })

  it('audio-only: microphone only, and subscribes to audio', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.amy, 'audio')
    expect(media).toMatchObject({ mode: 'audio', sources: ['microphone'], subscribe: 'audio' })
    const claims = await verifyToken(media.token!)
    expect(claims.video?.canPublishSources).toEqual(['microphone'])
    expect(claims.attributes?.mode).toBe('audio')
  })

  it('text-only: no token at all, and no LiveKit room for it', async () => {
    const g = await liveGroup()
    const media = await requestMedia(g.amy, 'text')
    expect(media).toEqual({
      type: 'media',
      mode: 'text',
      identity: identityOf(g.amy, g.amyId),
      sources: [],
      subscribe: 'all',
    })
    expect(await roomInfo(mediaRoom(g.room))).toBeUndefined()
    expect(await callsFor(g.room)).toEqual([])
  })

  it('youth: a participant in video publishes the microphone only', async () => {
    const g = await youthGroup()
    const media = await requestMedia(g.youth, 'video')
    expect(media.sources).toEqual(['microphone'])
    expect((await verifyToken(media.token!)).video?.canPublishSources).toEqual(['microphone'])
  })

  it('a short chat link never gets a token, even asking for video', async () => {
    const g = await liveGroup('chat')
    const media = await requestMedia(g.amy, 'video')
    expect(media.token).toBeUndefined()
    expect(media.url).toBeUndefined()
    expect(media.sources).toEqual([])
    expect(await roomInfo(mediaRoom(g.room))).toBeUndefined()
  })
})
