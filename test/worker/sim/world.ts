// The simulation's world around the room's pure core: what the shell would keep (storage, socket
// attachments), what is in flight (LiveKit calls, D1, the alarm), and a step that applies effects.
import { isModerator } from '../../../worker/protocol'
import { rebuild, step as realStep } from '../../../worker/room/core/step'
import type { CoreState, Effect, Event, LiveKitCall, Pending } from '../../../worker/room/core/types'
import type { LiveKitTask } from '../../../worker/room/livekit-tasks'
import type { RoomMeta, Seat } from '../../../worker/room/state'

export type StepFn = typeof realStep

/**
 * One recorded step of a simulated session: an event at a time, the runtime dropping memory
 * (hibernation: open sockets survive), or a restart (a deploy: every socket is cut, no close event).
 */
export type SimStep = { at: number } & ({ kind: 'event'; event: Event } | { kind: 'hibernate' } | { kind: 'restart' })

export type Check = { name: string; message: string }

export type World = {
  media: boolean
  state: CoreState
  storage: { meta: RoomMeta | undefined; seats: Map<string, Seat> }
  /** Accepted sockets not yet closed: what the runtime's getWebSockets() would give back. */
  open: Map<string, { seatId: string; role: Seat['role'] }>
  calls: { call: LiveKitCall; then: Pending }[]
  tasks: LiveKitTask[]
  d1: number
  /** Every seat ever made (token material for reconnecting, identities for webhooks). */
  seats: Map<string, { secretHash: string; identity: string; role: Seat['role'] }>
  /** Identities of seats voided while the session was open. */
  voided: Set<string>
  rooms: Set<string>
  messageIds: string[]
  /** Sockets the room closed: the runtime still reports their close later. */
  closed: string[]
  closedAt?: number
  alarmAt: number | null
}

export function newWorld(media: boolean, state: CoreState): World {
  return {
    media,
    state,
    storage: { meta: undefined, seats: new Map() },
    open: new Map(),
    calls: [],
    tasks: [],
    d1: 0,
    seats: new Map(),
    voided: new Set(),
    rooms: new Set(),
    messageIds: [],
    closed: [],
    alarmAt: null,
  }
}

export type Applied = { prev: CoreState; effects: Effect[]; step: SimStep }

/** Runs one recorded step against the world; the caller checks invariants on what it returns. */
export function apply(w: World, s: SimStep, step: StepFn): Applied {
  const prev = w.state
  if (s.kind === 'hibernate' || s.kind === 'restart') {
    if (s.kind === 'restart') {
      w.open.clear()
      w.closed.length = 0
    }
    // Memory dropped: the core is rebuilt only from storage and the open sockets' attachments,
    // then told so, as the shell's constructor does.
    const rebuilt = rebuild(w.media, {
      meta: w.storage.meta && structuredClone(w.storage.meta),
      seats: [...w.storage.seats.values()].map((x) => structuredClone(x)),
      sockets: [...w.open.entries()].map(([id, info]) => [id, { ...info }]),
    })
    const { state, effects } = step(rebuilt, { type: 'rebuilt' }, s.at)
    w.state = state
    for (const e of effects) perform(w, e)
    return { prev, effects, step: s }
  }
  const ev = s.event
  if (ev.type === 'create_seat') w.seats.set(ev.seatId, { secretHash: ev.secretHash, identity: ev.identity, role: ev.role })
  if (ev.type === 'socket_closed') w.open.delete(ev.socket)
  const { state, effects } = step(prev, ev, s.at)
  w.state = state
  for (const e of effects) perform(w, e)
  // Seats gone while the session ran (removed, turned away, left, replaced) are void for good.
  if (state.meta?.status === 'open') {
    for (const [id, seat] of Object.entries(prev.seats)) if (!state.seats[id]) w.voided.add(seat.identity)
  }
  if (state.meta) w.rooms.add(`${state.meta.sessionId}.${state.meta.mediaGeneration ?? 0}`)
  if (prev.meta?.status === 'open' && state.meta?.status === 'closed') w.closedAt = s.at
  return { prev, effects, step: s }
}

function perform(w: World, e: Effect) {
  switch (e.type) {
    case 'accept':
      w.open.set(e.socket, { seatId: e.seatId, role: e.role })
      return
    case 'close':
      w.open.delete(e.socket)
      w.closed.push(e.socket)
      return
    case 'put_meta':
      w.storage.meta = {
        ...e.meta,
        ...(e.meta.livekitTasks ? { livekitTasks: e.meta.livekitTasks.map((t) => ({ ...t })) } : {}),
        ...(e.meta.pendingAlerts ? { pendingAlerts: [...e.meta.pendingAlerts] } : {}),
      }
      return
    case 'put_seat':
      w.storage.seats.set(e.seat.seatId, { ...e.seat })
      return
    case 'delete_seat':
      w.storage.seats.delete(e.seatId)
      return
    case 'wipe':
      w.storage.meta = undefined
      w.storage.seats.clear()
      return
    case 'alarm':
      w.alarmAt = e.at
      return
    case 'livekit':
      w.calls.push({ call: e.call, then: e.then })
      return
    case 'livekit_tasks':
      w.tasks.push(...e.tasks)
      return
    case 'record_close':
      w.d1++
      return
    case 'send':
      if (e.frame.type === 'chat') w.messageIds.push(e.frame.id)
      return
    default:
      return
  }
}

export const moderatorSocketOpen = (s: CoreState) =>
  Object.values(s.sockets).some((i) => {
    const seat = s.seats[i.seatId]
    // Only a co-facilitator who was let in counts: one by link waits for a facilitator first.
    return seat !== undefined && isModerator(seat.role) && seat.admitted
  })
