// Safety tools and chat: hands, private alerts (kept for the first facilitator who arrives), the
// chat relay (ciphertext only, never kept), chat off, deleting a message, and removing someone.
import { CLOSE_CODES, isModerator, type ClientMessage } from '../../protocol'
import type { Seat } from '../state'
import { actsAsModerator, type Tx } from './context'
import { moveMediaRoom } from './media'
import { sendLobbyToModerators } from './roster'
import { reviewSupervision, startGraceIfNoFacilitator } from './supervision'

/** A repeat of the same alert from the same person within this time is not sent again. */
export const ALERT_REPEAT_MS = 30_000

const observerSays = 'Observers see and hear the session; they do not write or raise a hand.'

export function hand(tx: Tx, socket: string, seat: Seat, raised: boolean) {
  if (!seat.admitted || seat.pseudonym === null) return tx.reject(socket, 'in_lobby', 'Wait until you are admitted.')
  if (seat.role === 'observer') return tx.reject(socket, 'forbidden', observerSays)
  if (seat.hand === raised) return
  tx.saveSeat({ ...seat, hand: raised })
  tx.rosterChanged()
}

export function lowerAllHands(tx: Tx) {
  for (const s of Object.values(tx.s.seats)) if (s.hand) tx.saveSeat({ ...s, hand: false })
  tx.rosterChanged()
}

export function alert(tx: Tx, socket: string, seat: Seat, kind: 'step_away' | 'not_safe') {
  if (seat.pseudonym === null) return tx.reject(socket, 'not_joined', 'Join the session first.')
  const meta = tx.meta
  const delivered = tx.facilitatorPresent()
  const key = `${seat.seatId}:${kind}`
  const last = tx.s.alertsSeen[key]
  const repeat = last !== undefined && tx.now - last < ALERT_REPEAT_MS
  if (!repeat) {
    tx.s.alertsSeen[key] = tx.now
    if (delivered) {
      // Discreet: to facilitators only, and the sender's screen shows only a quiet confirmation.
      tx.broadcast({ type: 'alert', seatId: seat.seatId, pseudonym: seat.pseudonym, kind, at: tx.now }, actsAsModerator)
    } else {
      const kept = { seatId: seat.seatId, kind, at: tx.now, pseudonym: seat.pseudonym }
      meta.pendingAlerts = [...(meta.pendingAlerts ?? []), kept]
    }
    tx.saveMeta()
  }
  // The truth: told now, or kept for the first facilitator who connects.
  const pending = (meta.pendingAlerts ?? []).some((a) => a.seatId === seat.seatId)
  tx.send([socket], { type: 'alert_sent', delivered: delivered && !pending })
}

/** The first facilitator who connects receives every alert sent while none was here. */
export function deliverPendingAlerts(tx: Tx) {
  const meta = tx.meta
  if (!meta.pendingAlerts?.length) return
  for (const a of meta.pendingAlerts) {
    // Delivered even when she has gone since: what she said must reach someone.
    const left = a.leftAt !== undefined ? { leftAt: a.leftAt } : {}
    tx.broadcast({ type: 'alert', seatId: a.seatId, pseudonym: a.pseudonym, kind: a.kind, at: a.at, ...left }, actsAsModerator)
    // Her screen learns her alert has been received.
    if (tx.s.seats[a.seatId]) tx.sendSeat(a.seatId, { type: 'alert_sent', delivered: true })
  }
  meta.pendingAlerts = []
  tx.saveMeta()
}

export function setChat(tx: Tx, enabled: boolean) {
  tx.meta.chatEnabled = enabled
  tx.saveMeta()
  tx.broadcast({ type: 'chat_state', enabled })
}

/** A message id starts with its author's seat id, so the author can be told after any hibernation. */
export function authorOf(tx: Tx, messageId: string): string | undefined {
  for (const id of Object.keys(tx.s.seats)) if (messageId.startsWith(id) && messageId.length > id.length) return id
  return undefined
}

export function deleteMessage(tx: Tx, messageId: string, rule: number | null) {
  tx.broadcast({ type: 'message_deleted', id: messageId })
  const author = authorOf(tx, messageId)
  // Not to someone waiting (back after being away): the lobby hears only what it takes to get in.
  if (author && tx.s.seats[author]?.admitted) tx.sendSeat(author, { type: 'message_removed', id: messageId, rule })
}

export function chat(tx: Tx, socket: string, seat: Seat, msg: Extract<ClientMessage, { type: 'chat' }>, nonce: string) {
  if (seat.pseudonym === null) return tx.reject(socket, 'not_joined', 'Join the session before writing.')
  if (!seat.admitted) return tx.reject(socket, 'in_lobby', 'Wait until a facilitator lets you in.')
  if (seat.role === 'observer') return tx.reject(socket, 'forbidden', observerSays)
  if (!tx.meta.chatEnabled && !isModerator(seat.role)) {
    return tx.reject(socket, 'chat_disabled', 'A facilitator has turned the chat off for now.')
  }
  // Relayed, never written anywhere.
  tx.broadcast(
    { type: 'chat', id: `${seat.seatId}${nonce}`, from: seat.seatId, iv: msg.iv, ct: msg.ct, at: tx.now },
    (s) => s.pseudonym !== null,
  )
}

export function remove(tx: Tx, socket: string, by: Seat, seatId: string) {
  const target = tx.s.seats[seatId]
  if (!target) return tx.reject(socket, 'unknown_seat', 'That person is no longer here.')
  // Staff signed in with a passkey stay; a co-facilitator who came by a link can be removed by staff.
  if (isModerator(target.role) && (target.staffId !== undefined || by.staffId === undefined)) {
    return tx.reject(socket, 'forbidden', 'A facilitator cannot be removed.')
  }
  const inMedia = tx.inMedia(target)
  tx.forgetSeat(target.seatId, { type: 'removed' }, CLOSE_CODES.removed, 'removed')
  if (!target.admitted) sendLobbyToModerators(tx)
  startGraceIfNoFacilitator(tx)
  reviewSupervision(tx)
  // Holding a token for the current media room, they could come back with it (or with one LiveKit
  // refreshed for them): the session's media moves to a new room.
  if (inMedia) moveMediaRoom(tx, target.identity)
}
