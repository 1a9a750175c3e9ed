// Per-seat limits on every frame type: a short burst is fine, a flood is throttled. Each class of
// frame has its own bucket, so a flood of hands cannot use up an alert, nor chat a hand.
import { LIMITS, type ClientMessage } from '../../protocol'
import type { Tx } from './context'

type Rate = { burst: number; perSecond: number }

export const FRAME_RATES = {
  chat: { burst: LIMITS.chatBurst, perSecond: LIMITS.chatPerSecond },
  hand: { burst: 4, perSecond: 0.5 },
  alert: { burst: 3, perSecond: 0.1 },
  media: { burst: 10, perSecond: 2 },
  moderation: { burst: 40, perSecond: 10 },
  other: { burst: 6, perSecond: 1 },
} satisfies Record<string, Rate>
export type FrameClass = keyof typeof FRAME_RATES

export function frameClass(type: ClientMessage['type']): FrameClass {
  switch (type) {
    case 'chat':
    case 'private_reply':
      return 'chat'
    case 'hand':
      return 'hand'
    case 'alert':
      return 'alert'
    case 'media':
      return 'media'
    case 'join':
    case 'leave':
      return 'other'
    default:
      return 'moderation'
  }
}

/** Takes one token from this seat's bucket for the class; false when the seat sends too fast. */
export function take(tx: Tx, seatId: string, cls: FrameClass): boolean {
  const rate = FRAME_RATES[cls]
  const key = `${seatId}:${cls}`
  const b = tx.s.buckets[key] ?? { tokens: rate.burst, at: tx.now }
  const refilled = Math.min(rate.burst, b.tokens + (Math.max(0, tx.now - b.at) / 1000) * rate.perSecond)
  if (refilled < 1) {
    tx.s.buckets[key] = { tokens: refilled, at: tx.now }
    return false
  }
  tx.s.buckets[key] = { tokens: refilled - 1, at: tx.now }
  return true
}
