// Seats and the lobby: making a seat for a redeemed link, a socket opening with its seat secret,
// joining, admitting or turning away, leaving, and a socket going away.
import { timingSafeEqual } from '../../lib/crypto'
import { CLOSE_CODES, isModerator, type ClientMessage } from '../../protocol'
import type { RoomMeta, Seat } from '../state'
import { closeSession } from './closing'
import { actsAsModerator, type Tx } from './context'
import { moveMediaRoom } from './media'
import { deliverPendingAlerts } from './moderation'
import { lobbyFrame, members, sendLobbyToModerators } from './roster'
import { cancelGrace, reviewSupervision, startGraceIfNoFacilitator } from './supervision'
import type { Event, SessionShape } from './types'

export const DEFAULT_MAX_PARTICIPANTS = 20
/**
 * A link seat whose last socket closed longer ago than this comes back through the lobby. A reload
 * or a network blip is back within seconds (a 6 s drop reconnects in under 4 s); 30 s is past any
 * of those, and well short of the time someone needs to pick up a device she left and reopen the
 * closed tab (which restores sessionStorage, seat and key with it).
 */
export const AWAY_READMIT_MS = 30_000

export const freshMeta = (session: SessionShape): RoomMeta => ({
  sessionId: session.id,
  kind: session.kind,
  closesAt: session.closesAt,
  status: 'open',
  maxParticipants: session.maxParticipants ?? DEFAULT_MAX_PARTICIPANTS,
  lobby: session.lobby ?? false,
  graceSeconds: session.graceSeconds ?? 20,
  chatEnabled: true,
  mediaGeneration: 0,
})

export function createSeat(tx: Tx, ev: Extract<Event, { type: 'create_seat' }>) {
  if (tx.s.meta?.status === 'closed') return tx.emit({ type: 'reply', value: { ok: false } })
  // A staff member opening the room again (another tab or device) replaces their earlier seat.
  if (ev.staffId) {
    let replaced = false
    for (const old of Object.values(tx.s.seats)) {
      if (old.staffId === ev.staffId) {
        replaced = true
        const wasWaiting = !old.admitted
        tx.forgetSeat(old.seatId, undefined, CLOSE_CODES.replaced, 'replaced by a newer seat')
        if (wasWaiting) sendLobbyToModerators(tx)
      }
    }
    // The new seat may never connect: with no facilitator socket left, the countdown starts.
    if (replaced) startGraceIfNoFacilitator(tx)
    reviewSupervision(tx)
  }
  if (!tx.s.meta) {
    tx.s.meta = freshMeta(ev.session)
    tx.saveMeta()
  }
  const meta = tx.meta
  const seat: Seat = {
    seatId: ev.seatId,
    secretHash: ev.secretHash,
    role: ev.role,
    pseudonym: null,
    mode: 'text',
    identity: ev.identity,
    cameraAllowed: false,
    publishingStopped: false,
    admitted: admittedOnArrival(meta, ev),
    codeWordRequired: ev.codeWordRequired ?? false,
    hand: false,
    ...(ev.staffId ? { staffId: ev.staffId } : {}),
    ...(ev.staffName ? { staffName: ev.staffName } : {}),
  }
  tx.saveSeat(seat)
  tx.emit({ type: 'reply', value: { ok: true, seatId: seat.seatId } })
}

/**
 * Staff signed in with a passkey are in at once. A co-facilitator link (it can be forwarded) and a
 * code-word link (the code word is checked by a facilitator) always wait; youth always wait for a
 * facilitator and two adults; others only when the lobby is on.
 */
function admittedOnArrival(meta: RoomMeta, ev: Extract<Event, { type: 'create_seat' }>) {
  if (isModerator(ev.role)) return ev.staffId !== undefined
  return !meta.lobby && meta.kind !== 'youth' && !ev.codeWordRequired
}

/** A link seat back after being away too long is not let in again without a facilitator. */
function backAfterAway(tx: Tx, seat: Seat): Seat {
  if (seat.awaySince === undefined) return seat
  const { awaySince, ...rest } = seat
  const away = tx.now - awaySince
  if (seat.staffId !== undefined || !seat.admitted || tx.socketsOf(seat.seatId).length || away <= AWAY_READMIT_MS) return rest
  // Back in text: her media token opens nothing until she is let in and asks again.
  return { ...rest, admitted: false, awayMs: away, mode: 'text', hand: false }
}

export function connect(tx: Tx, ev: Extract<Event, { type: 'connect' }>) {
  const seat = ev.seatId ? tx.s.seats[ev.seatId] : undefined
  const valid = tx.open && seat && ev.secretHash && timingSafeEqual(ev.secretHash, seat.secretHash)
  if (!seat || !valid) {
    // Refused: told why in a frame the page can show, then closed.
    if (tx.s.meta?.status === 'closed') {
      tx.send([ev.socket], { type: 'ended', reason: 'ended' })
      tx.closeSocket(ev.socket, CLOSE_CODES.ended, 'session ended')
    } else {
      tx.reject(ev.socket, 'unknown_seat', 'This seat is not valid any more.')
      tx.closeSocket(ev.socket, CLOSE_CODES.unauthorized, 'unknown seat')
    }
    return
  }
  const back = backAfterAway(tx, seat)
  if (back !== seat) {
    tx.saveSeat(back)
    if (seat.admitted && !back.admitted) {
      tx.rosterChanged()
      if (tx.inMedia(seat)) moveMediaRoom(tx, seat.identity)
    }
    return connectSeat(tx, ev.socket, back)
  }
  connectSeat(tx, ev.socket, seat)
}

function connectSeat(tx: Tx, socket: string, seen: Seat) {
  const ev = { socket }
  const seat: Seat = seen.connectedOnce ? seen : { ...seen, connectedOnce: true }
  if (seat !== seen) tx.saveSeat(seat)
  // One socket per seat: a reload replaces the older connection (the seat stays present throughout).
  for (const old of tx.socketsOf(seat.seatId)) tx.closeSocket(old, CLOSE_CODES.replaced, 'replaced by a newer connection')
  tx.s.sockets[ev.socket] = { seatId: seat.seatId, role: seat.role }
  tx.emit({ type: 'accept', socket: ev.socket, seatId: seat.seatId, role: seat.role })
  const moderator = actsAsModerator(seat)
  if (moderator) cancelGrace(tx)
  const meta = tx.meta
  tx.send([ev.socket], {
    type: 'welcome',
    seatId: seat.seatId,
    role: seat.role,
    kind: meta.kind,
    joined: seat.pseudonym !== null,
    facilitatorPresent: tx.facilitatorPresent(),
    // Someone waiting in the lobby does not learn who is inside.
    members: seat.admitted ? members(tx) : [],
    media: tx.s.media,
    spotlight: meta.spotlight ?? null,
    admitted: seat.admitted,
    chatEnabled: meta.chatEnabled,
    ...(seat.awayMs !== undefined && !seat.admitted ? { back: true } : {}),
  })
  if (!seat.admitted && seat.pseudonym !== null) sendLobbyToModerators(tx)
  if (moderator) {
    tx.send([ev.socket], lobbyFrame(tx))
    deliverPendingAlerts(tx)
  }
  tx.rosterChanged()
  reviewSupervision(tx)
  // Someone arriving during a countdown learns of it too (others were told when it started).
  if (seat.admitted && meta.graceDeadline) tx.send([ev.socket], { type: 'facilitator_away', closesAt: meta.graceDeadline })
  if (seat.admitted && meta.supervisionDeadline) {
    tx.send([ev.socket], { type: 'supervision', ok: false, adults: tx.adultsPresent(), closesAt: meta.supervisionDeadline })
  }
}

export function join(tx: Tx, socket: string, seat: Seat, msg: Extract<ClientMessage, { type: 'join' }>) {
  if (seat.pseudonym !== null) return tx.reject(socket, 'already_joined', 'You have already joined.')
  if (!seat.admitted && seat.codeWordRequired && !msg.codeWord) {
    return tx.reject(socket, 'bad_frame', 'This link asks for the code word agreed with your advocate.')
  }
  // Staff appear under the name they chose for sessions, never another.
  const next: Seat = { ...seat, pseudonym: seat.staffName ?? msg.pseudonym }
  // Sealed in her browser: only the facilitators' browsers can open it; kept only while she waits.
  if (!seat.admitted && msg.codeWord) next.codeWord = msg.codeWord
  tx.saveSeat(next)
  if (next.admitted) tx.rosterChanged()
  else sendLobbyToModerators(tx)
}

export function admitOrTurnAway(tx: Tx, socket: string, seat: Seat, msg: Extract<ClientMessage, { type: 'admit' | 'turn_away' }>) {
  if (!actsAsModerator(seat)) return tx.reject(socket, 'forbidden', 'Only a facilitator can do this.')
  const target = tx.s.seats[msg.seatId]
  if (!target || target.admitted) return tx.reject(socket, 'unknown_seat', 'That person is no longer waiting.')
  if (msg.type === 'admit' && tx.isYouth(target) && tx.adultsPresent() < 2) {
    return tx.reject(socket, 'unsupervised', 'Two adults must be present before youth are admitted.')
  }
  if (msg.type === 'turn_away') {
    const inMedia = tx.inMedia(target)
    tx.forgetSeat(target.seatId, { type: 'turned_away' }, CLOSE_CODES.turnedAway, 'turned away')
    reviewSupervision(tx)
    if (inMedia) moveMediaRoom(tx, target.identity)
  } else {
    const { codeWord: _done, awayMs: _back, ...admitted } = target
    tx.saveSeat({ ...admitted, admitted: true })
    const sockets = tx.socketsOf(target.seatId)
    tx.send(sockets, { type: 'admitted' })
    tx.send(sockets, { type: 'chat_state', enabled: tx.meta.chatEnabled })
    if (tx.meta.spotlight !== undefined) tx.send(sockets, { type: 'spotlight', seatId: tx.meta.spotlight })
    tx.rosterChanged()
    reviewSupervision(tx)
  }
  sendLobbyToModerators(tx)
}

export function leave(tx: Tx, seat: Seat) {
  const wasWaiting = !seat.admitted
  tx.forgetSeat(seat.seatId, undefined, CLOSE_CODES.left, 'left')
  if (wasWaiting) sendLobbyToModerators(tx)
  // The last facilitator leaving on purpose ends the session at once.
  if (actsAsModerator(seat) && !tx.facilitatorPresent()) return closeSession(tx, 'ended')
  reviewSupervision(tx)
}

/** A socket is gone. Departure is about seats present: another socket of the same seat keeps it here. */
export function socketClosed(tx: Tx, socket: string, lastSeen = tx.now) {
  const info = tx.s.sockets[socket]
  if (!info) return
  delete tx.s.sockets[socket]
  if (!tx.open) return
  const seat = tx.s.seats[info.seatId]
  // Gone from every socket: a return long after this waits for a facilitator.
  if (seat && !tx.socketsOf(seat.seatId).length && seat.staffId === undefined) tx.saveSeat({ ...seat, awaySince: Math.min(lastSeen, tx.now) })
  if (seat && isModerator(seat.role)) startGraceIfNoFacilitator(tx)
  tx.rosterChanged()
  reviewSupervision(tx)
}

/**
 * A rebuilt room learns only now of sockets the runtime cut without a close event (a restart, a
 * deploy): each seat that had connected and is left without a socket is away from now on, as if its socket had just
 * closed, and with no facilitator socket left the countdown starts. Pages that can reconnect do so
 * within seconds and wake the room, so "now" is seconds after the cut; a seat that was already away
 * keeps the time it went.
 */
export function rebuilt(tx: Tx) {
  if (!tx.open) return
  const cut = Object.values(tx.s.seats).filter((seat) => seat.connectedOnce && !tx.socketsOf(seat.seatId).length)
  if (!cut.length) return
  for (const seat of cut) {
    if (seat.staffId === undefined && seat.awaySince === undefined) tx.saveSeat({ ...seat, awaySince: tx.now })
  }
  if (cut.some(actsAsModerator)) startGraceIfNoFacilitator(tx)
  tx.rosterChanged()
  reviewSupervision(tx)
}
