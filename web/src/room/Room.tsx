// The live room, shared by facilitators and everyone else: roster, encrypted chat, moderation,
// and video or audio (the media panel and LiveKit load only when someone picks them).
import { createEffect, createSignal, lazy, onCleanup, Show } from 'solid-js'
import { isModerator, type Mode, type Role } from '../../../worker/protocol/common'
import { useApp } from '../app/store'
import { TopBar } from '../app/TopBar'
import { connectRoom } from './connection'
import { Roster } from './Roster'
import { ChatPanel } from './ChatPanel'
import { EndControl } from './EndControl'
import { AwayNotice } from './AwayNotice'
import { OverScreen } from './OverScreen'
import { ModeSwitch } from './ModeSwitch'
import { createMedia } from './media'

const MediaPanel = lazy(() => import('../media/MediaPanel'))

export type RoomProps = {
  sessionId: string
  seat: string
  key: string
  pseudonym: string
  role: Role
  /** How the person chose to take part in the lobby (text-only when absent). */
  mode?: Mode
  /** Staff rooms get a way back to the console and no discreet-title toggle. */
  staff?: boolean
  onLeave?: () => void
  onOver?: () => void
  onMode?: (mode: Mode) => void
}

export default function Room(props: RoomProps) {
  const app = useApp()
  const room = connectRoom({
    sessionId: props.sessionId,
    seat: props.seat,
    key: props.key,
    pseudonym: props.pseudonym,
    role: props.role,
    onOver: () => {
      // Out of the media room at once (removed or ended), before anything else.
      media.stop()
      props.onOver?.()
    },
    onWelcome: (members) =>
      media.welcome(
        room.state.media,
        members.find((m) => m.seatId === room.state.selfId),
      ),
    onMedia: (frame) => media.frame(frame),
  })
  const media = createMedia({
    sessionId: props.sessionId,
    key: props.key,
    initial: props.mode ?? 'text',
    send: (msg) => room.send(msg),
    onMode: (mode) => props.onMode?.(mode),
  })
  const moderator = () => isModerator(props.role)
  const [discreet, setDiscreet] = createSignal(false)
  const title = () => (discreet() ? app.t('neutralTitle') : `${app.t('roomTitle')} — Havre`)
  createEffect(() => (document.title = title()))
  onCleanup(() => (document.title = 'Havre'))

  const announcement = () => {
    const e = room.state.event
    if (!e) return ''
    if (e.kind === 'away') return app.t('facilitatorAway', { n: awaySeconds() })
    return app.t(e.kind, { name: e.name })
  }
  const awaySeconds = () =>
    Math.max(0, Math.round(((room.state.awayUntil ?? 0) - Date.now()) / 1000))

  const errorText = () => {
    const err = room.state.error
    return err ? app.errorText({ code: err.code, message: err.message }) : ''
  }

  return (
    <Show
      when={!['ended', 'removed'].includes(room.state.status)}
      fallback={
        <OverScreen
          removed={room.state.status === 'removed'}
          staff={props.staff}
          onBack={() => props.onLeave?.()}
        />
      }
    >
      <TopBar exit>
        <Show when={!props.staff}>
          <button
            type="button"
            data-testid="discreet-toggle"
            aria-pressed={discreet()}
            onClick={() => setDiscreet((d) => !d)}
          >
            {app.t('discreet')}
          </button>
        </Show>
      </TopBar>
      <main class="page room" data-testid="room">
        <h1 class="sr-only">{app.t('roomTitle')}</h1>
        <Show when={room.state.status === 'connecting' || room.state.status === 'reconnecting'}>
          <p class="notice" role="status">
            {app.t(room.state.status === 'connecting' ? 'connecting' : 'reconnecting')}
          </p>
        </Show>
        <Show when={room.state.awayUntil}>
          {(until) => <AwayNotice until={until()} />}
        </Show>
        <Show when={room.state.error}>
          <p class="notice error" role="alert" data-testid="room-error">
            {errorText()}
          </p>
        </Show>
        <Show when={props.staff && room.state.status === 'failed'}>
          <button type="button" onClick={() => props.onLeave?.()}>
            {app.t('backToConsole')}
          </button>
        </Show>
        <div class="sr-only" role="status" aria-live="polite">
          {announcement()}
        </div>
        <ModeSwitch
          mode={media.state.mode}
          available={room.state.media}
          onChoose={(mode) => {
            if (mode !== media.state.mode || media.state.status === 'error') media.choose(mode)
          }}
        />
        <Show when={media.state.status !== 'off' || media.state.moderated}>
          <MediaPanel
            media={media}
            members={room.state.members}
            spotlight={room.state.spotlight}
          />
        </Show>
        <div class="room-grid">
          <Roster
            members={room.state.members}
            selfId={room.state.selfId}
            moderator={moderator()}
            media={room.state.media}
            spotlight={room.state.spotlight}
            onRemove={(id) => room.remove(id)}
            onModerate={(msg) => room.send(msg)}
          />
          <ChatPanel
            messages={room.state.messages}
            ready={room.state.status === 'open'}
            onSend={(text) => {
              room.clearError()
              return room.sendChat(text)
            }}
          />
        </div>
        <Show when={moderator()}>
          <EndControl onEnd={() => room.end()} />
        </Show>
      </main>
    </Show>
  )
}
