// Entry: wipe the link fragment first, then the page this address needs. The join page is in the
// entry itself, so a survivor's first screen waits for no other script than her language's
// strings; the other pages load lazily. A page that could not load says so (app/ChunkFailed).
import { path } from './lib/early'
import './styles.css'
import { ErrorBoundary, Show, type Component } from 'solid-js'
import { render } from 'solid-js/web'
import { AppProvider, useApp } from './app/store'
import { ChunkFailed } from './app/ChunkFailed'
import { TopBar } from './app/TopBar'
import JoinPage from './join/JoinPage'
import { lazyView } from './lib/lazy-view'
import { armShortcut } from './lib/quick-exit'
import type { Part } from './i18n'

type Loader = () => Promise<{ default: Component }>

const pages: Record<string, Loader> = {
  '/': () => import('./pages/Home'),
  '/setup': () => import('./pages/Setup'),
  '/staff/join': () => import('./pages/Setup'),
  '/staff': () => import('./pages/Staff'),
}
/** The strings each page needs beside everyone's (i18n/index.ts); /j adds its seat's itself. */
const parts: Record<string, Part[]> = {
  '/j': [],
  '/setup': ['staff'],
  '/staff/join': ['staff'],
  '/staff': ['staff', 'facilitator'],
}

const survivor = path === '/j'
// Until the page and its strings are here, the bar (and on /j quick exit) already is.
const Bar = () => <TopBar exit={survivor} />
const lazyPage = survivor ? undefined : lazyView(pages[path] ?? (pages['/'] as Loader), Bar)
// Fetched alongside the strings, not after them (a failure is said when the page is shown).
void lazyPage?.preload().catch(() => undefined)
const Page = lazyPage ?? JoinPage
// A survivor's page: Shift pressed three times leaves from the first moment, before any chunk.
if (survivor) armShortcut()

function Shell() {
  const app = useApp()
  return (
    <ErrorBoundary
      fallback={(_err, reset) => (
        <ChunkFailed
          exit={survivor}
          onRetry={() => {
            app.retry()
            reset()
          }}
        />
      )}
    >
      <Show when={app.ready()} fallback={<Bar />}>
        <Page />
      </Show>
    </ErrorBoundary>
  )
}

render(
  () => (
    <AppProvider parts={parts[path] ?? ['home']}>
      <Shell />
    </AppProvider>
  ),
  document.getElementById('root') as HTMLElement,
)
