// The core's one entry point: step(state, event, now) → { state, effects }. It copies the state,
// lets the concern that owns the event change the copy, then coalesces the roster and the alarm.
import * as v from 'valibot'
import { assertNever, ClientMessageSchema, CLOSE_CODES, isModerator, LIMITS, type ClientMessage } from '../../protocol'
import type { Seat } from '../state'
import { closeSession, nextAlarm, onAlarm, onD1Closed, onTasksDone } from './closing'
import { actsAsModerator, Tx } from './context'
import { frameClass, take } from './limits'
import { onLiveKitAnswer, onWebhook, moderateMedia, switchMode } from './media'
import { alert, chat, deleteMessage, hand, lowerAllHands, remove, setChat } from './moderation'
import { privateReply } from './private-reply'
import { flushRoster } from './roster'
import { reapplyAfterLateAnswers } from './supervision'
import { admitOrTurnAway, connect, createSeat, freshMeta, join, leave, rebuilt, socketClosed } from './seats'
import type { CoreState, Effect, Event } from './types'

export function initialState(media: boolean): CoreState {
  return { media, meta: undefined, seats: {}, sockets: {}, buckets: {}, rosterDirty: false, rosterSentAt: 0, alertsSeen: {} }
}

/** What the shell keeps (storage and socket attachments) is all a rebuilt room starts from. */
export function rebuild(
  media: boolean,
  kept: { meta: CoreState['meta']; seats: Seat[]; sockets: [string, { seatId: string; role: Seat['role'] }][] },
): CoreState {
  const s = initialState(media)
  s.meta = kept.meta
  for (const seat of kept.seats) s.seats[seat.seatId] = seat
  for (const [id, info] of kept.sockets) s.sockets[id] = info
  return s
}

function copy(s: CoreState): CoreState {
  const seats: CoreState['seats'] = {}
  for (const id in s.seats) seats[id] = { ...s.seats[id]! }
  const meta = s.meta && {
    ...s.meta,
    ...(s.meta.livekitTasks ? { livekitTasks: s.meta.livekitTasks.map((t) => ({ ...t })) } : {}),
    ...(s.meta.pendingAlerts ? { pendingAlerts: [...s.meta.pendingAlerts] } : {}),
  }
  return { ...s, meta, seats, sockets: { ...s.sockets }, buckets: { ...s.buckets }, alertsSeen: { ...s.alertsSeen } }
}

export function step(state: CoreState, event: Event, now: number): { state: CoreState; effects: Effect[] } {
  const tx = new Tx(copy(state), now)
  dispatch(tx, event)
  flushRoster(tx)
  const alarm = nextAlarm(tx.s.meta, now)
  // An alarm that ran is gone from the runtime, so it is always set again.
  if (alarm !== tx.s.alarmAt || event.type === 'alarm') {
    tx.s.alarmAt = alarm
    tx.emit({ type: 'alarm', at: alarm })
  }
  return { state: tx.s, effects: tidy(tx.effects) }
}

/** One meta write per step (the last), after any wipe. */
function tidy(effects: Effect[]): Effect[] {
  let lastMeta = -1
  effects.forEach((e, i) => e.type === 'put_meta' && (lastMeta = i))
  return effects.filter((e, i) => e.type !== 'put_meta' || i === lastMeta)
}

function dispatch(tx: Tx, ev: Event) {
  switch (ev.type) {
    case 'create_seat':
      return createSeat(tx, ev)
    case 'end':
      tx.s.meta ??= freshMeta(ev.session)
      return closeSession(tx, ev.reason)
    case 'connect':
      return connect(tx, ev)
    case 'frame':
      return frame(tx, ev.socket, ev.raw, ev.nonce)
    case 'socket_closed':
      return socketClosed(tx, ev.socket, ev.lastSeen)
    case 'rebuilt':
      return rebuilt(tx)
    case 'alarm':
      return onAlarm(tx)
    case 'tick':
      return
    case 'livekit_answer':
      onLiveKitAnswer(tx, ev)
      // A direct publishing call (a camera allowed, media stopped) answered after a youth's pause
      // was confirmed may have been applied last, answered or timed out: what is wanted now is sent.
      if (ev.call.op === 'publishing') reapplyAfterLateAnswers(tx, [{ ...ev.call, attempts: 0, nextAt: 0 }])
      return
    case 'tasks_done':
      onTasksDone(tx, ev.done, ev.failed)
      return reapplyAfterLateAnswers(tx, [...ev.done, ...ev.failed])
    case 'd1_closed':
      return onD1Closed(tx, ev.ok)
    case 'webhook':
      return onWebhook(tx, ev)
    default:
      assertNever(ev)
  }
}

const encoder = new TextEncoder()

function frame(tx: Tx, socket: string, raw: string, nonce: string) {
  const from = tx.s.sockets[socket]
  const seat = from ? tx.s.seats[from.seatId] : undefined
  if (!seat || !tx.open) return tx.closeSocket(socket, CLOSE_CODES.unauthorized, 'seat revoked')
  if (raw.length > LIMITS.frameBytes || encoder.encode(raw).byteLength > LIMITS.frameBytes) {
    return tx.reject(socket, 'too_large', 'That message is too long.')
  }
  let data: unknown
  try {
    data = JSON.parse(raw)
  } catch {
    return tx.reject(socket, 'bad_frame', 'That message could not be read.')
  }
  const parsed = v.safeParse(ClientMessageSchema, data)
  if (!parsed.success) return tx.reject(socket, 'bad_frame', `That message is not valid: ${parsed.issues[0]?.message}`)
  const msg = parsed.output
  if (!take(tx, seat.seatId, frameClass(msg.type))) {
    return tx.reject(socket, 'rate_limited', 'You are sending messages too fast. Wait a moment.')
  }
  handle(tx, socket, seat, msg, nonce)
}

const MODERATOR_ONLY = new Set<ClientMessage['type']>([
  'admit', 'turn_away', 'allow_camera', 'lower_all_hands', 'set_chat', 'delete_message', 'remove',
  'mute', 'stop_publishing', 'spotlight', 'end', 'private_reply',
])

function handle(tx: Tx, socket: string, seat: Seat, msg: ClientMessage, nonce: string) {
  if (MODERATOR_ONLY.has(msg.type) && !actsAsModerator(seat)) {
    if (isModerator(seat.role)) return tx.reject(socket, 'in_lobby', 'Wait until a facilitator lets you in.')
    return tx.reject(socket, 'forbidden', 'Only a facilitator can do this.')
  }
  switch (msg.type) {
    case 'join':
      return join(tx, socket, seat, msg)
    case 'admit':
    case 'turn_away':
      return admitOrTurnAway(tx, socket, seat, msg)
    case 'hand':
      return hand(tx, socket, seat, msg.raised)
    case 'lower_all_hands':
      return lowerAllHands(tx)
    case 'alert':
      return alert(tx, socket, seat, msg.kind)
    case 'set_chat':
      return setChat(tx, msg.enabled)
    case 'delete_message':
      return deleteMessage(tx, msg.messageId, msg.rule)
    case 'chat':
      return chat(tx, socket, seat, msg, nonce)
    case 'remove':
      return remove(tx, socket, seat, msg.seatId)
    case 'private_reply':
      return privateReply(tx, socket, seat, msg)
    case 'media':
      return switchMode(tx, socket, seat, msg.mode)
    case 'allow_camera':
    case 'mute':
    case 'stop_publishing':
    case 'spotlight':
      return moderateMedia(tx, socket, msg)
    case 'end':
      return closeSession(tx, 'ended')
    case 'leave':
      return leave(tx, seat)
    default:
      assertNever(msg)
  }
}
