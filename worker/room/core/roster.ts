// The roster everyone in the room sees and the lobby only facilitators see; roster broadcasts are
// coalesced, so a flood of changes costs one frame per ROSTER_GAP_MS, not one per change.
import type { Member, ServerMessage } from '../../protocol'
import { actsAsModerator, type Tx } from './context'

export const ROSTER_GAP_MS = 50

export function members(tx: Tx): Member[] {
  const online = tx.online()
  const out: Member[] = []
  for (const s of Object.values(tx.s.seats)) {
    if (s.pseudonym === null || !s.admitted) continue
    out.push({
      seatId: s.seatId,
      pseudonym: s.pseudonym,
      role: s.role,
      mode: s.mode,
      online: online.has(s.seatId),
      identity: s.identity,
      hand: s.hand,
      cameraAllowed: s.cameraAllowed,
    })
  }
  return out
}

export function rosterFrame(tx: Tx): ServerMessage {
  return { type: 'roster', members: members(tx), facilitatorPresent: tx.facilitatorPresent() }
}

export function lobbyFrame(tx: Tx): ServerMessage {
  const waiting = Object.values(tx.s.seats)
    .filter((s) => !s.admitted && s.pseudonym !== null)
    .map((s) => ({
      seatId: s.seatId,
      pseudonym: s.pseudonym!,
      role: s.role,
      codeWordRequired: s.codeWordRequired,
      codeWord: s.codeWord ?? null,
      ...(s.awayMs !== undefined ? { awayMs: s.awayMs } : {}),
    }))
  return { type: 'lobby', waiting }
}

export function sendLobbyToModerators(tx: Tx) {
  tx.broadcast(lobbyFrame(tx), actsAsModerator)
}

/** At the end of every step: the roster goes out now, or at the end of the gap (the shell's timer). */
export function flushRoster(tx: Tx) {
  const s = tx.s
  if (!s.rosterDirty || !tx.open) {
    if (!tx.open) {
      s.rosterDirty = false
      delete s.rosterDueAt
    }
    return
  }
  const due = s.rosterSentAt + ROSTER_GAP_MS
  if (tx.now >= due) {
    tx.broadcast(rosterFrame(tx))
    s.rosterDirty = false
    s.rosterSentAt = tx.now
    delete s.rosterDueAt
  } else if (s.rosterDueAt === undefined) {
    s.rosterDueAt = due
    tx.emit({ type: 'timer', at: due })
  }
}
