// A facilitator's one private answer to an alert ("I saw it, I'm writing to you"): ciphertext under
// the link's key like the chat, relayed to that person only and never kept. Youth sessions have no
// private messages in either direction: two adults see everything said to a youth.
import type { ClientMessage } from '../../protocol'
import type { Seat } from '../state'
import type { Tx } from './context'

export function privateReply(
  tx: Tx,
  socket: string,
  seat: Seat,
  msg: Extract<ClientMessage, { type: 'private_reply' }>,
) {
  if (tx.meta.kind === 'youth') {
    return tx.reject(socket, 'no_private_messages', 'Youth sessions have no private messages.')
  }
  const target = tx.s.seats[msg.seatId]
  if (!target || target.pseudonym === null || target.seatId === seat.seatId) {
    return tx.reject(socket, 'unknown_seat', 'That person is no longer here.')
  }
  // The lobby hears only what it takes to get in: a reply waits until she is let in.
  if (!target.admitted)
    return tx.reject(socket, 'in_lobby', 'That person is still waiting to be let in.')
  tx.sendSeat(target.seatId, {
    type: 'private_reply',
    from: seat.pseudonym ?? '',
    iv: msg.iv,
    ct: msg.ct,
    at: tx.now,
  })
}
