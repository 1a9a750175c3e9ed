// The pure room core (worker/room/core) driven event by event for tests: step(state, event, now)
// with what the shell would keep (storage, open sockets, the alarm) tracked by the simulation's
// world (test/worker/sim/world.ts), and helpers to read the frames, closes and effects it asked for.
import { expect } from 'vitest'
import type { ClientMessage, Role, ServerMessage, SessionKind } from '../../../worker/protocol'
import { initialState, step } from '../../../worker/room/core/step'
import type { Effect, Event, SessionShape } from '../../../worker/room/core/types'
import type { RoomMeta } from '../../../worker/room/state'
import { apply, newWorld, type World } from '../sim/world'

/**
 * The real step, checked at every call: it leaves its input untouched, writes the meta at most once
 * and after any wipe, and every refusal and close says why (invariant 9).
 */
export const checkedStep: typeof step = (state, event, now) => {
  const before = JSON.stringify(state)
  const out = step(state, event, now)
  const where = `${event.type} at ${now}`
  expect(JSON.stringify(state), `${where}: the input state was changed`).toBe(before)
  const metas = out.effects.filter((e) => e.type === 'put_meta')
  expect(metas.length, `${where}: meta writes`).toBeLessThanOrEqual(1)
  const wipe = out.effects.findIndex((e) => e.type === 'wipe')
  if (wipe >= 0)
    expect(
      out.effects.findIndex((e) => e.type === 'put_meta'),
      `${where}: meta after the wipe`,
    ).toBeGreaterThan(wipe)
  for (const e of out.effects) {
    if (e.type === 'send')
      expect(e.to.length, `${where}: ${e.frame.type} sent to nobody`).toBeGreaterThan(0)
    if (e.type === 'send' && e.frame.type === 'error')
      expect(e.frame.message, `${where}: ${e.frame.code}`).toMatch(/^[A-Z].{8,}/s)
    if (e.type === 'close')
      expect(e.reason, `${where}: close ${e.code}`).toMatch(/^[a-z][a-z ]{3,}$/)
  }
  return out
}

export const T0 = 1_800_000_000_000
export const HOUR = 3_600_000
export const GRACE_MS = 20_000
export const IV = btoa('123456789012')
export const CT = btoa('x'.repeat(18))

type Frame<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>

/** One session's room: the core, what the shell keeps, and the effects of the last event. */
export class Room {
  readonly w: World
  readonly session: SessionShape
  now = T0
  effects: Effect[] = []
  private n = 0

  constructor(
    kind: SessionKind = 'group',
    opts: { lobby?: boolean; media?: boolean; maxParticipants?: number } = {},
  ) {
    const media = opts.media ?? false
    this.w = newWorld(media, initialState(media))
    this.session = {
      id: 'SessionAbcdEfgh01',
      kind,
      closesAt: T0 + HOUR,
      graceSeconds: GRACE_MS / 1000,
      ...(opts.lobby ? { lobby: true } : {}),
      ...(opts.maxParticipants ? { maxParticipants: opts.maxParticipants } : {}),
    }
  }

  get state() {
    return this.w.state
  }
  get meta(): RoomMeta {
    return this.w.state.meta!
  }

  /** One event, a second after the last one unless `at` is given (rosters then go out at once). */
  ev(event: Event, at = this.now + 1000): Effect[] {
    this.now = at
    this.effects = apply(this.w, { at, kind: 'event', event }, checkedStep).effects
    return this.effects
  }

  /** The runtime drops the object's memory: the core is rebuilt from storage and open sockets. */
  hibernate() {
    this.effects = apply(this.w, { at: this.now, kind: 'hibernate' }, step).effects
    return this.effects
  }

  /** A restart: every socket cut with no close event, the room rebuilt from storage. */
  restart() {
    this.effects = apply(this.w, { at: this.now, kind: 'restart' }, step).effects
    return this.effects
  }

  seat(
    role: Role,
    opts: { staffId?: string; staffName?: string; codeWordRequired?: boolean } = {},
  ): string {
    const n = ++this.n
    const seatId = `seat${n}AbCdEfGh`
    this.ev({
      type: 'create_seat',
      session: this.session,
      role,
      seatId,
      secretHash: `hash-${n}`,
      identity: `lk-${n}`,
      ...opts,
    })
    return seatId
  }

  connect(seatId: string, secretHash = this.w.seats.get(seatId)?.secretHash): string {
    const socket = `sock${++this.n}`
    this.ev({ type: 'connect', socket, seatId, ...(secretHash ? { secretHash } : {}) })
    return socket
  }

  send(socket: string, msg: ClientMessage | Record<string, unknown>, at?: number): Effect[] {
    return this.ev(
      { type: 'frame', socket, raw: JSON.stringify(msg), nonce: `n${++this.n}xyz` },
      at,
    )
  }

  /** A seat made, connected and joined under a pseudonym. */
  person(role: Role, pseudonym = `P${this.n + 1}`, opts: { staffId?: string } = {}) {
    const seatId = this.seat(
      role,
      role === 'facilitator' ? { staffId: opts.staffId ?? `staff-${this.n}` } : opts,
    )
    const socket = this.connect(seatId)
    this.send(socket, { type: 'join', pseudonym, agreed: true })
    // A co-facilitator comes by a link and waits until a facilitator lets them in.
    const host = role === 'cofacilitator' ? this.facilitatorSocket() : undefined
    if (host) this.admit(host, seatId)
    return { seatId, socket, identity: this.state.seats[seatId]!.identity }
  }

  /** A socket of a facilitator (staff) seat, if one is connected. */
  facilitatorSocket(): string | undefined {
    for (const [id, info] of Object.entries(this.state.sockets)) {
      if (this.state.seats[info.seatId]?.role === 'facilitator') return id
    }
    return undefined
  }

  admit(by: string, seatId: string) {
    return this.send(by, { type: 'admit', seatId })
  }

  close(socket: string, at?: number) {
    return this.ev({ type: 'socket_closed', socket }, at)
  }

  alarm(at: number) {
    return this.ev({ type: 'alarm' }, at)
  }

  /** Frames the last event sent to a socket, optionally of one type. */
  to<T extends ServerMessage['type']>(socket: string, type: T): Frame<T>[] {
    return this.effects.flatMap((e) =>
      e.type === 'send' && e.to.includes(socket) && e.frame.type === type
        ? [e.frame as Frame<T>]
        : [],
    )
  }
  one<T extends ServerMessage['type']>(socket: string, type: T): Frame<T> {
    const frames = this.to(socket, type)
    expect(frames, `${type} to ${socket} in ${JSON.stringify(this.effects)}`).toHaveLength(1)
    return frames[0]!
  }
  error(socket: string) {
    return this.one(socket, 'error').code
  }
  closedWith(socket: string) {
    return this.effects.flatMap((e) => (e.type === 'close' && e.socket === socket ? [e.code] : []))
  }
  effectsOf<T extends Effect['type']>(type: T): Extract<Effect, { type: T }>[] {
    return this.effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type)
  }
  /** Everything the room keeps, as text: what a rebuilt room would start from. */
  kept() {
    return JSON.stringify({ meta: this.w.storage.meta, seats: [...this.w.storage.seats.entries()] })
  }
}

/** A group session with a facilitator and a participant, both joined. */
export function circle(
  kind: SessionKind = 'group',
  opts: { lobby?: boolean; media?: boolean } = {},
) {
  const room = new Room(kind, opts)
  const fac = room.person('facilitator', 'Marie')
  const amy = room.person('participant', 'Amy')
  return { room, fac, amy }
}

/** A youth session with a facilitator and an observer admitted, and one youth admitted. */
export function youthCircle(media = false) {
  const room = new Room('youth', { media })
  const fac = room.person('facilitator', 'Marie')
  const obs = room.person('observer', 'Guardian')
  room.admit(fac.socket, obs.seatId)
  const sky = room.person('participant', 'Sky')
  room.admit(fac.socket, sky.seatId)
  expect(room.state.seats[sky.seatId]!.admitted).toBe(true)
  return { room, fac, obs, sky }
}
