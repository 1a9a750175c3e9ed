// A youth's publishing follows supervision (issue 17.6) and no older state may stay in LiveKit: who
// gets a publishing task, what it asks for, a newer wanted state waiting for the call in flight, and
// a late answer that left an older state sent again. Written to kill what StrykerJS left alive in
// worker/room/core/supervision.ts.
import { describe, expect, it } from 'vitest'
import type { LiveKitTask } from '../../../worker/room/livekit-tasks'
import { IN_FLIGHT_MS } from '../../../worker/room/core/closing'
import { youthCircle, type Room } from './room-harness'

/** A person asks for a mode and LiveKit creates the room: she holds a token for the current room. */
function inMedia(room: Room, socket: string, mode: 'audio' | 'video') {
  room.send(socket, { type: 'media', mode })
  const [req] = room.effectsOf('livekit')
  room.ev({ type: 'livekit_answer', call: req!.call, then: req!.then, ok: true })
}

const publishingSent = (room: Room) =>
  room.effectsOf('livekit_tasks').flatMap((e) => e.tasks.filter((t) => t.op === 'publishing'))

const done = (room: Room, tasks: LiveKitTask[]) => room.ev({ type: 'tasks_done', done: tasks, failed: [] })

describe("a youth's publishing follows supervision", () => {
  it('a pause goes to youth holding a token for this room only: not adults, not text, not before a token', () => {
    const { room, fac, obs, sky } = youthCircle(true)
    const lee = room.person('participant', 'Lee')
    room.admit(fac.socket, lee.seatId)
    const kim = room.person('participant', 'Kim')
    room.admit(fac.socket, kim.seatId)
    inMedia(room, sky.socket, 'audio')
    inMedia(room, fac.socket, 'video')
    // Kim asked for audio but LiveKit has not answered: she holds no token yet.
    room.send(kim.socket, { type: 'media', mode: 'audio' })
    room.close(obs.socket)
    expect(publishingSent(room)).toEqual([
      expect.objectContaining({ identity: sky.identity, sources: [], room: 'SessionAbcdEfgh01.0' }),
    ])
    expect(room.meta.livekitTasks!.filter((t) => t.op === 'publishing').map((t) => t.identity)).toEqual([sky.identity])
  })

  it('the second adult back asks LiveKit to let her publish what her grant allows again', () => {
    const { room, obs, sky } = youthCircle(true)
    inMedia(room, sky.socket, 'audio')
    room.close(obs.socket)
    done(room, publishingSent(room))
    expect(room.meta.livekitTasks).toEqual([])
    room.connect(obs.seatId)
    expect(publishingSent(room)).toEqual([expect.objectContaining({ identity: sky.identity, sources: ['microphone'] })])
  })

  it('a newer wanted state waits for the call in flight, then is sent: never two at once', () => {
    const { room, obs, sky } = youthCircle(true)
    inMedia(room, sky.socket, 'audio')
    room.close(obs.socket)
    const [pause] = publishingSent(room)
    room.connect(obs.seatId)
    expect(publishingSent(room)).toEqual([])
    done(room, [pause!])
    expect(publishingSent(room)).toEqual([expect.objectContaining({ sources: ['microphone'] })])
  })

  it('a call in flight too long is sent again with the latest wanted state', () => {
    const { room, obs, sky } = youthCircle(true)
    inMedia(room, sky.socket, 'audio')
    room.close(obs.socket)
    room.connect(obs.seatId)
    room.alarm(room.now + IN_FLIGHT_MS + 1)
    expect(publishingSent(room)).toEqual([expect.objectContaining({ identity: sky.identity, sources: ['microphone'] })])
  })
})

describe('a late answer that left an older state in LiveKit', () => {
  /** Pause confirmed, then resume confirmed; a retry of the pause LiveKit applied late comes back. */
  function lateTrack() {
    const circle = youthCircle(true)
    const { room, obs, sky } = circle
    inMedia(room, sky.socket, 'audio')
    room.close(obs.socket)
    const [pause] = publishingSent(room)
    done(room, [pause!])
    room.connect(obs.seatId)
    const [resume] = publishingSent(room)
    done(room, [resume!])
    expect(room.meta.livekitTasks).toEqual([])
    return { ...circle, pause: pause!, resume: resume! }
  }

  it('an older pause answered late is undone: what is wanted now is sent again', () => {
    const { room, sky, pause } = lateTrack()
    done(room, [pause])
    expect(publishingSent(room)).toEqual([expect.objectContaining({ identity: sky.identity, sources: ['microphone'] })])
    room.ev({ type: 'tasks_done', done: [], failed: [pause] })
    expect(room.meta.livekitTasks!.filter((t) => t.op === 'publishing').map((t) => t.identity)).toEqual([sky.identity])
  })

  it('a late answer that matches what is wanted, or for another room, or owed already, asks nothing', () => {
    const { room, fac, sky, pause, resume } = lateTrack()
    done(room, [resume])
    expect(publishingSent(room)).toEqual([])
    done(room, [{ ...pause, room: 'SessionAbcdEfgh01.7' }])
    expect(publishingSent(room)).toEqual([])
    done(room, [{ ...pause, op: 'publishing', identity: 'lk-nobody' }])
    expect(publishingSent(room)).toEqual([])
    // An adult's identity: adults' publishing does not follow supervision.
    done(room, [{ ...pause, identity: room.state.seats[fac.seatId]!.identity }])
    expect(publishingSent(room)).toEqual([])
    room.send(sky.socket, { type: 'media', mode: 'text' })
    done(room, [pause])
    expect(publishingSent(room)).toEqual([])
  })

  it('after the session ends a late answer asks nothing', () => {
    const { room, fac, pause } = lateTrack()
    room.send(fac.socket, { type: 'end' })
    const before = room.meta.livekitTasks?.filter((t) => t.op === 'publishing') ?? []
    done(room, [pause])
    expect(publishingSent(room)).toEqual([])
    expect(room.meta.livekitTasks?.filter((t) => t.op === 'publishing') ?? []).toEqual(before)
  })
})
