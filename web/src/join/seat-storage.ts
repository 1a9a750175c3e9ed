// The participant's seat lives in sessionStorage only (invariant 8): gone with the tab or quick exit.
import type { Seat } from '../app/store'
import { exited } from '../lib/quick-exit'

/** The code for a /j tab that holds no link and no seat (./JoinError's neutral page). */
export const NOTHING_HERE = 'nothing_here'

const SEAT = 'havre.seat'
/** A link whose session has not opened yet: kept so a reload can try again. */
const PENDING = 'havre.pending'

export function readSeat(): Seat | null {
  try {
    const seat = JSON.parse(sessionStorage.getItem(SEAT) ?? 'null') as Seat | null
    return seat && typeof seat.seat === 'string' && typeof seat.key === 'string' ? seat : null
  } catch {
    return null
  }
}

/**
 * Chromium writes sessionStorage to disk for tab restore and only appends deletions, so what she
 * typed (pseudonym, code word) is never stored: the room knows her pseudonym, and an empty one
 * only marks that she has joined.
 */
export function saveSeat(seat: Seat) {
  // A redeem answered after quick exit: the page is leaving and keeps nothing.
  if (exited()) return
  const { pseudonym, codeWord: _neverStored, ...rest } = seat
  const kept = pseudonym === undefined ? rest : { ...rest, pseudonym: '' }
  sessionStorage.setItem(SEAT, JSON.stringify(kept))
}

export const readPending = () => sessionStorage.getItem(PENDING)
export const savePending = (fragment: string) => {
  if (!exited()) sessionStorage.setItem(PENDING, fragment)
}

export const wipe = () => sessionStorage.clear()
