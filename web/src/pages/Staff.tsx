// /staff: sign in with a passkey, then the console (sessions, links, staff invites) and the room.
// The room stays connected while the facilitator looks at the console: one tab, one way back.
import { createSignal, Match, Show, Switch } from 'solid-js'
import { useApp } from '../app/store'
import { TopBar } from '../app/TopBar'
import { ApiError } from '../lib/api'
import { lazyView } from '../lib/lazy-view'
import { createLoad } from '../lib/load'
import { fetchMe, post } from '../staff/api'
import { signInWithPasskey } from '../staff/passkey'
import { Console, type HostSeat } from '../staff/Console'
import { readHostSeat, saveHostSeat } from '../staff/host-seat'
import { PasskeyAddress } from '../staff/PasskeyAddress'
import { RoomBar } from '../staff/RoomBar'

const Room = lazyView(() => import('../room/Room'), Loading)

export default function Staff() {
  const app = useApp()
  const me = createLoad(fetchMe)
  const [error, setError] = createSignal('')
  const [room, setRoomSignal] = createSignal<HostSeat | null>(readHostSeat())
  const [view, setView] = createSignal<'room' | 'console'>('room')
  const setRoom = (seat: HostSeat | null) => {
    saveHostSeat(seat)
    setRoomSignal(seat)
    setView('room')
  }

  const signIn = async () => {
    setError('')
    try {
      await signInWithPasskey()
      await me.refetch()
    } catch (err) {
      setError(app.errorText(err))
    }
  }

  const signOut = async () => {
    await post('/api/passkeys/logout').catch(() => undefined)
    location.assign('/staff')
  }

  const signedOut = () => me.error instanceof ApiError && me.error.code === 'signed_out'

  return (
    <>
      <Show when={room()} keyed>
        {(r) => (
          <div class="room-host" hidden={view() !== 'room'} data-testid="room-host">
            <Room
              sessionId={r.sessionId}
              seat={r.seat}
              key={r.key}
              pseudonym={r.pseudonym}
              agreement={r.agreement}
              role="facilitator"
              staff
              staffBar={<RoomBar seat={r} onConsole={() => setView('console')} />}
              onLeave={() => setRoom(null)}
              onOver={() => {
                saveHostSeat(null)
                // Ended while she was in the console: nothing to go back to.
                if (view() === 'console') setRoomSignal(null)
              }}
            />
          </div>
        )}
      </Show>
      <Show when={!room() || view() === 'console'}>
        <Switch fallback={<Loading />}>
          <Match when={me.error}>
            <TopBar />
            <main class="page narrow">
              <h1>{app.t('staffTitle')}</h1>
              <PasskeyAddress />
              <Show when={!signedOut()}>
                <p role="alert" class="notice error">
                  {app.errorText(me.error)}
                </p>
              </Show>
              <button type="button" class="primary" data-testid="sign-in" onClick={signIn}>
                {app.t('signIn')}
              </button>
              <Show when={error()}>
                <p role="alert" class="notice error">
                  {error()}
                </p>
              </Show>
            </main>
          </Match>
          <Match when={me()}>
            {(m) => (
              <>
                <TopBar>
                  <span>
                    {app.t('signedInAs')} <b data-testid="staff-name">{m().displayName}</b>
                  </span>
                  <button type="button" data-testid="sign-out" onClick={signOut}>
                    {app.t('signOut')}
                  </button>
                </TopBar>
                <Show when={room()}>
                  {(r) => (
                    <div class="page">
                      <div class="notice room-banner" data-testid="room-banner">
                        <span>{app.t('inRoomBanner', { title: r().title ?? '' })}</span>
                        <button
                          type="button"
                          class="primary"
                          data-testid="back-to-room"
                          onClick={() => setView('room')}
                        >
                          {app.t('backToRoom')}
                        </button>
                      </div>
                    </div>
                  )}
                </Show>
                <Console me={m()} onOpenRoom={setRoom} onMe={(next) => me.mutate(next)} />
              </>
            )}
          </Match>
        </Switch>
      </Show>
    </>
  )
}

function Loading() {
  const app = useApp()
  return <p role="status">{app.t('loading')}</p>
}
