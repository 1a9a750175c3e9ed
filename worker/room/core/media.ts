// Media: switching between video, audio-only and text-only (a token only when the grant policy
// gives one, the room created before each), media moderation, LiveKit's answers and webhooks, and
// moving everyone to a new media room when someone who was in media is removed.
import { mediaGrantFor } from '../../livekit/grant-policy'
import { isModerator, type ClientMessage, type Mode } from '../../protocol'
import type { Seat } from '../state'
import { queueTask } from './closing'
import type { Tx } from './context'
import { applyPublishing, cancelGrace, grantSettings, queueYouthPublishing, startGraceIfNoFacilitator } from './supervision'
import type { Event, LiveKitCall, Pending } from './types'

const unavailable = 'Video and audio are not configured on this server.'
/** revokeTokenTs a minute ahead (LiveKit Cloud honours it): a token refreshed meanwhile is revoked too. */
export const REVOKE_AHEAD_S = 60

function moderationFailed(tx: Tx, seatId: string) {
  const name = tx.s.seats[seatId]?.pseudonym ?? 'This person'
  return `Could not apply this to ${name}: they may not be in the video call right now. Their media is unchanged; try again in a moment.`
}

/** Everyone who may join media: the group plus staff, interpreters and observers. */
export function roomCapacity(tx: Tx) {
  const others = Object.values(tx.s.seats).filter((s) => s.role !== 'participant').length
  return tx.meta.maxParticipants + others
}

function requestToken(tx: Tx, socket: string, seat: Seat, mode: Mode) {
  const call: LiveKitCall = { op: 'create_room', room: tx.roomName(), maxParticipants: roomCapacity(tx) }
  tx.emit({ type: 'livekit', call, then: { kind: 'token', socket, seatId: seat.seatId, mode, generation: tx.meta.mediaGeneration ?? 0 } })
}

export function switchMode(tx: Tx, socket: string, seat: Seat, mode: Mode) {
  if (seat.pseudonym === null) return tx.reject(socket, 'not_joined', 'Join the session first.')
  if (!seat.admitted) return tx.reject(socket, 'in_lobby', 'Wait until a facilitator lets you in.')
  const grant = mediaGrantFor(tx.meta.kind, seat.role, mode, grantSettings(tx, seat))
  if (grant && !tx.s.media) return tx.reject(socket, 'media_unavailable', unavailable)
  // A facilitator changing mode is not leaving.
  if (isModerator(seat.role)) cancelGrace(tx)
  const next = { ...seat, mode }
  tx.saveSeat(next)
  tx.rosterChanged()
  if (!grant) return tx.send([socket], { type: 'media', mode, identity: seat.identity, sources: [], subscribe: 'all' })
  requestToken(tx, socket, next, mode)
}

export function moderateMedia(
  tx: Tx,
  socket: string,
  msg: Extract<ClientMessage, { type: 'mute' | 'stop_publishing' | 'spotlight' | 'allow_camera' }>,
) {
  const meta = tx.meta
  if (msg.type === 'spotlight') {
    if (msg.seatId !== null && !tx.s.seats[msg.seatId]?.admitted) return tx.reject(socket, 'unknown_seat', 'That person is no longer here.')
    meta.spotlight = msg.seatId
    tx.saveMeta()
    return tx.broadcast({ type: 'spotlight', seatId: msg.seatId })
  }
  // Moderation is about people in the room; the lobby hears nothing of it.
  const found = tx.s.seats[msg.seatId]
  const target = found?.admitted ? found : undefined
  if (msg.type === 'allow_camera') {
    if (!target || !tx.isYouth(target)) return tx.reject(socket, 'unknown_seat', 'Cameras are allowed one by one for youth only.')
    const next = { ...target, cameraAllowed: msg.allowed }
    tx.saveSeat(next)
    const then: Pending = { kind: 'camera', socket, seatId: target.seatId, allowed: msg.allowed }
    if (!applyPublishing(tx, next, then)) cameraChanged(tx, target.seatId, msg.allowed)
    // A supervision call still owed for her must not land after this one with an older state.
    else if (meta.livekitTasks?.some((t) => t.op === 'publishing' && t.identity === target.identity)) queueYouthPublishing(tx, next)
    return
  }
  if (!target) return tx.reject(socket, 'unknown_seat', 'That person is no longer here.')
  if (!tx.s.media) return tx.reject(socket, 'media_unavailable', unavailable)
  const room = tx.roomName()
  if (msg.type === 'mute') {
    const action = msg.source === 'microphone' ? 'muted_microphone' : 'muted_camera'
    tx.emit({
      type: 'livekit',
      call: { op: 'mute', room, identity: target.identity, source: msg.source },
      then: { kind: 'moderated', socket, seatId: target.seatId, action },
    })
    return
  }
  // Stopped sticks for every later token, whatever LiveKit answers now.
  tx.saveSeat({ ...target, publishingStopped: true })
  tx.emit({
    type: 'livekit',
    call: { op: 'publishing', room, identity: target.identity, sources: [] },
    then: { kind: 'moderated', socket, seatId: target.seatId, action: 'publishing_stopped' },
  })
}

function cameraChanged(tx: Tx, seatId: string, allowed: boolean) {
  tx.sendSeat(seatId, { type: 'camera_permission', allowed })
  tx.rosterChanged()
}

export function onLiveKitAnswer(tx: Tx, ev: Extract<Event, { type: 'livekit_answer' }>) {
  const then = ev.then
  if (!tx.open || then.kind === 'none') return
  if (then.kind === 'token') {
    if (!ev.ok) {
      if (!tx.s.sockets[then.socket]) return
      return tx.reject(then.socket, 'media_failed', 'Video and audio are unavailable right now. Text still works.')
    }
    // The seat may have gone, changed mode, or moved room while LiveKit answered.
    const seat = tx.s.seats[then.seatId]
    if (!seat || !seat.admitted || seat.pseudonym === null || seat.mode !== then.mode || !tx.s.sockets[then.socket]) return
    // Asked before a removal moved the room: asked again for the new room, so she is answered.
    if (then.generation !== (tx.meta.mediaGeneration ?? 0)) return requestToken(tx, then.socket, seat, seat.mode)
    const grant = mediaGrantFor(tx.meta.kind, seat.role, seat.mode, grantSettings(tx, seat))
    if (!grant) return
    if (seat.tokenGeneration !== then.generation) tx.saveSeat({ ...seat, tokenGeneration: then.generation })
    tx.emit({
      type: 'media_token',
      socket: then.socket,
      seatId: seat.seatId,
      seat: { identity: seat.identity, pseudonym: seat.pseudonym, role: seat.role, mode: seat.mode },
      room: tx.roomName(),
      grant,
    })
    return
  }
  // About the member, never the facilitator's own media (which stays up).
  if (!ev.ok) return tx.s.sockets[then.socket] && tx.reject(then.socket, 'moderation_failed', moderationFailed(tx, then.seatId))
  if (!tx.s.seats[then.seatId]?.admitted) return
  if (then.kind === 'camera') return cameraChanged(tx, then.seatId, then.allowed)
  tx.sendSeat(then.seatId, { type: 'moderated', action: then.action })
}

/**
 * Removed means out on any LiveKit: the open-source server ignores revokeTokenTs and refreshes
 * tokens for connected clients, but a token is valid for one room only. So the session moves to a
 * new media room, everyone still in media gets a token for it, and the old room is emptied and
 * deleted (both retried by alarm until LiveKit confirms).
 */
export function moveMediaRoom(tx: Tx, removedIdentity: string) {
  if (!tx.s.media || !tx.open) return
  const old = tx.roomName()
  const revokedAt = Math.ceil(tx.now / 1000) + REVOKE_AHEAD_S
  queueTask(tx, { op: 'remove', room: old, identity: removedIdentity, revokedAt, attempts: 0, nextAt: 0 })
  tx.meta.mediaGeneration = (tx.meta.mediaGeneration ?? 0) + 1
  tx.saveMeta()
  for (const [socket, info] of Object.entries(tx.s.sockets)) {
    const seat = tx.s.seats[info.seatId]
    if (!seat || !seat.admitted || seat.pseudonym === null || seat.mode === 'text' || seat.tokenGeneration === undefined) continue
    if (mediaGrantFor(tx.meta.kind, seat.role, seat.mode, grantSettings(tx, seat))) requestToken(tx, socket, seat, seat.mode)
  }
  queueTask(tx, { op: 'delete', room: old, attempts: 0, nextAt: 0 })
}

export function onWebhook(tx: Tx, ev: Extract<Event, { type: 'webhook' }>) {
  const meta = tx.s.meta
  if (!meta) return
  const current = meta.status === 'open' ? tx.roomName() : undefined
  const revokedAt = Math.ceil(tx.now / 1000) + REVOKE_AHEAD_S
  if (ev.room !== current) {
    // An earlier room, or a closed session's: whoever got in is removed and the room deleted again
    // (after the close, deleting the room alone: nothing about anyone is kept, not even an identity).
    if (ev.event !== 'participant_joined') return
    if (current) queueTask(tx, { op: 'remove', room: ev.room, identity: ev.identity, revokedAt, attempts: 0, nextAt: 0 })
    queueTask(tx, { op: 'delete', room: ev.room, attempts: 0, nextAt: 0 })
    return
  }
  const seat = Object.values(tx.s.seats).find((s) => s.identity === ev.identity)
  if (ev.event === 'participant_joined') {
    // A revoked identity (removed, or never ours) that LiveKit let in: out again.
    if (!seat) return queueTask(tx, { op: 'remove', room: ev.room, identity: ev.identity, revokedAt, attempts: 0, nextAt: 0 })
    // Joining media does not cancel the countdown: only a facilitator's room socket does (a late or
    // replayed webhook must not keep an unmoderated room open).
    // Downgrades stick across reconnects: stopped publishing, a youth camera withdrawn, youth paused.
    if (tx.isYouth(seat)) queueYouthPublishing(tx, seat)
    else if (seat.publishingStopped) applyPublishing(tx, seat, { kind: 'none' })
    return
  }
  // Changing mode, or a media connection that failed, is not leaving the session: the room socket
  // says who is here (its close starts the grace by itself), so only with no facilitator socket.
  if (seat && isModerator(seat.role)) startGraceIfNoFacilitator(tx)
}
