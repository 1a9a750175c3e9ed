// /j: the link was spent the moment the page opened (lib/early.ts); show why not, or the lobby,
// then the room. The seat survives a reload through sessionStorage only.
import { createResource, createSignal, lazy, Match, Show, Suspense, Switch } from 'solid-js'
import { useApp, type Seat } from '../app/store'
import { TopBar } from '../app/TopBar'
import { ApiError } from '../lib/api'
import { SECRET_RE } from '../lib/b64'
import { earlyRedeem, joinLink, redeem } from '../lib/early'
import { readPending, readSeat, saveSeat, savePending, wipe } from './seat-storage'
import { Lobby } from './Lobby'

const Room = lazy(() => import('../room/Room'))

async function loadSeat(retry: boolean): Promise<Seat> {
  let link = retry ? undefined : joinLink
  if (!link && !retry) {
    const stored = readSeat()
    if (stored) return stored
  }
  if (!link) {
    const [token = '', key = ''] = (readPending() ?? '').split('.')
    if (!token) throw new ApiError('link_invalid', '')
    link = { token, key }
  }
  if (!SECRET_RE.test(link.token) || !SECRET_RE.test(link.key)) {
    throw new ApiError('missing_token', '')
  }
  try {
    const a = await (link === joinLink && earlyRedeem ? earlyRedeem : redeem(link.token))
    wipe()
    const seat: Seat = {
      sessionId: a.sessionId,
      seat: a.seat,
      role: a.role,
      kind: a.kind,
      // TODO(lobby issue): show the organization's agreement in the reader's language.
      agreement: typeof a.agreement === 'string' ? a.agreement : a.agreement.en,
      key: link.key,
    }
    saveSeat(seat)
    return seat
  } catch (err) {
    if (err instanceof ApiError && err.code === 'not_open_yet') {
      savePending(`${link.token}.${link.key}`)
    }
    throw err
  }
}

export default function JoinPage() {
  const app = useApp()
  const [tries, setTries] = createSignal(1)
  const [seat] = createResource(tries, async (n) => {
    const loaded = await loadSeat(n > 1)
    app.setSeat(loaded)
    return loaded
  })
  const inRoom = () => (seat() && app.state.seat?.pseudonym !== undefined ? app.state.seat : null)

  const errorSentence = () => {
    const err = seat.error as ApiError
    if (err?.code === 'not_open_yet') {
      const at = Number(err.data.opensAt)
      return app.t('err_not_open_yet', { time: new Date(at).toLocaleString(app.state.lang) })
    }
    return app.errorText(err)
  }

  return (
    <Suspense fallback={<Waiting />}>
      <Switch fallback={<Waiting />}>
      <Match when={seat.error}>
        <TopBar exit />
        <main class="page narrow" data-testid="join-error">
          <h1 role="alert">{errorSentence()}</h1>
          <Show when={(seat.error as ApiError)?.code === 'not_open_yet'}>
            <button type="button" onClick={() => setTries((n) => n + 1)}>
              {app.t('tryAgain')}
            </button>
          </Show>
        </main>
      </Match>
      <Match when={inRoom()}>
        {(s) => (
          <Room
            sessionId={s().sessionId}
            seat={s().seat}
            key={s().key}
            pseudonym={s().pseudonym ?? ''}
            role={s().role}
            mode={s().mode}
            onMode={(mode) => saveSeat({ ...s(), mode })}
            onOver={wipe}
          />
        )}
      </Match>
      <Match when={seat()}>
        {(s) => (
          <Lobby
            seat={s()}
            onJoin={(pseudonym, mode) => {
              const next = { ...s(), pseudonym, mode }
              saveSeat(next)
              app.setSeat(next)
            }}
          />
        )}
      </Match>
      </Switch>
    </Suspense>
  )
}

function Waiting() {
  const app = useApp()
  return (
    <>
      <TopBar exit />
      <main class="page narrow">
        <p role="status">{app.t('loading')}</p>
      </main>
    </>
  )
}
