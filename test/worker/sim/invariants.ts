// DESIGN.md's safety invariants as predicates over the world after each step: the state the core
// returned, the effects it asked for, and what the shell keeps. Each returns a message or nothing.
import { isModerator, type ServerMessage } from '../../../worker/protocol'
import type { CoreState, Effect } from '../../../worker/room/core/types'
import type { Seat } from '../../../worker/room/state'
import { DOOR_INVARIANTS } from './invariants-doors'
import { moderatorSocketOpen, type Applied, type World } from './world'

type Predicate = (w: World, a: Applied) => string | undefined

const adults = (s: CoreState) => {
  let n = 0
  const online = new Set(Object.values(s.sockets).map((i) => i.seatId))
  for (const id of online) {
    const seat = s.seats[id]
    if (seat && seat.admitted && seat.role !== 'participant' && seat.role !== 'interpreter') n++
  }
  return n
}
const isYouth = (s: CoreState, seat: Seat | undefined) => s.meta?.kind === 'youth' && seat?.role === 'participant'
const sends = (effects: Effect[]) => effects.filter((e): e is Extract<Effect, { type: 'send' }> => e.type === 'send')

/** What someone waiting in the lobby (or refused at the door) may be told. */
const LOBBY_FRAMES = new Set<ServerMessage['type']>(['welcome', 'error', 'turned_away', 'ended', 'removed', 'alert_sent'])

export const INVARIANTS: Record<string, Predicate> = {
  /** No frame reaches a socket that is closed, or whose seat is void, removed or turned away. */
  'frames reach live seats only': (w, { prev, effects }) => {
    const closed = new Set<string>()
    for (const e of effects) {
      if (e.type === 'close') closed.add(e.socket)
      if (e.type !== 'send') continue
      for (const to of e.to) {
        if (closed.has(to)) return `${e.frame.type} sent to socket ${to} after it was closed`
        const info = w.state.sockets[to] ?? prev.sockets[to]
        const closing = effects.some((x) => x.type === 'close' && x.socket === to)
        if (!w.state.sockets[to] && !closing && !isRefusal(e.frame)) return `${e.frame.type} sent to socket ${to}, which is not open`
        if (info && !w.state.seats[info.seatId] && !closing) return `${e.frame.type} sent to void seat ${info.seatId}`
      }
    }
    return undefined
  },

  /** The lobby hears only what is addressed to it. */
  'the lobby hears only its own': (w, { prev, effects }) => {
    for (const e of sends(effects)) {
      for (const to of e.to) {
        const info = w.state.sockets[to] ?? prev.sockets[to]
        const seat = info && (w.state.seats[info.seatId] ?? prev.seats[info.seatId])
        if (!seat || seat.admitted) continue
        if (!LOBBY_FRAMES.has(e.frame.type)) return `${seat.seatId}, waiting, was sent ${e.frame.type}`
        if (e.frame.type === 'welcome' && e.frame.members.length) return `${seat.seatId}, waiting, was shown the room`
      }
    }
    return undefined
  },

  /** Alerts reach facilitators only. */
  'alerts reach facilitators only': (w, { prev, effects }) => {
    for (const e of sends(effects)) {
      if (e.frame.type !== 'alert') continue
      for (const to of e.to) {
        const info = w.state.sockets[to] ?? prev.sockets[to]
        const seat = info && (w.state.seats[info.seatId] ?? prev.seats[info.seatId])
        if (!seat || !isModerator(seat.role)) return `an alert reached ${info?.seatId ?? to} (${seat?.role})`
      }
    }
    return undefined
  },

  /** A facilitator's private reply reaches the one person it answers, never in a youth session
   * (two adults see everything said to a youth), and is never kept. */
  'private replies reach one person, never a youth, and are not kept': (w, { prev, effects, step }) => {
    const replies = sends(effects).filter((e) => e.frame.type === 'private_reply')
    if (!replies.length) return undefined
    const from = step.kind === 'event' && step.event.type === 'frame' ? prev.sockets[step.event.socket] : undefined
    if (!from || !isModerator(from.role)) return `a private reply sent without a facilitator asking (${from?.role})`
    if (prev.meta?.kind === 'youth') return 'a private reply was sent in a youth session'
    const ct = JSON.parse((step as { event: { raw: string } }).event.raw).ct as string
    for (const e of replies) {
      const seats = new Set(e.to.map((to) => (w.state.sockets[to] ?? prev.sockets[to])?.seatId))
      if (seats.size !== 1 || seats.has(from.seatId)) return `a private reply reached ${[...seats].join(', ')}`
    }
    if (effects.some((e) => (e.type === 'put_seat' || e.type === 'put_meta') && JSON.stringify(e).includes(ct))) {
      return 'a private reply was written to storage'
    }
    return undefined
  },

  /** The roster never lists a void or waiting seat. */
  'the roster lists people in the room only': (w, { effects }) => {
    for (const e of sends(effects)) {
      const list = e.frame.type === 'roster' || e.frame.type === 'welcome' ? e.frame.members : []
      for (const m of list) {
        const seat = w.state.seats[m.seatId]
        if (!seat) return `${e.frame.type} lists void seat ${m.seatId}`
        if (!seat.admitted || seat.pseudonym === null) return `${e.frame.type} lists ${m.seatId}, who is not in the room`
      }
    }
    return undefined
  },

  /** A removed (or otherwise voided) identity is never granted a token again. */
  'a void identity gets no token': (w, { effects }) => {
    for (const e of effects) {
      if (e.type !== 'media_token') continue
      if (w.voided.has(e.seat.identity)) return `a token for void identity ${e.seat.identity}`
      if (!w.state.seats[e.seatId]) return `a token for seat ${e.seatId}, which is gone`
    }
    return undefined
  },

  /** Youth are never admitted, and never keep media, with fewer than two adults present. */
  'youth are supervised by two adults': (w, { prev, effects }) => {
    const s = w.state
    if (s.meta?.kind !== 'youth' || s.meta.status !== 'open') return undefined
    for (const seat of Object.values(s.seats)) {
      if (isYouth(s, seat) && seat.admitted && !prev.seats[seat.seatId]?.admitted && adults(prev) < 2) {
        return `youth ${seat.seatId} admitted with ${adults(prev)} adult(s) present`
      }
    }
    const youthIn = Object.values(s.seats).some((x) => isYouth(s, x) && x.admitted)
    if (youthIn && adults(s) < 2 && s.meta.supervisionDeadline === undefined) {
      return `youth in the room with ${adults(s)} adult(s) and their media not paused`
    }
    for (const e of effects) {
      if (e.type === 'media_token' && isYouth(s, s.seats[e.seatId]) && adults(s) < 2 && e.grant.sources.length) {
        return `youth ${e.seatId} granted ${e.grant.sources.join('+')} with ${adults(s)} adult(s)`
      }
    }
    return undefined
  },

  /** Once closed: never reopens, every socket closed, no seat, nothing about anyone kept, D1 told. */
  'closed means closed': (w, { prev, effects }) => {
    const s = w.state
    if (prev.meta?.status === 'closed' && s.meta?.status !== 'closed') return 'the room reopened'
    if (s.meta?.status !== 'closed') return undefined
    if (Object.keys(s.sockets).length || w.open.size) return `${w.open.size || Object.keys(s.sockets).length} socket(s) still open after the close`
    if (effects.some((e) => e.type === 'accept')) return 'a socket was accepted after the close'
    if (effects.some((e) => e.type === 'reply' && e.value.ok)) return 'a seat was made after the close'
    if (Object.keys(s.seats).length || w.storage.seats.size) return 'seats remain after the close'
    // Storage only changes through these effects: nothing new to read otherwise.
    if (prev.meta?.status === 'closed' && !effects.some((e) => e.type === 'put_meta' || e.type === 'put_seat')) return undefined
    const kept = JSON.stringify(w.storage.meta ?? {})
    for (const key of ['pendingAlerts', 'spotlight', 'graceDeadline', 'supervisionDeadline', '"remove"']) {
      if (kept.includes(key)) return `storage keeps ${key} after the close`
    }
    if (!s.meta.pendingD1Close && !effects.some((e) => e.type === 'record_close') && w.d1 === 0 && prev.meta?.status === 'open') {
      return 'D1 was not told of the close'
    }
    return undefined
  },

  /** A facilitator connected means no countdown; a countdown that ends closes the session. */
  'facilitator presence and the countdown': (w, { prev, step }) => {
    const s = w.state
    if (s.meta?.status !== 'open') {
      return undefined
    }
    if (moderatorSocketOpen(s) && s.meta.graceDeadline !== undefined) return 'a facilitator is connected and the away countdown runs'
    if (s.meta.graceDeadline !== undefined && (w.alarmAt ?? Infinity) > s.meta.graceDeadline) {
      return 'the away countdown runs with no alarm to end it'
    }
    if (step.kind === 'event' && step.event.type === 'alarm' && prev.meta?.graceDeadline !== undefined && step.at >= prev.meta.graceDeadline) {
      return 'the away countdown ended and the session stayed open'
    }
    return undefined
  },
  ...DOOR_INVARIANTS,
}

const isRefusal = (f: ServerMessage) => f.type === 'error' || f.type === 'ended'

export function check(w: World, a: Applied): { name: string; message: string } | undefined {
  for (const [name, predicate] of Object.entries(INVARIANTS)) {
    const message = predicate(w, a)
    if (message) return { name, message }
  }
  return undefined
}
