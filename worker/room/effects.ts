// Performs the core's effects for the Durable Object shell: frames and closes on sockets, storage
// writes, the alarm and the roster timer, LiveKit calls and D1, feeding each answer back as an event.
import type { Env } from '../env'
import { livekitConfig } from '../livekit/config'
import { LiveKitRooms } from '../livekit/room-service'
import { mintMediaToken } from '../livekit/token'
import { recordSessionClosed } from './close-records'
import { runTasks } from './livekit-tasks'
import type { CoreState, Effect, Event, LiveKitCall } from './core/types'
import { META_KEY, seatKey, type SocketAttachment } from './state'

export interface ShellIO {
  readonly sockets: Map<string, WebSocket>
  readonly core: CoreState
  timer: ReturnType<typeof setTimeout> | undefined
  run(event: Event): Promise<unknown>
}

export async function performEffects(io: ShellIO, ctx: DurableObjectState, env: Env, effects: Effect[]) {
  const storage = ctx.storage
  const writes: Promise<unknown>[] = []
  const answers: Promise<unknown>[] = []
  for (const e of effects) {
    switch (e.type) {
      case 'send': {
        const text = JSON.stringify(e.frame)
        for (const id of e.to) {
          try {
            io.sockets.get(id)?.send(text)
          } catch {
            // A socket closing under us; its close handler will tidy up.
          }
        }
        break
      }
      case 'close':
        try {
          io.sockets.get(e.socket)?.close(e.code, e.reason)
        } catch {
          // Already closed.
        }
        break
      case 'accept': {
        const ws = io.sockets.get(e.socket)
        if (!ws) break
        ctx.acceptWebSocket(ws, [e.seatId])
        ws.serializeAttachment({ seatId: e.seatId, role: e.role, socketId: e.socket, openedAt: Date.now() } satisfies SocketAttachment)
        break
      }
      case 'reply':
        break
      case 'put_meta':
        writes.push(storage.put(META_KEY, e.meta))
        break
      case 'put_seat':
        writes.push(storage.put(seatKey(e.seat.seatId), e.seat))
        break
      case 'delete_seat':
        writes.push(storage.delete(seatKey(e.seatId)))
        break
      case 'wipe':
        writes.push(storage.deleteAll())
        break
      case 'alarm':
        writes.push(e.at === null ? storage.deleteAlarm() : storage.setAlarm(e.at))
        break
      case 'timer':
        clearTimeout(io.timer)
        io.timer = setTimeout(() => void io.run({ type: 'tick' }).catch(warn('roster tick')), Math.max(0, e.at - Date.now()))
        break
      case 'livekit':
        answers.push(
          callLiveKit(env, e.call).then(
            (ok) => io.run({ type: 'livekit_answer', call: e.call, then: e.then, ok }),
          ),
        )
        break
      case 'livekit_tasks': {
        const config = livekitConfig(env)
        if (!config) break
        answers.push(runTasks(new LiveKitRooms(config), e.tasks).then((r) => io.run({ type: 'tasks_done', ...r })))
        break
      }
      case 'media_token':
        answers.push(sendMediaToken(io, env, e).catch(warn('media token')))
        break
      case 'record_close': {
        const sessionId = io.core.meta?.sessionId
        if (!sessionId) break
        answers.push(
          recordSessionClosed(env.DB, sessionId).then(
            () => io.run({ type: 'd1_closed', ok: true }),
            (err) => {
              console.error('D1 close failed; retrying by alarm', err)
              return io.run({ type: 'd1_closed', ok: false })
            },
          ),
        )
        break
      }
      default: {
        const never: never = e
        throw new Error(`unknown effect ${JSON.stringify(never)}`)
      }
    }
  }
  await Promise.all(writes)
  await Promise.all(answers)
}

const warn = (what: string) => (err: unknown) => console.warn(`${what} failed`, String(err))

async function callLiveKit(env: Env, call: LiveKitCall): Promise<boolean> {
  const config = livekitConfig(env)
  if (!config) return false
  const rooms = new LiveKitRooms(config)
  try {
    if (call.op === 'create_room') await rooms.ensureRoom(call.room, { maxParticipants: call.maxParticipants })
    else if (call.op === 'mute') await rooms.muteSource(call.room, call.identity, call.source)
    else await rooms.setPublishing(call.room, call.identity, call.sources)
    return true
  } catch (err) {
    console.warn(`LiveKit ${call.op} failed`, String(err))
    return false
  }
}

async function sendMediaToken(io: ShellIO, env: Env, e: Extract<Effect, { type: 'media_token' }>) {
  const config = livekitConfig(env)
  if (!config) return
  const token = await mintMediaToken(config, e.seat, e.room, e.grant)
  // The seat may have been removed, or the session closed, while the token was signed.
  if (io.core.meta?.status !== 'open' || !io.core.seats[e.seatId] || !io.core.sockets[e.socket]) return
  io.sockets.get(e.socket)?.send(
    JSON.stringify({
      type: 'media',
      mode: e.seat.mode,
      url: config.url,
      token,
      identity: e.seat.identity,
      sources: e.grant.sources,
      subscribe: e.grant.subscribe,
    }),
  )
}
