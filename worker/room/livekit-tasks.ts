// LiveKit work that must eventually happen (delete a room, remove a person), retried with
// backoff by the room's alarm until LiveKit confirms. The core decides; the shell runs them.
import type { LiveKitRooms } from '../livekit/room-service'

export type PublishSource = 'camera' | 'microphone' | 'screen_share'

export type LiveKitTask =
  | { op: 'delete'; room: string; attempts: number; nextAt: number }
  | { op: 'remove'; room: string; identity: string; revokedAt: number; attempts: number; nextAt: number }
  /**
   * What a youth may publish now (paused below two adults): the latest wanted state, kept until
   * LiveKit confirms that very state. `sent` is what is in flight, so only one call per person is.
   */
  | {
      op: 'publishing'
      room: string
      identity: string
      sources: PublishSource[]
      sent?: PublishSource[]
      attempts: number
      nextAt: number
    }

const MAX_BACKOFF_MS = 60_000
export const backoffMs = (attempts: number) => Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempts)

/** Two tasks are the same work when they do the same thing to the same room and identity. */
export const taskKey = (t: LiveKitTask) =>
  t.op === 'delete' ? `d:${t.room}` : `${t.op === 'remove' ? 'r' : 'p'}:${t.room}:${t.identity}`

export const sameSources = (a: readonly string[] | undefined, b: readonly string[] | undefined) =>
  a !== undefined && b !== undefined && a.length === b.length && a.every((x) => b.includes(x))

/** Runs tasks against LiveKit; says which were confirmed and which failed. */
export async function runTasks(rooms: LiveKitRooms, tasks: LiveKitTask[]) {
  const done: LiveKitTask[] = []
  const failed: LiveKitTask[] = []
  await Promise.all(
    tasks.map(async (task) => {
      try {
        if (task.op === 'delete') await rooms.deleteRoom(task.room)
        else if (task.op === 'remove') await rooms.removeParticipant(task.room, task.identity, task.revokedAt)
        else await rooms.setPublishing(task.room, task.identity, task.sources)
        done.push(task)
      } catch (err) {
        console.warn(`LiveKit ${task.op} failed (attempt ${task.attempts + 1}); will retry`, String(err))
        failed.push(task)
      }
    }),
  )
  return { done, failed }
}
