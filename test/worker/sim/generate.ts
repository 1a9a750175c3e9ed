// A seeded generator of random sessions: seats made and reconnecting, every frame type, sockets
// dropping, hibernation and restarts, alarms early, late or twice, webhooks duplicated and out of
// order, and LiveKit and D1 answering late, failing or twice. It reads the world only to pick
// plausible targets.
import type { ClientMessage, Mode, Role, SessionKind } from '../../../worker/protocol'
import type { Event } from '../../../worker/room/core/types'
import type { SimStep, World } from './world'

export type Rng = () => number
/** mulberry32: small, fast, and the same on every machine. */
export function rng(seed: number): Rng {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
const chance = (r: Rng, p: number) => r() < p
const id = (prefix: string, n: number, width = 16) => `${prefix}${String(n).padStart(width - prefix.length, '0')}`

export type SessionPlan = {
  kind: SessionKind
  lobby: boolean
  media: boolean
  steps: number
  start: number
  /** Opens on a scene: facilitator, a second adult and a participant in, she in audio. */
  scene: boolean
}

export function planSession(r: Rng): SessionPlan {
  return {
    kind: pick(r, ['group', 'group', 'youth', 'youth', 'chat'] as const),
    lobby: chance(r, 0.5),
    media: chance(r, 0.7),
    steps: 20 + Math.floor(r() * 60),
    start: 1_800_000_000_000,
    scene: chance(r, 0.3),
  }
}

/** Makes the next step of a session from the world as it is now. */
export class Generator {
  private n = 0
  private now: number
  readonly sessionId: string
  constructor(
    private r: Rng,
    readonly plan: SessionPlan,
    index: number,
  ) {
    this.now = plan.start
    this.sessionId = id('S', index)
  }

  private session() {
    return { id: this.sessionId, kind: this.plan.kind, closesAt: this.plan.start + 600_000, lobby: this.plan.lobby, graceSeconds: 20 }
  }

  createSeat(role: Role, staff?: string): SimStep {
    const n = ++this.n
    const event: Event = {
      type: 'create_seat',
      session: this.session(),
      role,
      ...(staff ? { staffId: staff } : {}),
      codeWordRequired: role === 'participant' && chance(this.r, 0.3),
      seatId: id('seat', n),
      secretHash: id('hash', n),
      identity: id('lk-', n),
    }
    return { at: this.now, kind: 'event', event }
  }

  /**
   * The states random steps rarely reach by themselves, reached on purpose: a facilitator, an
   * observer (the second adult of a youth session) and a participant admitted, she asking for
   * audio and LiveKit answering. Then random steps take over: a removal racing her first media
   * request, adults dropping below two while a youth is in media, LiveKit refusing the pause.
   */
  scene(): ((w: World) => SimStep | undefined)[] {
    const ev = (event: Event): SimStep => ({ at: (this.now += 50), kind: 'event', event })
    const socketOf = (w: World, seatId: string) => [...w.open.entries()].find(([, i]) => i.seatId === seatId)?.[0]
    const enter = (seatId: () => string | undefined, name: string) => [
      (w: World) => {
        const id0 = seatId()
        const seat = id0 ? w.seats.get(id0) : undefined
        return id0 && seat ? ev({ type: 'connect', socket: id('k', ++this.n, 8), seatId: id0, secretHash: seat.secretHash }) : undefined
      },
      (w: World) => {
        const socket = seatId() && socketOf(w, seatId()!)
        return socket ? ev({ type: 'frame', socket, raw: JSON.stringify({ type: 'join', pseudonym: name, agreed: true }), nonce: id('n', ++this.n, 12) }) : undefined
      },
    ]
    const admit = (seatId: () => string | undefined) => (w: World) => {
      const fac = [...w.open.entries()].find(([, i]) => i.role === 'facilitator')?.[0]
      const target = seatId()
      if (!fac || !target || w.state.seats[target]?.admitted !== false) return undefined
      return ev({ type: 'frame', socket: fac, raw: JSON.stringify({ type: 'admit', seatId: target }), nonce: id('n', ++this.n, 12) })
    }
    const made: string[] = []
    const seat = (role: Role) => () => {
      const step = this.createSeat(role)
      if (step.kind === 'event' && step.event.type === 'create_seat') made.push(step.event.seatId)
      return { ...step, at: (this.now += 50) }
    }
    const first = () => 'seat' + String(1).padStart(12, '0')
    return [
      ...enter(first, 'Marie'),
      seat('observer'),
      ...enter(() => made[0], 'Guardian'),
      admit(() => made[0]),
      seat('participant'),
      ...enter(() => made[1], 'Sky'),
      admit(() => made[1]),
      (w) => {
        const socket = made[1] && socketOf(w, made[1])
        return socket ? ev({ type: 'frame', socket, raw: JSON.stringify({ type: 'media', mode: 'audio' }), nonce: id('n', ++this.n, 12) }) : undefined
      },
      (w) => {
        const i = w.calls.findIndex((c) => c.then.kind === 'token')
        if (i < 0) return undefined
        const [c] = w.calls.splice(i, 1)
        return ev({ type: 'livekit_answer', call: c!.call, then: c!.then, ok: true })
      },
    ]
  }

  next(w: World): SimStep {
    const r = this.r
    // Mostly quick steps; now and then a pause (a reload, a blip), or a longer absence (a tab
    // closed and reopened later, a phone asleep) past the 30 s after which a seat waits again.
    this.now += chance(r, 0.08) ? 1000 + Math.floor(r() * 30_000) : chance(r, 0.02) ? 30_000 + Math.floor(r() * 60_000) : Math.floor(r() * 400)
    if (chance(r, 0.003)) this.now = this.plan.start + 600_000 + Math.floor(r() * 1000)
    const ev = (event: Event): SimStep => ({ at: this.now, kind: 'event', event })
    const sockets = [...w.open.keys()]
    const seats = [...w.seats.entries()]
    const roll = r() * 100
    if (roll < 7) {
      const role = pick(r, ['participant', 'participant', 'participant', 'observer', 'cofacilitator', 'interpreter', 'facilitator'] as const)
      return this.createSeat(role, role === 'facilitator' ? 'staff-1' : undefined)
    }
    if (roll < 19 && seats.length) {
      const [seatId, seat] = pick(r, seats)
      return ev({ type: 'connect', socket: id('k', ++this.n, 8), seatId, secretHash: chance(r, 0.95) ? seat.secretHash : 'wrong' })
    }
    if (roll < 60 && sockets.length) {
      const socket = pick(r, sockets)
      return ev({ type: 'frame', socket, raw: this.frame(w, socket), nonce: id('n', ++this.n, 12) })
    }
    if (roll < 66 && sockets.length) {
      // A socket dropping, or the runtime reporting late the close of one the room closed itself.
      const late = w.closed.length && chance(r, 0.3) ? w.closed.splice(Math.floor(r() * w.closed.length), 1) : []
      return ev({ type: 'socket_closed', socket: late[0] ?? pick(r, sockets) })
    }
    // Hibernation keeps the sockets; a restart (a deploy) cuts them all without a close event.
    if (roll < 69) return { at: this.now, kind: chance(r, 0.8) ? 'hibernate' : 'restart' }
    if (roll < 76) {
      // The alarm as the runtime fires it: on time, late, early, or twice.
      if (w.alarmAt !== null && chance(r, 0.6)) this.now = Math.max(this.now, w.alarmAt + Math.floor(r() * 50))
      return ev({ type: 'alarm' })
    }
    if (roll < 78) return ev({ type: 'tick' })
    if (roll < 87 && w.calls.length) {
      const i = Math.floor(r() * w.calls.length)
      const c = w.calls[i]!
      if (!chance(r, 0.1)) w.calls.splice(i, 1)
      return ev({ type: 'livekit_answer', call: c.call, then: c.then, ok: chance(r, 0.8) })
    }
    if (roll < 91 && w.tasks.length) {
      const batch = w.tasks.splice(0, 1 + Math.floor(r() * w.tasks.length))
      if (chance(r, 0.1)) w.tasks.push(...batch)
      const done = batch.filter(() => chance(r, 0.7))
      return ev({ type: 'tasks_done', done, failed: batch.filter((t) => !done.includes(t)) })
    }
    if (roll < 93 && w.d1 > 0) {
      w.d1--
      return ev({ type: 'd1_closed', ok: chance(r, 0.7) })
    }
    if (roll < 98) {
      const rooms = [...w.rooms]
      const room = rooms.length && chance(r, 0.85) ? (chance(r, 0.7) ? rooms.at(-1)! : pick(r, rooms)) : 'elsewhere.0'
      const identity = seats.length && chance(r, 0.9) ? pick(r, seats)[1].identity : 'lk-stranger'
      const kind = pick(r, ['participant_joined', 'participant_joined', 'participant_left', 'participant_connection_aborted'] as const)
      return ev({ type: 'webhook', event: kind, room, identity })
    }
    if (roll < 98.4) return ev({ type: 'end', session: this.session(), reason: 'ended' })
    return this.createSeat('participant')
  }

  private frame(w: World, socket: string): string {
    const r = this.r
    const self = w.open.get(socket)!
    const seats = Object.values(w.state.seats)
    const other = () => (seats.length && chance(r, 0.9) ? pick(r, seats).seatId : id('seat', 999))
    const waiting = seats.filter((s) => !s.admitted)
    const moderator = self.role === 'facilitator' || self.role === 'cofacilitator'
    const b64 = (n: number) => 'QUFB'.repeat(Math.ceil(n / 4)).slice(0, n)
    const sealed = () => ({ iv: b64(16), ct: b64(24 + 4 * Math.floor(r() * 8)) })
    const choices: (() => ClientMessage | string)[] = [
      () => ({ type: 'join', pseudonym: pick(r, ['Amy', 'Bea', 'Chloé', 'Dee']), agreed: true, ...(chance(r, 0.6) ? { codeWord: sealed() } : {}) }),
      () => ({ type: 'hand', raised: chance(r, 0.6) }),
      () => ({ type: 'alert', kind: pick(r, ['step_away', 'not_safe'] as const) }),
      () => ({ type: 'chat', ...sealed() }),
      () => ({ type: 'chat', ...sealed() }),
      () => ({ type: 'media', mode: pick(r, ['video', 'audio', 'text'] as Mode[]) }),
      () => (chance(r, 0.5) ? 'not json' : JSON.stringify({ type: 'nope' })),
      () => (chance(r, 0.15) ? { type: 'leave' } : { type: 'hand', raised: false }),
    ]
    const moderation: (() => ClientMessage)[] = [
      () => ({ type: 'admit', seatId: waiting.length && chance(r, 0.9) ? pick(r, waiting).seatId : other() }),
      () => ({ type: 'admit', seatId: waiting.length ? pick(r, waiting).seatId : other() }),
      () => ({ type: 'turn_away', seatId: waiting.length ? pick(r, waiting).seatId : other() }),
      () => ({ type: 'remove', seatId: other() }),
      () => ({ type: 'lower_all_hands' }),
      () => ({ type: 'set_chat', enabled: chance(r, 0.6) }),
      () => ({ type: 'delete_message', messageId: w.messageIds.length ? pick(r, w.messageIds) : 'abcdefghijkl', rule: chance(r, 0.5) ? 2 : null }),
      () => ({ type: 'mute', seatId: other(), source: pick(r, ['microphone', 'camera'] as const) }),
      () => ({ type: 'stop_publishing', seatId: other() }),
      () => ({ type: 'allow_camera', seatId: other(), allowed: chance(r, 0.7) }),
      () => ({ type: 'spotlight', seatId: chance(r, 0.3) ? null : other() }),
      () => (chance(r, 0.1) ? { type: 'end' } : { type: 'lower_all_hands' }),
      () => ({ type: 'private_reply', seatId: other(), ...sealed() }),
    ]
    const made = moderator && chance(r, 0.5) ? pick(r, moderation)() : !moderator && chance(r, 0.05) ? pick(r, moderation)() : pick(r, choices)()
    return typeof made === 'string' ? made : JSON.stringify(made)
  }
}
