// "Leave the session", distinct from quick exit: one confirmation, then `leave` is sent and the
// page shows its neutral "nothing is open" page. A facilitator is asked whether to end the
// session for everyone or hand over to a co-facilitator who is here (the room goes on with them).
import { createSignal, For, Show } from 'solid-js'
import { isModerator, type Role } from '../../../worker/protocol/roles'
import { useApp } from '../app/store'
import { format } from '../i18n'
import { leaveDict, type LeaveKey } from '../i18n/leave'
import type { RoomConnection } from './connection'
import { EndControl } from './EndControl'

/** Leave for everyone but a short chat link's guest; End too for facilitators. */
export default function LeaveControl(props: {
  room: RoomConnection
  role: Role
  guest: boolean
  onLeft: () => void
}) {
  // While the leave question is open it offers ending for everyone itself: one such button, not two.
  const [asking, setAsking] = createSignal(false)
  return (
    <>
      <Show when={!props.guest}>
        <Leave
          room={props.room}
          role={props.role}
          onLeft={props.onLeft}
          asking={asking()}
          setAsking={setAsking}
        />
      </Show>
      <Show when={isModerator(props.role) && !asking()}>
        <EndControl onEnd={() => props.room.end()} />
      </Show>
    </>
  )
}

function Leave(props: {
  room: RoomConnection
  role: Role
  onLeft: () => void
  asking: boolean
  setAsking: (asking: boolean) => void
}) {
  const app = useApp()
  const t = (key: LeaveKey, params?: Record<string, string>) =>
    format(leaveDict[app.state.lang][key], params)
  const asking = () => props.asking
  const setAsking = (v: boolean) => props.setAsking(v)
  const staff = () => isModerator(props.role)
  /** The other facilitators here now, who carry on. */
  const others = () =>
    props.room.state.members.filter(
      (m) => isModerator(m.role) && m.online && m.seatId !== props.room.state.selfId,
    )
  const leave = () => {
    props.room.send({ type: 'leave' })
    props.onLeft()
  }
  const focus = (el: HTMLElement) => queueMicrotask(() => el.focus())
  return (
    <section class="leave-control">
      <Show
        when={asking()}
        fallback={
          <button type="button" data-testid="leave-session" onClick={() => setAsking(true)}>
            {t('leave')}
          </button>
        }
      >
        <div class="confirm" role="group" aria-labelledby="leave-q" data-testid="leave-confirm-box">
          <p id="leave-q" tabindex="-1" ref={focus}>
            {t(staff() ? 'leaveStaffQ' : 'leaveQ')}
          </p>
          <Show when={staff() && !others().length}>
            <p class="muted">{t('alone')}</p>
          </Show>
          <Show
            when={staff()}
            fallback={
              <button type="button" class="primary" data-testid="leave-confirm" onClick={leave}>
                {t('leaveConfirm')}
              </button>
            }
          >
            <For each={others().slice(0, 1)}>
              {(m) => (
                <button type="button" class="primary" data-testid="hand-over" onClick={leave}>
                  {t('handOver', { name: m.pseudonym })}
                </button>
              )}
            </For>{' '}
            <button type="button" class="danger" data-testid="leave-end" onClick={() => props.room.end()}>
              {t('endForAll')}
            </button>
          </Show>{' '}
          <button type="button" data-testid="leave-cancel" onClick={() => setAsking(false)}>
            {t('stay')}
          </button>
        </div>
      </Show>
    </section>
  )
}
