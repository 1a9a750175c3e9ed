// The stage: the large tile (a shared screen first, else the spotlight, else the interpreter) and
// everyone else in a grid sized to how many they are, so faces fill the space on a laptop and sit
// two by two on a phone. Audio-only people have a tile too (their name, their speaking state).
import { createMemo, For, Show } from 'solid-js'
import { useApp } from '../app/store'
import { onMedia } from '../room/Roster'
import { useStage } from './context'
import { Tile } from './Tile'

/** Columns for n tiles: 2 × 2 for four people, never a column of thumbnails. */
const columns = (n: number, max: number) => Math.min(max, n <= 1 ? 1 : n <= 4 ? 2 : n <= 9 ? 3 : 4)

export function Stage() {
  const app = useApp()
  const stage = useStage()
  const s = stage.media.state
  const call = stage.media.call.state
  const online = () => stage.members.filter((m) => m.online && onMedia(m))
  // A shared screen is shown large for everyone who receives video (and to the one sharing).
  const sharing = createMemo(() =>
    online().find(
      (m) =>
        call.tracks[m.identity]?.screen && (s.mode === 'video' || m.identity === call.identity),
    ),
  )
  const interpreter = () => online().find((m) => m.role === 'interpreter')
  const pinned = () =>
    sharing() ? undefined : (online().find((m) => m.seatId === stage.spotlight) ?? interpreter())
  // Tiles are keyed by identity, so a roster update never re-creates a playing video.
  const others = createMemo(() =>
    online()
      .filter((m) => m.identity !== pinned()?.identity)
      .map((m) => m.identity),
  )
  const byId = (identity: string) => stage.members.find((m) => m.identity === identity)
  const tile = (identity: string, screen = false) => (
    <Show when={byId(identity)}>{(m) => <Tile member={m()} screen={screen} />}</Show>
  )
  return (
    <section class="stage" aria-labelledby="stage-h" data-testid="media-stage">
      <h2 id="stage-h" class="sr-only">
        {app.t('stage')}
      </h2>
      <Show when={s.status !== 'live'}>
        <p class="muted" role="status">
          {app.t('mediaConnecting')}
        </p>
      </Show>
      <Show when={sharing()?.identity} keyed>
        {(identity) => (
          <div class="pinned" data-testid="pinned-tile" data-identity={identity}>
            {tile(identity, true)}
          </div>
        )}
      </Show>
      <Show when={pinned()?.identity} keyed>
        {(identity) => (
          <div class="pinned" data-testid="pinned-tile" data-identity={identity}>
            {tile(identity)}
          </div>
        )}
      </Show>
      <Show when={s.mode === 'audio' && interpreter()}>
        {(m) => (
          <button
            type="button"
            data-testid="show-interpreter"
            aria-pressed={s.interpreterShown}
            onClick={() => stage.media.toggleInterpreter(m().identity)}
          >
            {app.t('showInterpreter')}
          </button>
        )}
      </Show>
      <div
        class="tiles"
        style={{
          '--cols-wide': columns(others().length, 4),
          '--cols-narrow': columns(others().length, 2),
        }}
      >
        <For each={others()}>{(identity) => tile(identity)}</For>
      </div>
    </section>
  )
}
