// One step of the core: a draft of the state, the time, and the effects gathered so far, with the
// small helpers every concern uses (who is connected, sending, saving, dropping a seat).
import { isModerator, type ErrorCode, type ServerMessage } from '../../protocol'
import { mediaRoomName, type RoomMeta, type Seat } from '../state'
import type { CoreState, Effect } from './types'

/**
 * A moderator's powers need a moderator's seat that was let in: a co-facilitator who came by a
 * (possibly forwarded) link acts only after a facilitator admitted them.
 */
export const actsAsModerator = (seat: Seat) => isModerator(seat.role) && seat.admitted

export class Tx {
  readonly effects: Effect[] = []
  constructor(
    readonly s: CoreState,
    readonly now: number,
  ) {}

  get meta(): RoomMeta {
    return this.s.meta!
  }

  get open() {
    return this.s.meta?.status === 'open'
  }

  emit(effect: Effect) {
    this.effects.push(effect)
  }

  // ── who is here ──────────────────────────────────────────────────────────────────────

  socketsOf(seatId: string): string[] {
    const out: string[] = []
    for (const [id, info] of Object.entries(this.s.sockets)) if (info.seatId === seatId) out.push(id)
    return out
  }

  online(): Set<string> {
    const ids = new Set<string>()
    for (const info of Object.values(this.s.sockets)) ids.add(info.seatId)
    return ids
  }

  /** A facilitator or co-facilitator seat, admitted, with at least one socket open. */
  facilitatorPresent(): boolean {
    for (const info of Object.values(this.s.sockets)) {
      const seat = this.s.seats[info.seatId]
      if (seat && actsAsModerator(seat)) return true
    }
    return false
  }

  /** Adults (facilitators, co-facilitators, observers) admitted and connected now. */
  adultsPresent(): number {
    let adults = 0
    for (const id of this.online()) {
      const seat = this.s.seats[id]
      if (seat && seat.admitted && seat.role !== 'participant' && seat.role !== 'interpreter') adults++
    }
    return adults
  }

  /** Holds a token for the current media room (so may be in it). */
  inMedia(seat: Seat) {
    return seat.tokenGeneration !== undefined && seat.tokenGeneration === (this.s.meta?.mediaGeneration ?? 0)
  }

  isYouth(seat: Seat) {
    return this.s.meta?.kind === 'youth' && seat.role === 'participant'
  }

  roomName(): string {
    return mediaRoomName(this.meta)
  }

  // ── saying things ────────────────────────────────────────────────────────────────────

  send(sockets: string[], frame: ServerMessage) {
    if (sockets.length) this.emit({ type: 'send', to: sockets, frame })
  }

  sendSeat(seatId: string, frame: ServerMessage) {
    this.send(this.socketsOf(seatId), frame)
  }

  reject(socket: string, code: ErrorCode, message: string) {
    this.send([socket], { type: 'error', code, message })
  }

  /** To admitted people only: the lobby hears only what is sent to it directly. */
  broadcast(frame: ServerMessage, to?: (seat: Seat) => boolean) {
    const targets: string[] = []
    for (const [id, info] of Object.entries(this.s.sockets)) {
      const seat = this.s.seats[info.seatId]
      if (!seat || !seat.admitted || (to && !to(seat))) continue
      targets.push(id)
    }
    this.send(targets, frame)
  }

  closeSocket(socket: string, code: number, reason: string) {
    delete this.s.sockets[socket]
    this.emit({ type: 'close', socket, code, reason })
  }

  rosterChanged() {
    this.s.rosterDirty = true
  }

  // ── keeping things ───────────────────────────────────────────────────────────────────

  saveMeta() {
    this.emit({ type: 'put_meta', meta: this.s.meta! })
  }

  saveSeat(seat: Seat) {
    this.s.seats[seat.seatId] = seat
    this.emit({ type: 'put_seat', seat })
  }

  /** Voids a seat: forgotten from storage and memory, its sockets told and closed. */
  forgetSeat(seatId: string, notice: ServerMessage | undefined, code: number, reason: string) {
    delete this.s.seats[seatId]
    for (const key of Object.keys(this.s.buckets)) if (key.startsWith(`${seatId}:`)) delete this.s.buckets[key]
    // Her accepted alerts still reach a facilitator, with when she left.
    if (this.s.meta?.pendingAlerts?.some((a) => a.seatId === seatId && a.leftAt === undefined)) {
      this.s.meta.pendingAlerts = this.s.meta.pendingAlerts.map((a) =>
        a.seatId === seatId && a.leftAt === undefined ? { ...a, leftAt: this.now } : a,
      )
      this.saveMeta()
    }
    this.emit({ type: 'delete_seat', seatId })
    for (const socket of this.socketsOf(seatId)) {
      if (notice) this.send([socket], notice)
      this.closeSocket(socket, code, reason)
    }
    this.rosterChanged()
  }
}
