// The live room, shared by facilitators and everyone else: roster, encrypted chat, moderation,
// and video or audio (the media panel and LiveKit load only when someone picks them).
import { createEffect, Show } from 'solid-js'
import { isModerator } from '../../../worker/protocol/roles'
import { useApp } from '../app/store'
import { TopBar } from '../app/TopBar'
import { connectRoom } from './connection'
import { Roster } from './Roster'
import { RoomChat } from './RoomChat'
import { ModeSwitch } from './ModeSwitch'
import { createMediaLoader } from './media-loader'
import { createDiscreet } from './discreet'
import { HandsControl } from './HandsControl'
import { AlertButton } from './AlertButton'
import { createRules } from './rules'
import type { RoomProps } from './room-props'
import { lazyView } from '../lib/lazy-view'

export { preloadMedia } from './media-preload'

const MediaPanel = lazyView(() => import('../media/MediaPanel'))
const RosterMedia = lazyView(() =>
  import('../media/MediaPanel').then((m) => ({ default: m.RosterMedia })),
)
// Loaded once the room is on screen: leaving calmly; a facilitator's end for everyone.
const LeaveControl = lazyView(() => import('./LeaveControl'))
// Facilitators only: loaded for them, never on a survivor's text-only path.
const FacilitatorTools = lazyView(() => import('./FacilitatorTools'))
// Youth sessions only (never downloaded in a group session): supervision, the camera rule.
const YouthBar = lazyView(() => import('./Youth'))
const YouthWaiting = lazyView(() => import('./Youth').then((m) => ({ default: m.YouthWaiting })))
const AllowCamera = lazyView(() => import('./YouthFacilitator'))
const Watching = lazyView(() => import('./Youth').then((m) => ({ default: m.Watching })))
// Only in a session with a waiting room, while she waits there.
const WaitingRoom = lazyView(() => import('../join/WaitingRoom'))
// Short chat links only: a conversation with one advocate.
const ChatHead = lazyView(() => import('./ChatSession'))
// The last screen (ended, removed, turned away): fetched as soon as the room opens, shown at the end.
const RoomOver = lazyView(() => import('./RoomOver').then((m) => ({ default: m.RoomOver })))
// Shown only when something happens (a facilitator away, a private reply): loaded then.
const AwayNotice = lazyView(() => import('./AwayNotice').then((m) => ({ default: m.AwayNotice })))
const PrivateReply = lazyView(() =>
  import('./PrivateReply').then((m) => ({ default: m.PrivateReply })),
)

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
    role: props.role,
    send: (msg) => room.send(msg),
    onMode: (mode) => props.onMode?.(mode),
  })
  const moderator = () => isModerator(props.role)
  const rules = createRules(() => props.agreement, Boolean(props.staff))
  const self = () => room.state.members.find((m) => m.seatId === room.state.selfId)
  const kind = () => room.state.kind ?? props.kind
  const youth = () => kind() === 'youth'
  /** A short chat link's guest: a conversation, no group tools aimed at her advocate. */
  const guest = () => kind() === 'chat' && !moderator()
  const discreetToggle = createDiscreet()
  // Focus lands on the room's heading when it appears (after joining, after admission).
  const focusHeading = (el: HTMLElement) => requestAnimationFrame(() => el.focus())
  // Into the view itself, so the last screen shows at once (a failure is tried again then).
  createEffect(() => room.state.status === 'open' && void RoomOver.preload().catch(() => undefined))
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
        <RoomOver
          room={room}
          guest={guest()}
          staff={props.staff}
          availableAgain={props.availableAgain}
          onBack={() => props.onLeave?.()}
        />
      }
    >
      <div class="sticky-top">
        <TopBar exit />
        <Show when={youth() && room.state.admitted}>
          <Watching members={room.state.members} />
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
              <YouthWaiting />
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
              <ChatHead
                members={room.state.members}
                closesAt={props.closesAt}
                availableAgain={props.availableAgain}
              />
            </Show>
          </div>
          {props.staffBar}
          <Show when={youth()}>
            <YouthBar
              members={room.state.members}
              self={self()}
              media={room.state.media}
              unsupervisedUntil={room.state.unsupervisedUntil}
            />
          </Show>
          <Show when={room.state.status === 'connecting' || room.state.status === 'reconnecting'}>
            <p class="notice" role="status">
              {app.t(room.state.status === 'connecting' ? 'connecting' : 'reconnecting')}
            </p>
          </Show>
          <Show when={room.state.awayUntil}>{(until) => <AwayNotice until={until()} />}</Show>
          <Show when={!moderator() && room.state.privateReply}>
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
            {(loaded) => <MediaPanel media={loaded()} room={room} moderator={moderator()} />}
          </Show>
          <Show when={moderator()}>
            <FacilitatorTools room={room} />
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
                  <>
                    <Show when={media.loaded()}>
                      {(l) => <RosterMedia media={l()} member={m} />}
                    </Show>
                    <Show
                      when={moderator() && youth() && room.state.media && m.role === 'participant'}
                    >
                      <AllowCamera member={m} send={room.send} />
                    </Show>
                  </>
                )}
              />
            </Show>
            <RoomChat
              room={room}
              moderator={moderator()}
              observer={props.role === 'observer'}
              rules={rules()}
            />
          </div>
          <LeaveControl
            room={room}
            role={props.role}
            guest={guest()}
            // Staff go back to the console; anyone else gets the neutral page (the media stops
            // with the room).
            onLeft={() => (props.staff ? props.onLeave : props.onGone)?.()}
          />
        </main>
      </Show>
    </Show>
  )
}
