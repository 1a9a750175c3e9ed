// /j: the link was spent the moment the page opened (lib/early.ts); show why not, or the lobby,
// then the room (its chunk fetched while the lobby is read). The seat survives a reload through
// sessionStorage only. The strings only some seats need (a facilitator's, a short chat link's)
// load with the seat, before its first screen.
import { createSignal, ErrorBoundary, Match, Switch } from 'solid-js'
import { isModerator } from '../../../worker/protocol/roles'
import { useApp, type Seat } from '../app/store'
import { TopBar } from '../app/TopBar'
import { ChunkFailed } from '../app/ChunkFailed'
import { ApiError } from '../lib/api'
import { SECRET_RE } from '../lib/b64'
import { earlyRedeem, joinLink, redeem } from '../lib/early'
import { lazyView } from '../lib/lazy-view'
import { createLoad } from '../lib/load'
import { NOTHING_HERE, readPending, readSeat, saveSeat, savePending, wipe } from './seat-storage'
import { Lobby } from './Lobby'
import { localized } from './texts'
import type { Part } from '../i18n'

const loadRoom = () => import('../room/Room')
const Room = lazyView(loadRoom, () => <Waiting />)
// Only when the link cannot open (used, expired, not yet, nothing in this tab): fetched then.
const JoinError = lazyView(
  () => import('./JoinError'),
  () => <Waiting />,
)

/** What this seat's screens say beside everyone's strings. */
const seatParts = (seat: Seat): Part[] => [
  ...(isModerator(seat.role) ? (['facilitator'] as const) : []),
  ...(chatLink(seat) ? (['chat'] as const) : []),
]
/** A short chat link's seat, or one that asks for a code word (join/seat-extras.ts). */
const chatLink = (seat: Seat) => seat.kind === 'chat' || Boolean(seat.requiresCodeWord)

async function loadSeat(retry: boolean): Promise<Seat> {
  let link = retry ? undefined : joinLink
  if (!link && !retry) {
    const stored = readSeat()
    if (stored) return stored
  }
  if (!link) {
    const [token = '', key = ''] = (readPending() ?? '').split('.')
    // Nothing in this tab: a spent tab, a quick exit, or a session over (removed or ended).
    if (!token) throw new ApiError(NOTHING_HERE, '')
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
      // Kept in both languages when they are the organization's: shown in the reader's.
      agreement: a.agreement,
      notice: a.notice,
      requiresCodeWord: a.requiresCodeWord,
      closesAt: a.closesAt,
      ...(a.availableAgain ? { availableAgain: a.availableAgain } : {}),
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
  const seat = createLoad(async (n: number) => {
    const loaded = await loadSeat(n > 1)
    await Promise.all([
      ...seatParts(loaded).map((part) => app.need(part)),
      chatLink(loaded) ? import('./seat-extras') : undefined,
    ])
    app.setSeat(loaded)
    // While she reads the agreement, the room's code arrives: joining waits for no download (a
    // failure is tried again on Join, and said there).
    void Room.preload().catch(() => undefined)
    return loaded
  }, tries)
  const inRoom = () => (seat() && app.state.seat?.pseudonym !== undefined ? app.state.seat : null)

  return (
    <Switch fallback={<Waiting />}>
      {/* Asking again (try again, or a seat the room forgot) shows the wait, not the last answer. */}
      <Match when={seat.loading}>
        <Waiting />
      </Match>
      <Match when={seat.error}>
        <JoinError error={seat.error as ApiError} onRetry={() => setTries((n) => n + 1)} />
      </Match>
      <Match when={inRoom()}>
        {(s) => (
          // The room (or one of its lazy parts) could not load: said, and tried again in place,
          // with the seat and the pseudonym kept.
          <ErrorBoundary fallback={(_err, reset) => <ChunkFailed exit onRetry={reset} />}>
            <Room
              sessionId={s().sessionId}
              seat={s().seat}
              key={s().key}
              pseudonym={s().pseudonym ?? ''}
              role={s().role}
              kind={s().kind}
              closesAt={s().closesAt}
              availableAgain={localized(s().availableAgain, app.state.lang)}
              mode={s().mode}
              onMode={(mode) => saveSeat({ ...s(), mode })}
              agreement={localized(s().agreement, app.state.lang)}
              codeWord={s().codeWord}
              onOver={wipe}
              onGone={() => {
                // A seat the room no longer knows (removed while away): the same neutral page.
                wipe()
                app.setSeat(null)
                setTries((n) => n + 1)
              }}
            />
          </ErrorBoundary>
        )}
      </Match>
      <Match when={seat()}>
        {(s) => (
          <Lobby
            seat={s()}
            // Through the room's chunk, which holds what the media code shares with it.
            onMediaChosen={() =>
              void loadRoom().then(
                (m) => m.preloadMedia(app),
                () => undefined,
              )
            }
            onJoin={(pseudonym, mode, codeWord) => {
              const next = { ...s(), pseudonym, mode, ...(codeWord ? { codeWord } : {}) }
              saveSeat(next)
              app.setSeat(next)
            }}
          />
        )}
      </Match>
    </Switch>
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
