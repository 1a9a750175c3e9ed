// When part of the page could not load (offline, or the site was updated meanwhile): one readable
// sentence in the page's language, a way to try again, and quick exit where a survivor may be. It
// needs no chunk and no dictionary: its strings are in the entry (i18n/index.ts, EARLY).
import { EARLY } from '../i18n'
import { useApp } from './store'
import { TopBar } from './TopBar'

export function ChunkFailed(props: { exit: boolean; onRetry: () => void }) {
  const app = useApp()
  const text = () => EARLY[app.state.lang]
  return (
    <>
      <TopBar exit={props.exit} />
      <main class="page narrow" data-testid="chunk-failed">
        <p class="notice error" role="alert">
          {text().chunkFailed}
        </p>
        <button type="button" data-testid="chunk-retry" onClick={() => props.onRetry()}>
          {text().tryAgain}
        </button>
      </main>
    </>
  )
}
