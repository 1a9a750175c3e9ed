// LiveKit work that must eventually happen (delete a media room, remove a person from one), retried
// with backoff by the room's alarm until LiveKit confirms. Each task names its media room: after a
// removal the session moves to a new room, and the old one must still be emptied and deleted.
import type { LiveKitRooms } from '../livekit/room-service'

export type LiveKitTask =
  | { op: 'delete'; room: string; attempts: number; nextAt: number }
  | {
      op: 'remove'
      room: string
      identity: string
      revokedAt: number
      attempts: number
      nextAt: number
    }

const MAX_BACKOFF_MS = 60_000
export const backoffMs = (attempts: number) => Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempts)

/** Runs the tasks that are due; returns those still to do, rescheduled. */
export async function runDueTasks(
  rooms: LiveKitRooms,
  tasks: LiveKitTask[],
  now = Date.now(),
): Promise<LiveKitTask[]> {
  const remaining: LiveKitTask[] = []
  for (const task of tasks) {
    if (task.nextAt > now) {
      remaining.push(task)
      continue
    }
    try {
      if (task.op === 'delete') await rooms.deleteRoom(task.room)
      else await rooms.removeParticipant(task.room, task.identity, task.revokedAt)
    } catch (err) {
      console.warn(`LiveKit ${task.op} failed (attempt ${task.attempts + 1}); will retry`, String(err))
      remaining.push({ ...task, attempts: task.attempts + 1, nextAt: now + backoffMs(task.attempts) })
    }
  }
  return remaining
}
