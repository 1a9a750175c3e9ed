// Each invariant of the room simulation, shown to catch a deliberately broken core: one rule is
// broken at a time (by wrapping the real step), and the simulation must find it, name it, and shrink
// it to a few steps that pass on the real core.
import { describe, expect, it } from 'vitest'
import { isModerator, type Member } from '../../worker/protocol'
import { step as realStep } from '../../worker/room/core/step'
import type { CoreState, Effect } from '../../worker/room/core/types'
import type { Seat } from '../../worker/room/state'
import { INVARIANTS } from './sim/invariants'
import { describeFailure, replay, simulate } from './sim/run'
import type { StepFn } from './sim/world'

// Seed 4 finds every broken rule within 1,103 sessions (seeds 1-8 measured: 1, 2, 4, 5 and 6 find
// all fifteen within 5,000; 3, 7 and 8 miss "every media request is answered"). The rarest need a
// LiveKit answer to arrive after a removal moved the media room (a void identity's token, a first
// media request during a removal); each session opens on a scene (three people in, one in audio)
// three times in ten, which reaches them. The full simulation runs 10,000 sessions.
const SEED = 4

export const BROKEN: Record<string, StepFn> = {
  // Closes sockets before telling them why: the notice goes to a closed socket.
  'frames reach live seats only': (state, event, now) => {
    const out = realStep(state, event, now)
    const closes = out.effects.filter((e) => e.type === 'close')
    return { ...out, effects: [...closes, ...out.effects.filter((e) => e.type !== 'close')] }
  },
  // Room broadcasts forget the lobby filter.
  'the lobby hears only its own': (state, event, now) => {
    const out = realStep(state, event, now)
    const waiting = Object.entries(out.state.sockets)
      .filter(([, i]) => out.state.seats[i.seatId] && !out.state.seats[i.seatId]!.admitted)
      .map(([id]) => id)
    const effects = out.effects.map((e): Effect =>
      e.type === 'send' && (e.frame.type === 'roster' || e.frame.type === 'chat') ? { ...e, to: [...new Set([...e.to, ...waiting])] } : e,
    )
    return { ...out, effects }
  },
  // Alerts broadcast to everyone in the room.
  'alerts reach facilitators only': (state, event, now) => {
    const out = realStep(state, event, now)
    const everyone = Object.keys(out.state.sockets).filter((id) => out.state.seats[out.state.sockets[id]!.seatId]?.admitted)
    return { ...out, effects: out.effects.map((e): Effect => (e.type === 'send' && e.frame.type === 'alert' ? { ...e, to: everyone } : e)) }
  },
  // Youth sessions relay a facilitator's private reply like any other session.
  'private replies reach one person, never a youth, and are not kept': (state, event, now) => {
    const out = realStep(state, event, now)
    const refused = out.effects.some((e) => e.type === 'send' && e.frame.type === 'error' && e.frame.code === 'no_private_messages')
    if (event.type !== 'frame' || !refused) return out
    const msg = JSON.parse(event.raw) as { seatId: string; iv: string; ct: string }
    const to = Object.keys(out.state.sockets).filter((id) => out.state.sockets[id]!.seatId === msg.seatId)
    if (to.length && out.state.seats[msg.seatId]?.admitted) {
      out.effects.push({ type: 'send', to, frame: { type: 'private_reply', from: 'F', iv: msg.iv, ct: msg.ct, at: now } })
    }
    return out
  },
  // The roster lists whoever has a pseudonym, waiting or not.
  'the roster lists people in the room only': (state, event, now) => {
    const out = realStep(state, event, now)
    const member = (s: Seat): Member => ({
      seatId: s.seatId, pseudonym: s.pseudonym!, role: s.role, mode: s.mode, online: true, identity: s.identity, hand: s.hand, cameraAllowed: s.cameraAllowed,
    })
    const members = Object.values(out.state.seats).filter((s) => s.pseudonym !== null).map(member)
    return { ...out, effects: out.effects.map((e): Effect => (e.type === 'send' && e.frame.type === 'roster' ? { ...e, frame: { ...e.frame, members } } : e)) }
  },
  // A token answer no longer checks that the seat is still here.
  'a void identity gets no token': (() => {
    const seen = new Map<string, Seat>()
    return (state, event, now) => {
      for (const s of Object.values(state.seats)) seen.set(s.seatId, s)
      const out = realStep(state, event, now)
      if (event.type === 'livekit_answer' && event.ok && event.then.kind === 'token' && !out.effects.some((e) => e.type === 'media_token')) {
        const seat = seen.get(event.then.seatId)
        if (seat && !out.state.seats[seat.seatId] && out.state.meta?.status === 'open') {
          const grant = { canPublish: true, sources: ['microphone' as const], canSubscribe: true, subscribe: 'all' as const }
          out.effects.push({ type: 'media_token', socket: event.then.socket, seatId: seat.seatId, seat: { identity: seat.identity, pseudonym: 'x', role: seat.role, mode: 'audio' }, room: 'r', grant })
        }
      }
      return out
    }
  })(),
  // Admitting youth ignores the two-adults rule.
  'youth are supervised by two adults': (state, event, now) => {
    const out = realStep(state, event, now)
    const refused = out.effects.some((e) => e.type === 'send' && e.frame.type === 'error' && e.frame.code === 'unsupervised')
    if (event.type === 'frame' && refused) {
      const target = out.state.seats[(JSON.parse(event.raw) as { seatId: string }).seatId]
      if (target) out.state.seats[target.seatId] = { ...target, admitted: true }
    }
    return out
  },
  // The close forgets the last socket.
  'closed means closed': (state, event, now) => {
    const out = realStep(state, event, now)
    if (state.meta?.status !== 'open' || out.state.meta?.status !== 'closed') return out
    const last = [...out.effects].reverse().find((e) => e.type === 'close')
    if (!last || last.type !== 'close' || !state.sockets[last.socket]) return out
    out.state.sockets[last.socket] = state.sockets[last.socket]!
    const effects = out.effects
      .filter((e) => e !== last)
      .map((e): Effect => (e.type === 'send' ? { ...e, to: e.to.filter((to) => to !== last.socket) } : e))
    return { ...out, effects }
  },
  // Any facilitator socket closing starts the away countdown (the reconnecting-facilitator bug).
  'facilitator presence and the countdown': (state, event, now) => {
    const out = realStep(state, event, now)
    const info = event.type === 'socket_closed' ? state.sockets[event.socket] : undefined
    const meta = out.state.meta
    if (info && isModerator(info.role) && meta?.status === 'open' && meta.graceDeadline === undefined) {
      out.state.meta = { ...meta, graceDeadline: now + meta.graceSeconds * 1000 }
    }
    return out
  },
  // A seat voided takes its waiting alerts with it (the quick-exit bug of issue 17.4).
  'an accepted alert reaches a facilitator exactly once': (state, event, now) => {
    const out = realStep(state, event, now)
    const meta = out.state.meta
    if (meta?.pendingAlerts?.some((a) => a.leftAt !== undefined)) {
      out.state.meta = { ...meta, pendingAlerts: meta.pendingAlerts.filter((a) => a.leftAt === undefined) }
    }
    return out
  },
  // A seat coming back keeps its place however long it was away (the reopened-tab bug, 17.1).
  'a seat back after being away is let in only by a facilitator': (state, event, now) => {
    const out = realStep(state, event, now)
    const seat = event.type === 'connect' && event.seatId ? out.state.seats[event.seatId] : undefined
    if (seat && seat.awayMs !== undefined && state.seats[seat.seatId]?.admitted) {
      const { awayMs: _, ...rest } = seat
      out.state.seats[seat.seatId] = { ...rest, admitted: true }
    }
    return out
  },
  // A co-facilitator's powers follow the role alone, admitted or not (the forwarded link, 17.2).
  'no co-facilitator by link acts before admission': (state, event, now) => {
    const info = event.type === 'frame' ? state.sockets[event.socket] : undefined
    const seat = info && state.seats[info.seatId]
    const acts = event.type === 'frame' && ['remove', 'end', 'mute', 'stop_publishing', 'set_chat', 'lower_all_hands'].includes(String((JSON.parse(event.raw.startsWith('{') ? event.raw : '{}') as { type?: string }).type))
    if (!seat || seat.role !== 'cofacilitator' || seat.admitted || !acts) return realStep(state, event, now)
    const out = realStep({ ...state, seats: { ...state.seats, [seat.seatId]: { ...seat, admitted: true } } }, event, now)
    const after = out.state.seats[seat.seatId]
    if (after) out.state.seats[seat.seatId] = { ...after, admitted: false }
    // What the action does to others leaks; what it would tell the waiting seat itself does not.
    const own = new Set(Object.keys(state.sockets).filter((id) => state.sockets[id]!.seatId === seat.seatId))
    const effects = out.effects.flatMap((e): Effect[] => {
      if (e.type !== 'send' || e.frame.type === 'error') return [e]
      const to = e.to.filter((x) => !own.has(x))
      return to.length ? [{ ...e, to }] : []
    })
    return { ...out, effects }
  },
  // A facilitator's media joining cancels the countdown (the late-webhook bug, 17.7).
  'no facilitator connected means a countdown': (state, event, now) => {
    const out = realStep(state, event, now)
    const seat = event.type === 'webhook' && event.event === 'participant_joined' ? Object.values(out.state.seats).find((x) => x.identity === event.identity) : undefined
    const meta = out.state.meta
    if (seat && isModerator(seat.role) && meta?.graceDeadline !== undefined) {
      const { graceDeadline: _, ...rest } = meta
      out.state.meta = rest
    }
    return out
  },
  // A youth pause LiveKit refused is not retried (17.6).
  "a paused youth's media is confirmed paused or a retry is pending": (state, event, now) => {
    const out = realStep(state, event, now)
    const meta = out.state.meta
    if (event.type === 'tasks_done' && meta?.livekitTasks?.some((t) => t.op === 'publishing' && t.attempts > 0)) {
      out.state.meta = { ...meta, livekitTasks: meta.livekitTasks.filter((t) => t.op !== 'publishing' || t.attempts === 0) }
    }
    return out
  },
  // An answer for the room before a removal moved it is dropped (17.8).
  'every media request is answered': (state, event, now) => {
    const out = realStep(state, event, now)
    if (event.type !== 'livekit_answer' || event.then.kind !== 'token') return out
    if (event.then.generation === (state.meta?.mediaGeneration ?? 0)) return out
    return { ...out, effects: out.effects.filter((e) => !(e.type === 'livekit' && e.then.kind === 'token')) }
  },
}

describe('each invariant catches a broken core', () => {
  it('every invariant has a broken core', () => {
    expect(Object.keys(BROKEN).sort()).toEqual(Object.keys(INVARIANTS).sort())
  })
  for (const [name, broken] of Object.entries(BROKEN)) {
    it(`breaking "${name}" is found and shrunk`, { timeout: 120_000 }, () => {
      const result = simulate(SEED, 5_000, broken)
      expect(result.failure, `the simulation did not find the broken rule "${name}"`).toBeDefined()
      const f = result.failure!
      console.log(`[sim] broken "${name}": found in session ${f.session + 1}; ${f.steps.length} steps shrunk to ${f.shrunk.length}\n${describeFailure(f)}`)
      expect(f.name).toBe(name)
      expect(f.shrunk.length).toBeLessThanOrEqual(f.steps.length)
      // The shrunk steps reproduce it, and the real core passes them.
      expect(replay(f.media, f.shrunk, broken)?.name).toBe(name)
      expect(replay(f.media, f.shrunk, realStep)).toBeUndefined()
    })
  }
})

// The same invariants against rules a restart or a late answer can break: each must be caught too.
const newlyAway = (before: CoreState, after: CoreState) =>
  Object.keys(after.seats).filter((id) => before.seats[id]?.awaySince === undefined && after.seats[id]!.awaySince !== undefined)
export const BROKEN_LATER: { invariant: string; rule: string; broken: StepFn; seed?: number }[] = [
  {
    // A rebuilt room does not count the sockets a restart cut as gone (issue 17, after a restart).
    invariant: 'a seat back after being away is let in only by a facilitator',
    rule: 'a restart leaves no time away on the seats it cut off',
    broken: (state, event, now) => {
      const out = realStep(state, event, now)
      if (event.type !== 'rebuilt') return out
      const away = new Set(newlyAway(state, out.state))
      for (const id of away) {
        const { awaySince: _, ...rest } = out.state.seats[id]!
        out.state.seats[id] = rest
      }
      return { ...out, effects: out.effects.filter((e) => !(e.type === 'put_seat' && away.has(e.seat.seatId))) }
    },
  },
  {
    invariant: 'no facilitator connected means a countdown',
    rule: 'a restart that cut the facilitator starts no countdown',
    broken: (state, event, now) => {
      const out = realStep(state, event, now)
      const meta = out.state.meta
      if (event.type !== 'rebuilt' || meta?.graceDeadline === undefined || state.meta?.graceDeadline !== undefined) return out
      const { graceDeadline: _, ...rest } = meta
      out.state.meta = rest
      return { ...out, effects: out.effects.filter((e) => !(e.type === 'send' && e.frame.type === 'facilitator_away')) }
    },
  },
  {
    // A direct publishing call (a camera allowed) answered after a youth's pause was confirmed: rare
    // (seed 4 misses it in 5,000 sessions; the suite's own seed found it in session 1,484).
    invariant: "a paused youth's media is confirmed paused or a retry is pending",
    seed: 20261130,
    rule: 'a late direct publishing answer is not followed by the state wanted now',
    broken: (state, event, now) => {
      const out = realStep(state, event, now)
      const meta = out.state.meta
      if (event.type !== 'livekit_answer' || event.call.op !== 'publishing' || !meta) return out
      out.state.meta = { ...meta, livekitTasks: state.meta?.livekitTasks }
      return { ...out, effects: out.effects.filter((e) => e.type !== 'livekit_tasks') }
    },
  },
]

describe('each invariant catches a restart or a late answer breaking it', () => {
  for (const { invariant, rule, broken, seed } of BROKEN_LATER) {
    it(`${rule}: "${invariant}" catches it`, { timeout: 120_000 }, () => {
      const result = simulate(seed ?? SEED, 5_000, broken)
      expect(result.failure, `the simulation did not find "${rule}"`).toBeDefined()
      const f = result.failure!
      console.log(`[sim] broken "${rule}": found in session ${f.session + 1}; ${f.steps.length} steps shrunk to ${f.shrunk.length}\n${describeFailure(f)}`)
      expect(f.name).toBe(invariant)
      expect(replay(f.media, f.shrunk, broken)?.name).toBe(invariant)
      expect(replay(f.media, f.shrunk, realStep)).toBeUndefined()
    })
  }
})
