// What the staff console shows of a room: whether it has started, how many are in and how many
// wait. Counts only: the console never learns who.
import type { LiveCounts } from '../../protocol'
import type { CoreState } from './types'

export function liveCounts(s: CoreState): LiveCounts {
  if (s.meta?.status !== 'open') return { open: false, present: 0, waiting: 0 }
  const online = new Set(Object.values(s.sockets).map((info) => info.seatId))
  let present = 0
  let waiting = 0
  for (const seat of Object.values(s.seats)) {
    if (seat.pseudonym === null || !online.has(seat.seatId)) continue
    if (seat.admitted) present++
    else waiting++
  }
  return { open: true, present, waiting }
}
