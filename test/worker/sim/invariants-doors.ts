// Issue 17's promises as simulation invariants: an accepted alert reaches a facilitator once
// whatever its sender does; a seat back after being away is let in only by a facilitator; a
// co-facilitator by link does nothing before admission; no facilitator connected means a
// countdown; a paused youth's LiveKit state is confirmed or retried; every media request is
// answered. Some need memory across steps: kept per world, so a replay starts from nothing.
import { mediaGrantFor } from '../../../worker/livekit/grant-policy'
import { isModerator, type ClientMessage } from '../../../worker/protocol'
import { AWAY_READMIT_MS } from '../../../worker/room/core/seats'
import type { CoreState, Effect } from '../../../worker/room/core/types'
import { mediaRoomName } from '../../../worker/room/state'
import { moderatorSocketOpen, type Applied, type World } from './world'

type Predicate = (w: World, a: Applied) => string | undefined

type Memory = {
  /** Alerts accepted (`${seatId}:${kind}:${at}`): waiting, or delivered. */
  alerts: Map<string, 'waiting' | 'delivered'>
  /** When each seat's last socket went. */
  goneAt: Map<string, number>
  /** What LiveKit last confirmed each identity may publish, per media room. */
  confirmed: Map<string, string[]>
}
const memories = new WeakMap<World, Memory>()
const memory = (w: World) => {
  let m = memories.get(w)
  if (!m) memories.set(w, (m = { alerts: new Map(), goneAt: new Map(), confirmed: new Map() }))
  return m
}

const socketsOf = (s: CoreState, seatId: string) => Object.values(s.sockets).filter((i) => i.seatId === seatId).length
const frameOf = (a: Applied) => (a.step.kind === 'event' && a.step.event.type === 'frame' ? a.step.event : undefined)
const parse = (raw: string): Partial<ClientMessage> | undefined => {
  try {
    return JSON.parse(raw) as Partial<ClientMessage>
  } catch {
    return undefined
  }
}
// The moderator's messages, written out again on purpose rather than imported from the core: an
// oracle that shared the core's list would lose a message from both at once and stay green.
const MODERATOR_ONLY = new Set<ClientMessage['type']>([
  'admit', 'turn_away', 'allow_camera', 'lower_all_hands', 'set_chat', 'delete_message', 'remove',
  'mute', 'stop_publishing', 'spotlight', 'end', 'private_reply',
])

export const DOOR_INVARIANTS: Record<string, Predicate> = {
  'an accepted alert reaches a facilitator exactly once': (w, a) => {
    const m = memory(w).alerts
    const delivered = new Set<string>()
    for (const e of a.effects) {
      if (e.type !== 'send' || e.frame.type !== 'alert') continue
      const key = `${e.frame.seatId}:${e.frame.kind}:${e.frame.at}`
      if (m.get(key) === 'delivered') return `alert ${key} was delivered a second time`
      delivered.add(key)
    }
    for (const key of delivered) m.set(key, 'delivered')
    const waiting = new Set((w.state.meta?.pendingAlerts ?? []).map((p) => `${p.seatId}:${p.kind}:${p.at}`))
    for (const key of waiting) if (!m.has(key)) m.set(key, 'waiting')
    if (w.state.meta?.status !== 'open') return undefined
    for (const [key, state] of m) {
      if (state === 'waiting' && !waiting.has(key)) return `accepted alert ${key} was dropped before a facilitator saw it`
    }
    return undefined
  },

  'a seat back after being away is let in only by a facilitator': (w, a) => {
    const gone = memory(w).goneAt
    const { prev, step } = a
    for (const seatId of Object.keys(prev.seats)) {
      if (socketsOf(prev, seatId) && !socketsOf(w.state, seatId)) gone.set(seatId, step.at)
    }
    if (step.kind !== 'event' || step.event.type !== 'connect' || !step.event.seatId) return undefined
    const socket = step.event.socket
    if (!a.effects.some((e) => e.type === 'accept' && e.socket === socket)) return undefined
    const seatId = step.event.seatId
    const before = prev.seats[seatId]
    const after = w.state.seats[seatId]
    const left = gone.get(seatId)
    if (!before || !after || before.staffId !== undefined || socketsOf(prev, seatId) || left === undefined) return undefined
    if (step.at - left > AWAY_READMIT_MS && after.admitted) {
      return `${seatId} came back after ${step.at - left} ms away and was let in without a facilitator`
    }
    return undefined
  },

  'no co-facilitator by link acts before admission': (_w, a) => {
    const f = frameOf(a)
    const from = f && a.prev.sockets[f.socket]
    const seat = from && a.prev.seats[from.seatId]
    if (!f || !seat || !isModerator(seat.role) || seat.admitted) return undefined
    const msg = parse(f.raw)
    if (!msg?.type || !MODERATOR_ONLY.has(msg.type)) return undefined
    // The refusal to the sender is all it may cause, besides the step's own bookkeeping: the alarm a
    // rebuilt room sets again, and a roster owed from an earlier change going out now.
    const refusal = (e: Effect) => e.type === 'send' && e.frame.type === 'error' && e.to.length === 1 && e.to[0] === f.socket
    const bookkeeping = (e: Effect) => e.type === 'alarm' || e.type === 'timer' || (e.type === 'send' && e.frame.type === 'roster')
    const other = a.effects.find((e) => !refusal(e) && !bookkeeping(e))
    if (other) return `${seat.seatId}, a co-facilitator not yet admitted, did ${msg.type} (${other.type})`
    return undefined
  },

  'no facilitator connected means a countdown': (w, { prev }) => {
    const s = w.state
    if (s.meta?.status !== 'open') return undefined
    const owed = moderatorSocketOpen(prev) || prev.meta?.graceDeadline !== undefined
    if (owed && !moderatorSocketOpen(s) && s.meta.graceDeadline === undefined) return 'no facilitator is connected and no countdown runs'
    return undefined
  },

  "a paused youth's media is confirmed paused or a retry is pending": (w, a) => {
    const confirmed = memory(w).confirmed
    const key = (room: string, identity: string) => `${room}|${identity}`
    for (const e of a.effects) {
      if (e.type === 'media_token') confirmed.set(key(e.room, e.seat.identity), e.grant.sources)
    }
    const ev = a.step.kind === 'event' ? a.step.event : undefined
    // Gone to text-only: she leaves LiveKit; what it had confirmed for her no longer applies.
    for (const seat of Object.values(a.prev.seats)) {
      if (seat.mode !== 'text' && w.state.seats[seat.seatId]?.mode === 'text') {
        for (const k of [...confirmed.keys()]) if (k.endsWith(`|${seat.identity}`)) confirmed.delete(k)
      }
    }
    if (ev?.type === 'tasks_done') {
      for (const t of ev.done) if (t.op === 'publishing') confirmed.set(key(t.room, t.identity), t.sources)
    }
    if (ev?.type === 'livekit_answer' && ev.ok && ev.call.op === 'publishing') {
      confirmed.set(key(ev.call.room, ev.call.identity), ev.call.sources)
    }
    const s = w.state
    const meta = s.meta
    if (!w.media || meta?.kind !== 'youth' || meta.status !== 'open' || meta.supervisionDeadline === undefined) return undefined
    const room = mediaRoomName(meta)
    for (const seat of Object.values(s.seats)) {
      if (seat.role !== 'participant' || seat.mode === 'text' || seat.tokenGeneration !== (meta.mediaGeneration ?? 0)) continue
      const wanted = mediaGrantFor(meta.kind, seat.role, seat.mode, { ...seat, unsupervised: true })?.sources ?? []
      const last = confirmed.get(key(room, seat.identity))
      // Not in LiveKit with any grant yet: her next token follows the policy (checked elsewhere).
      if (last === undefined) continue
      const same = (x: readonly string[] | undefined) => x !== undefined && x.length === wanted.length && x.every((v) => wanted.includes(v as never))
      if (same(last)) continue
      const retry = meta.livekitTasks?.some((t) => t.op === 'publishing' && t.identity === seat.identity && t.room === room && same(t.sources))
      if (!retry) return `youth ${seat.seatId} may still publish ${last?.join('+') || 'what it had'} while unsupervised, and no retry is owed`
    }
    return undefined
  },

  'every media request is answered': (w, a) => {
    const ev = a.step.kind === 'event' ? a.step.event : undefined
    if (ev?.type !== 'livekit_answer' || ev.then.kind !== 'token' || !ev.ok) return undefined
    const then = ev.then
    const s = w.state
    const seat = s.seats[then.seatId]
    if (s.meta?.status !== 'open' || !seat || !seat.admitted || seat.mode !== then.mode || !s.sockets[then.socket]) return undefined
    if (!mediaGrantFor(s.meta.kind, seat.role, seat.mode, { ...seat, unsupervised: s.meta.supervisionDeadline !== undefined })) return undefined
    const answered = (e: Effect) =>
      (e.type === 'media_token' && e.socket === then.socket) ||
      (e.type === 'send' && e.to.includes(then.socket) && e.frame.type === 'error') ||
      (e.type === 'livekit' && e.then.kind === 'token' && e.then.socket === then.socket)
    if (!a.effects.some(answered)) return `the media request of ${then.seatId} (generation ${then.generation}) got no answer`
    return undefined
  },
}
