// The total close, the alarm, and the work owed after it: D1 told the session closed, LiveKit rooms
// deleted and people removed, each retried until confirmed.
import { CLOSE_CODES, type EndReason } from '../../protocol'
import { backoffMs, sameSources, taskKey, type LiveKitTask } from '../livekit-tasks'
import type { RoomMeta } from '../state'
import type { Tx } from './context'

export const D1_RETRY_MS = 5_000
/** A task handed to the shell is not handed again before it answers (LiveKit times out at 5 s). */
export const IN_FLIGHT_MS = 15_000

/** Total close: everyone told and disconnected, every seat void, D1 and LiveKit told (retried). */
export function closeSession(tx: Tx, reason: EndReason) {
  const meta = tx.meta
  if (meta.status !== 'open') return
  // Rooms of earlier generations still owed a deletion stay owed; removals are moot once rooms go.
  const owed = (meta.livekitTasks ?? []).filter((t) => t.op === 'delete')
  const current = tx.roomName()
  if (tx.s.media && !owed.some((t) => t.room === current)) {
    owed.push({ op: 'delete', room: current, attempts: 0, nextAt: 0 })
  }
  tx.s.meta = {
    sessionId: meta.sessionId,
    kind: meta.kind,
    closesAt: meta.closesAt,
    maxParticipants: meta.maxParticipants,
    lobby: meta.lobby,
    graceSeconds: meta.graceSeconds,
    chatEnabled: false,
    status: 'closed',
    pendingD1Close: true,
    livekitTasks: owed,
  }
  tx.s.seats = {}
  // Storage first, so a crash mid-close cannot leave a seat that still works.
  tx.emit({ type: 'wipe' })
  tx.saveMeta()
  const sockets = Object.keys(tx.s.sockets)
  tx.send(sockets, { type: 'ended', reason })
  for (const socket of sockets) tx.closeSocket(socket, CLOSE_CODES.ended, 'session ended')
  tx.emit({ type: 'record_close' })
  runDueTasks(tx)
}

export function onAlarm(tx: Tx) {
  const meta = tx.s.meta
  if (!meta) return
  if (meta.status === 'open') {
    // A returning facilitator clears the deadline, so a deadline that is still here has passed.
    if (meta.graceDeadline && tx.now >= meta.graceDeadline) return closeSession(tx, 'facilitator_left')
    if (meta.supervisionDeadline && tx.now >= meta.supervisionDeadline) return closeSession(tx, 'unsupervised')
    if (tx.now >= meta.closesAt) return closeSession(tx, 'expired')
  }
  if (meta.pendingD1Close) tx.emit({ type: 'record_close' })
  runDueTasks(tx)
}

export function onD1Closed(tx: Tx, ok: boolean) {
  const meta = tx.s.meta
  if (!ok || !meta?.pendingD1Close) return
  meta.pendingD1Close = false
  tx.saveMeta()
}

/** Owes a LiveKit call: kept in storage, tried now, retried by the alarm until confirmed. */
export function queueTask(tx: Tx, task: LiveKitTask) {
  if (!tx.s.media || !tx.s.meta) return
  const key = taskKey(task)
  const old = tx.s.meta.livekitTasks?.find((t) => taskKey(t) === key)
  const tasks = (tx.s.meta.livekitTasks ?? []).filter((t) => taskKey(t) !== key)
  // A publishing call in flight stays the only one for that person: the newer wanted state is sent
  // when it answers, so an older state can never land after a newer one.
  if (task.op === 'publishing' && old?.op === 'publishing' && old.sent && old.nextAt > tx.now) {
    task = { ...task, sent: old.sent, nextAt: old.nextAt }
  }
  tx.s.meta.livekitTasks = [...tasks, task]
  tx.saveMeta()
  runDueTasks(tx)
}

export function runDueTasks(tx: Tx) {
  const meta = tx.s.meta
  if (!meta?.livekitTasks?.length) return
  const due: LiveKitTask[] = []
  meta.livekitTasks = meta.livekitTasks.map((t) => {
    if (t.nextAt > tx.now) return t
    due.push(t)
    if (t.op === 'publishing') return { ...t, sent: t.sources, nextAt: tx.now + IN_FLIGHT_MS }
    return { ...t, nextAt: tx.now + IN_FLIGHT_MS }
  })
  if (!due.length) return
  tx.saveMeta()
  tx.emit({ type: 'livekit_tasks', tasks: due })
}

export function onTasksDone(tx: Tx, done: LiveKitTask[], failed: LiveKitTask[]) {
  const meta = tx.s.meta
  if (!meta?.livekitTasks?.length) return
  const doneKeys = new Map(done.map((t) => [taskKey(t), t]))
  const failedKeys = new Map(failed.map((t) => [taskKey(t), t]))
  meta.livekitTasks = meta.livekitTasks.flatMap((t): LiveKitTask[] => {
    const key = taskKey(t)
    const answered = doneKeys.get(key) ?? failedKeys.get(key)
    // A publishing answer about an older state than the one wanted now: send the wanted one.
    if (t.op === 'publishing' && answered?.op === 'publishing' && !sameSources(answered.sources, t.sources)) {
      const { sent: _, ...rest } = t
      return [{ ...rest, nextAt: tx.now }]
    }
    if (doneKeys.has(key)) return []
    const f = failedKeys.get(key)
    return f ? [{ ...t, attempts: f.attempts + 1, nextAt: tx.now + backoffMs(f.attempts) }] : [t]
  })
  tx.saveMeta()
  runDueTasks(tx)
}

/** One alarm for the earliest pending work; none when nothing remains. */
export function nextAlarm(meta: RoomMeta | undefined, now: number): number | null {
  if (!meta) return null
  const times: number[] = []
  if (meta.status === 'open') {
    times.push(meta.closesAt)
    if (meta.graceDeadline) times.push(meta.graceDeadline)
    if (meta.supervisionDeadline) times.push(meta.supervisionDeadline)
  }
  if (meta.pendingD1Close) times.push(now + D1_RETRY_MS)
  for (const task of meta.livekitTasks ?? []) times.push(Math.max(task.nextAt, now))
  return times.length ? Math.min(...times) : null
}
