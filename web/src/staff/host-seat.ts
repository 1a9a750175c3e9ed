// The facilitator's open room, kept in this tab's sessionStorage so a reload goes straight back in.
import type { HostSeat } from './Console'

const HOST = 'havre.host'

export function readHostSeat(): HostSeat | null {
  try {
    const seat = JSON.parse(sessionStorage.getItem(HOST) ?? 'null') as HostSeat | null
    return seat && typeof seat.seat === 'string' && typeof seat.key === 'string' ? seat : null
  } catch {
    return null
  }
}

export function saveHostSeat(seat: HostSeat | null) {
  if (seat) sessionStorage.setItem(HOST, JSON.stringify(seat))
  else sessionStorage.removeItem(HOST)
}
