// A per-seat token bucket for chat: a short burst is fine, a flood is throttled.
import { LIMITS } from '../protocol'

type Bucket = { tokens: number; at: number }

export class ChatRateLimiter {
  private buckets = new Map<string, Bucket>()

  /** Takes one token for this seat; false when the seat is sending too fast. */
  take(seatId: string, now = Date.now()): boolean {
    const b = this.buckets.get(seatId) ?? { tokens: LIMITS.chatBurst, at: now }
    const refilled = Math.min(LIMITS.chatBurst, b.tokens + ((now - b.at) / 1000) * LIMITS.chatPerSecond)
    if (refilled < 1) {
      this.buckets.set(seatId, { tokens: refilled, at: now })
      return false
    }
    this.buckets.set(seatId, { tokens: refilled - 1, at: now })
    return true
  }

  forget(seatId: string) {
    this.buckets.delete(seatId)
  }
}
