// The live room, shared by facilitators and everyone else: roster, encrypted chat, moderation,
// and video or audio (the media panel and LiveKit load only when someone picks them).
import { createEffect, createSignal, lazy, onCleanup, Show, Suspense, type JSX } from 'solid-js'
import { isModerator, type Mode, type Role, type SessionKind } from '../../../worker/protocol/common'
import { useApp } from '../app/store'
import { TopBar } from '../app/TopBar'
import { connectRoom } from './connection'
import { Roster } from './Roster'
import { ChatPanel } from './ChatPanel'
import { AwayNotice } from './AwayNotice'
import { OverScreen } from './OverScreen'
import { ModeSwitch } from './ModeSwitch'
import { createMediaLoader } from './media-loader'
import { setNeutralIcon } from '../lib/favicon'
import { TurnedAwayScreen, WaitingRoom } from '../join/WaitingRoom'
import { HandsControl } from './HandsControl'
import { AlertButton } from './AlertButton'
import { RemovedNotice } from './ChatModeration'
import { createRules } from './rules'
import { PrivateReply } from './PrivateReply'

const MediaPanel = lazy(() => import('../media/MediaPanel'))
// Facilitators only: loaded for them, never on a survivor's text-only path.
const FacilitatorTools = lazy(() => import('./FacilitatorTools'))
const EndControl = lazy(() => import('./EndControl').then((m) => ({ default: m.EndControl })))
// Youth sessions only (never downloaded in a group session): supervision, the camera rule.
const YouthBar = lazy(() => import('./Youth'))
const YouthWaiting = lazy(() => import('./Youth').then((m) => ({ default: m.YouthWaiting })))
const YouthEnded = lazy(() => import('./Youth').then((m) => ({ default: m.YouthEnded })))
const AllowCamera = lazy(() => import('./YouthFacilitator'))
const Watching = lazy(() => import('./Youth').then((m) => ({ default: m.Watching })))
// Short chat links only: a conversation with one advocate.
const ChatHead = lazy(() => import('./ChatSession'))
const AvailableAgain = lazy(() =>
  import('./ChatSession').then((m) => ({ default: m.AvailableAgain })),
)

export type RoomProps = {
  sessionId: string
  seat: string
  key: string
  pseudonym: string
  role: Role
  /** The session's kind as the link said (the welcome says it too). */
  kind?: SessionKind
  /** When the session closes (a short chat link shows the time left). */
  closesAt?: number
  /** Short chat links: when an advocate is available again, in the reader's language. */
  availableAgain?: string
  /** How the person chose to take part in the lobby (text-only when absent). */
  mode?: Mode
  /** Staff rooms get a way back to the console and no discreet-title toggle. */
  staff?: boolean
  /** Staff rooms: the session's title, time left, the console and a late link, at the top. */
  staffBar?: JSX.Element
  onLeave?: () => void
  onOver?: () => void
  /** The room does not know this seat any more (it was removed while this page was away). */
  onGone?: () => void
  onMode?: (mode: Mode) => void
  /** The group agreement in the reader's language ('' for staff: the session's or the org's). */
  agreement?: string
  /** The code word typed in the join form, sent with the join frame. */
  codeWord?: string
}

export default function Room(props: RoomProps) {
  const app = useApp()
  const room = connectRoom({
    sessionId: props.sessionId,
    seat: props.seat,
    key: props.key,
    pseudonym: props.pseudonym,
    role: props.role,
    codeWord: props.codeWord,
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
    // A youth's token follows her camera permission and supervision: ask for a new one.
    onYouth: (frame) => {
      const mode = media.state.mode
      const renew = frame.type === 'supervision' ? mode !== 'text' : mode === 'video'
      if (props.role === 'participant' && renew) media.choose(mode)
    },
  })
  const media = createMediaLoader({
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
  createEffect(() => setNeutralIcon(discreet()))
  onCleanup(() => {
    document.title = 'Havre'
    setNeutralIcon(false)
  })
  const rules = createRules(() => props.agreement, Boolean(props.staff))
  const self = () => room.state.members.find((m) => m.seatId === room.state.selfId)
  const kind = () => room.state.kind ?? props.kind
  const youth = () => kind() === 'youth'
  /** A short chat link's guest: a conversation, no group tools aimed at her advocate. */
  const guest = () => kind() === 'chat' && !moderator()
  const discreetToggle = () => (
    <button
      type="button"
      data-testid="discreet-toggle"
      aria-pressed={discreet()}
      onClick={() => setDiscreet((d) => !d)}
    >
      {app.t('discreet')}
    </button>
  )
  // Focus lands on the room's heading when it appears (after joining, after admission).
  const focusHeading = (el: HTMLElement) => requestAnimationFrame(() => el.focus())
  // The room forgot this seat (removed while away): a participant's page shows the neutral page.
  createEffect(() => {
    const err = room.state.error
    if (room.state.status === 'failed' && err?.code === 'unknown_seat' && !props.staff) {
      props.onGone?.()
    }
  })

  // Said in the chosen language, and only while true (the away countdown ends when they return).
  const announcement = () => {
    const e = room.state.event
    if (!e) return ''
    if (e.kind === 'away') {
      return room.state.awayUntil ? app.t('facilitatorAway', { n: awaySeconds() }) : ''
    }
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
      when={!['ended', 'removed', 'turned_away'].includes(room.state.status)}
      fallback={
        room.state.status === 'turned_away' ? (
          <TurnedAwayScreen />
        ) : (
          <OverScreen
            removed={room.state.status === 'removed'}
            chat={guest()}
            staff={props.staff}
            onBack={() => props.onLeave?.()}
          >
            <Show when={room.state.endReason === 'unsupervised'}>
              <Suspense>
                <YouthEnded />
              </Suspense>
            </Show>
            <Show when={guest() && room.state.status === 'ended' && props.availableAgain?.trim()}>
              {(text) => (
                <Suspense>
                  <AvailableAgain text={text()} />
                </Suspense>
              )}
            </Show>
          </OverScreen>
        )
      }
    >
      <div class="sticky-top">
        <TopBar exit />
        <Show when={youth() && room.state.admitted}>
          <Suspense>
            <Watching members={room.state.members} />
          </Suspense>
        </Show>
      </div>
      <Show
        when={room.state.admitted !== false}
        fallback={
          <WaitingRoom
            reconnecting={room.state.status === 'reconnecting'}
            back={room.state.back}
            tools={<Show when={!props.staff}>{discreetToggle()}</Show>}
          >
            <Show when={youth()}>
              <Suspense>
                <YouthWaiting />
              </Suspense>
            </Show>
          </WaitingRoom>
        }
      >
        <main class="page room" data-testid="room">
          {/* Staff have their own bar with the session's title; the heading stays for screen readers. */}
          <div class="room-head" classList={{ 'sr-only': Boolean(props.staffBar) }}>
            <h1 tabindex="-1" data-testid="room-heading" ref={focusHeading}>
              {app.t(guest() ? 'chatRoomTitle' : 'roomTitle')}
            </h1>
            <Show when={guest()}>
              <Suspense>
                <ChatHead
                  members={room.state.members}
                  closesAt={props.closesAt}
                  availableAgain={props.availableAgain}
                />
              </Suspense>
            </Show>
          </div>
          {props.staffBar}
          <Show when={youth()}>
            <Suspense>
              <YouthBar
                members={room.state.members}
                self={self()}
                media={room.state.media}
                unsupervisedUntil={room.state.unsupervisedUntil}
              />
            </Suspense>
          </Show>
          <Show when={room.state.status === 'connecting' || room.state.status === 'reconnecting'}>
            <p class="notice" role="status">
              {app.t(room.state.status === 'connecting' ? 'connecting' : 'reconnecting')}
            </p>
          </Show>
          <Show when={room.state.awayUntil}>
            {(until) => <AwayNotice until={until()} />}
          </Show>
          <Show when={!moderator()}>
            <PrivateReply reply={room.state.privateReply} onClose={room.clearPrivateReply} />
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
          <div class="sr-only" role="status" aria-live="polite" data-testid="announcer">
            {announcement()}
          </div>
          <Show when={!guest()}>
            <ModeSwitch
              mode={media.state.mode}
              available={room.state.media}
              onChoose={(mode) => {
                if (mode !== media.state.mode || media.state.status === 'error') media.choose(mode)
              }}
            />
          </Show>
          <Show when={(media.state.status !== 'off' || media.state.moderated) && media.loaded()}>
            {(loaded) => (
              <MediaPanel
                media={loaded()}
                members={room.state.members}
                spotlight={room.state.spotlight}
              />
            )}
          </Show>
          <Show when={moderator()}>
            <Suspense>
              <FacilitatorTools room={room} />
            </Suspense>
          </Show>
          <div class="actions room-tools">
            {/* Observers see and hear; they do not write or raise a hand. */}
            <Show when={props.role !== 'observer' && !guest()}>
              <HandsControl
                moderator={moderator()}
                raised={Boolean(self()?.hand)}
                anyRaised={room.state.members.some((m) => m.hand)}
                send={room.send}
              />
            </Show>
            <Show when={!moderator() && !guest()}>
              <AlertButton send={room.send} delivery={room.state.alertDelivery} />
            </Show>
            <Show when={!props.staff}>{discreetToggle()}</Show>
          </div>
          <div class="room-grid" classList={{ single: guest() }}>
            <Show when={!guest()}>
              <Roster
                members={room.state.members}
                selfId={room.state.selfId}
                moderator={moderator()}
                media={room.state.media}
                spotlight={room.state.spotlight}
                onRemove={(id) => room.remove(id)}
                onModerate={(msg) => room.send(msg)}
                extra={(m) => (
                  <Show when={moderator() && youth() && room.state.media && m.role === 'participant'}>
                    <Suspense>
                      <AllowCamera member={m} send={room.send} />
                    </Suspense>
                  </Show>
                )}
              />
            </Show>
            <ChatPanel
              messages={room.state.messages}
              ready={room.state.status === 'open'}
              disabled={!moderator() && !room.state.chatEnabled}
              resumed={room.state.resumed}
              moderator={moderator()}
              readOnly={props.role === 'observer'}
              rules={rules()}
              onDelete={(messageId, rule) => room.send({ type: 'delete_message', messageId, rule })}
              notices={
                <>
                  <Show when={!room.state.chatEnabled}>
                    <p class="notice" role="status" data-testid="chat-off-notice">
                      {app.t(moderator() ? 'chatOffModerator' : 'chatOff')}
                    </p>
                  </Show>
                  <Show when={room.state.removedMessage}>
                    {(r) => (
                      <RemovedNotice
                        rule={r().rule}
                        rules={rules()}
                        onClose={room.clearRemovedMessage}
                      />
                    )}
                  </Show>
                </>
              }
              onSend={(text) => {
                room.clearError()
                return room.sendChat(text)
              }}
            />
          </div>
          <Show when={moderator()}>
            <Suspense>
              <EndControl onEnd={() => room.end()} />
            </Suspense>
          </Show>
        </main>
      </Show>
    </Show>
  )
}
