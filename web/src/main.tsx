// Entry: wipe the link fragment first, then load only the page this address needs.
import { path } from './lib/early'
import './styles.css'
import { lazy, Suspense, type Component } from 'solid-js'
import { render } from 'solid-js/web'
import { AppProvider } from './app/store'

type Loader = () => Promise<{ default: Component }>

const pages: Record<string, Loader> = {
  '/': () => import('./pages/Home'),
  '/j': () => import('./join/JoinPage'),
  '/setup': () => import('./pages/Setup'),
  '/staff/join': () => import('./pages/Setup'),
  '/staff': () => import('./pages/Staff'),
}

const Page = lazy(pages[path] ?? (pages['/'] as Loader))
/** Pages whose strings include the staff's (i18n/staff-*.ts). */
const staff = ['/setup', '/staff/join', '/staff'].includes(path)

render(
  () => (
    <AppProvider staff={staff}>
      <Suspense>
        <Page />
      </Suspense>
    </AppProvider>
  ),
  document.getElementById('root') as HTMLElement,
)
