// Shared app state through context: language, server config and the current seat.
import {
  createContext,
  createEffect,
  createResource,
  startTransition,
  useContext,
  type JSX,
  type Resource,
} from 'solid-js'
import { createStore } from 'solid-js/store'
import { format, isKey, loadDict, pickLang, type Key, type Lang } from '../i18n'
import { configPromise, type Config } from '../lib/early'
import type { InviteRole, Mode, Role, SessionKind } from '../../../worker/protocol/common'
import type { SessionText } from '../join/texts'

/** A seat as kept in sessionStorage ('havre.seat') on a participant's device, never elsewhere. */
export type Seat = {
  sessionId: string
  seat: string
  role: InviteRole | Role
  kind: SessionKind
  /** The session's agreement, or the organization's in both languages. */
  agreement: SessionText
  /** Shown in the room before the first message can be sent. */
  notice?: SessionText
  requiresCodeWord?: boolean
  closesAt?: number
  /** Short chat links: when an advocate is available again after it closes (the org's words). */
  availableAgain?: SessionText
  /** Typed in the join form when the link asks for it; sent with the join frame. */
  codeWord?: string
  key: string
  /** Set once the person has joined, so a reload goes straight back to the room. */
  pseudonym?: string
  /** How the person chose to take part: video, audio-only or text-only (the default). */
  mode?: Mode
}

type State = { lang: Lang; seat: Seat | null }

export type App = {
  state: State
  config: Resource<Config>
  t: (key: Key, params?: Record<string, string | number>) => string
  /** A readable sentence for an error ({code, message}): translated by code, else the server's. */
  errorText: (err: unknown) => string
  toggleLang: () => void
  setSeat: (seat: Seat | null) => void
}

const AppContext = createContext<App>()

export function AppProvider(props: {
  /** A staff page: its strings load with everyone's (a participant's page never has them). */
  staff?: boolean
  children: JSX.Element
}) {
  const [state, setState] = createStore<State>({ lang: pickLang(), seat: null })
  const [config] = createResource(() => configPromise)
  // Read through the resource, so a page waits (Suspense) for its language's strings.
  const [dict] = createResource(() => state.lang, (lang) => loadDict(lang, props.staff))
  const t: App['t'] = (key, params) => format(dict()?.[key] ?? '', params)
  const app: App = {
    state,
    config,
    t,
    errorText: (err) => {
      const e = (err ?? {}) as { code?: unknown; message?: unknown }
      const key = `err_${typeof e.code === 'string' ? e.code : 'network'}`
      const d = dict()
      if (d && isKey(d, key)) return t(key)
      return typeof e.message === 'string' && e.message ? e.message : t('err_network')
    },
    // In a transition: the page stays as it is until the other language's strings have loaded.
    toggleLang: () => startTransition(() => setState('lang', (l) => (l === 'fr' ? 'en' : 'fr'))),
    setSeat: (seat) => setState('seat', seat),
  }
  createEffect(() => {
    document.documentElement.lang = state.lang
  })
  return <AppContext.Provider value={app}>{props.children}</AppContext.Provider>
}

export function useApp(): App {
  const app = useContext(AppContext)
  if (!app) throw new Error('useApp outside AppProvider')
  return app
}
