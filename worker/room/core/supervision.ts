// Who must be present: youth sessions pause youth media and start a countdown below two adults; the
// last facilitator gone starts the away countdown. Both are about seats present, not sockets closed.
import { mediaGrantFor } from '../../livekit/grant-policy'
import type { Seat } from '../state'
import { sameSources, taskKey, type LiveKitTask } from '../livekit-tasks'
import { queueTask } from './closing'
import type { Tx } from './context'
import type { Pending } from './types'

export function grantSettings(tx: Tx, seat: Seat) {
  return { ...seat, unsupervised: tx.meta.supervisionDeadline !== undefined }
}

/** Tells LiveKit what a seat in media may publish now, from the grant policy. False: nothing to tell. */
export function applyPublishing(tx: Tx, seat: Seat, then: Pending): boolean {
  // Not holding a token for the current room: not in it; their next token follows the policy.
  if (!tx.s.media || seat.mode === 'text' || !tx.inMedia(seat)) return false
  const grant = mediaGrantFor(tx.meta.kind, seat.role, seat.mode, grantSettings(tx, seat))
  tx.emit({
    type: 'livekit',
    call: { op: 'publishing', room: tx.roomName(), identity: seat.identity, sources: grant?.sources ?? [] },
    then,
  })
  return true
}

/**
 * A youth's publishing follows supervision as a task retried until LiveKit confirms the latest
 * wanted state: a refused or lost pause must not leave a youth publishing unsupervised.
 */
export function queueYouthPublishing(tx: Tx, seat: Seat) {
  if (!tx.s.media || seat.mode === 'text' || !tx.inMedia(seat)) return
  const grant = mediaGrantFor(tx.meta.kind, seat.role, seat.mode, grantSettings(tx, seat))
  const sources = grant?.sources ?? []
  queueTask(tx, { op: 'publishing', room: tx.roomName(), identity: seat.identity, sources, attempts: 0, nextAt: 0 })
}

/**
 * A late answer (a call given up on after IN_FLIGHT_MS that LiveKit applied after all) may have
 * left an older state in LiveKit: if what it applied is not what is wanted now, send that again.
 */
export function reapplyAfterLateAnswers(tx: Tx, answered: LiveKitTask[]) {
  if (!tx.open || !tx.s.media) return
  for (const t of answered) {
    if (t.op !== 'publishing' || t.room !== tx.roomName()) continue
    if (tx.meta.livekitTasks?.some((owed) => taskKey(owed) === taskKey(t))) continue
    const seat = Object.values(tx.s.seats).find((x) => x.identity === t.identity)
    if (!seat || !tx.isYouth(seat) || seat.mode === 'text' || !tx.inMedia(seat)) continue
    const wanted = mediaGrantFor(tx.meta.kind, seat.role, seat.mode, grantSettings(tx, seat))?.sources ?? []
    if (!sameSources(wanted, t.sources)) queueYouthPublishing(tx, seat)
  }
}

function applyYouthPublishing(tx: Tx) {
  for (const seat of Object.values(tx.s.seats)) {
    if (tx.isYouth(seat)) queueYouthPublishing(tx, seat)
  }
}

/** Youth sessions: below two adults with youth in the room pauses youth media and starts the clock. */
export function reviewSupervision(tx: Tx) {
  const meta = tx.s.meta
  if (!meta || meta.kind !== 'youth' || meta.status !== 'open') return
  const adults = tx.adultsPresent()
  const youthIn = Object.values(tx.s.seats).some((s) => tx.isYouth(s) && s.admitted)
  if (adults < 2 && youthIn && meta.supervisionDeadline === undefined) {
    meta.supervisionDeadline = tx.now + meta.graceSeconds * 1000
    tx.saveMeta()
    tx.broadcast({ type: 'supervision', ok: false, adults, closesAt: meta.supervisionDeadline })
    applyYouthPublishing(tx)
  } else if ((adults >= 2 || !youthIn) && meta.supervisionDeadline !== undefined) {
    delete meta.supervisionDeadline
    tx.saveMeta()
    tx.broadcast({ type: 'supervision', ok: true, adults })
    applyYouthPublishing(tx)
  }
}

/** No facilitator seat has a socket open: close after the grace unless one returns. */
export function startGraceIfNoFacilitator(tx: Tx) {
  const meta = tx.meta
  if (meta.status !== 'open' || meta.graceDeadline || tx.facilitatorPresent()) return
  meta.graceDeadline = tx.now + meta.graceSeconds * 1000
  tx.saveMeta()
  tx.broadcast({ type: 'facilitator_away', closesAt: meta.graceDeadline })
}

export function cancelGrace(tx: Tx) {
  if (!tx.s.meta?.graceDeadline) return false
  delete tx.s.meta.graceDeadline
  tx.saveMeta()
  // Pages clear the countdown on a roster with a facilitator present.
  tx.rosterChanged()
  return true
}
