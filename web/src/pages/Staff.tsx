// /staff: sign in with a passkey, then the console (sessions, links, staff invites) or a room.
import { createResource, createSignal, lazy, Match, Show, Suspense, Switch } from 'solid-js'
import { useApp } from '../app/store'
import { TopBar } from '../app/TopBar'
import { ApiError } from '../lib/api'
import { fetchMe, post } from '../staff/api'
import { signInWithPasskey } from '../staff/passkey'
import { Console, type HostSeat } from '../staff/Console'
import { readHostSeat, saveHostSeat } from '../staff/host-seat'

const Room = lazy(() => import('../room/Room'))

export default function Staff() {
  const app = useApp()
  const [me, { refetch }] = createResource(fetchMe)
  const [error, setError] = createSignal('')
  const [room, setRoomSignal] = createSignal<HostSeat | null>(readHostSeat())
  const setRoom = (seat: HostSeat | null) => {
    saveHostSeat(seat)
    setRoomSignal(seat)
  }

  const signIn = async () => {
    setError('')
    try {
      await signInWithPasskey()
      await refetch()
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
    <Suspense fallback={<p role="status">{app.t('loading')}</p>}>
      <Switch>
        <Match when={room()}>
          {(r) => (
            <Room
              sessionId={r().sessionId}
              seat={r().seat}
              key={r().key}
              pseudonym={r().pseudonym}
              agreement={r().agreement}
              role="facilitator"
              staff
              onLeave={() => setRoom(null)}
              onOver={() => saveHostSeat(null)}
            />
          )}
        </Match>
        <Match when={me.error}>
          <TopBar />
          <main class="page narrow">
            <h1>{app.t('staffTitle')}</h1>
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
              <Console me={m()} onOpenRoom={setRoom} />
            </>
          )}
        </Match>
      </Switch>
    </Suspense>
  )
}
