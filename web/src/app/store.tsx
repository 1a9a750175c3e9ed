// Shared app state through context: language, server config, the current seat, and the strings:
// everyone's in the page's language, with the parts this page or seat needs (i18n/index.ts).
import { batch, createContext, createEffect, createSignal, useContext, type JSX } from 'solid-js'
import {
  format,
  isKey,
  loadDict,
  loadPart,
  otherLang,
  pickLang,
  type Key,
  type Lang,
  type Dict,
  type Part,
} from '../i18n'
import { configPromise, type Config } from '../lib/early'
import { createLoad, type Load } from '../lib/load'
import { live } from '../lib/live'
import type { InviteRole, Mode, Role, SessionKind } from '../../../worker/protocol/roles'
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
  config: Load<Config>
  /** True once the page's strings are here; throws (to the page's ErrorBoundary) when the first
   *  dictionary could not load. */
  ready: () => boolean
  /** The last language switch could not load its strings (the page kept its language). */
  langFailed: () => boolean
  clearLangFailed: () => void
  t: (key: Key, params?: Record<string, string | number>) => string
  /** A readable sentence for an error ({code, message}): translated by code, else the server's. */
  errorText: (err: unknown) => string
  toggleLang: () => void
  setSeat: (seat: Seat | null) => void
  /** Merges a part's strings into the dictionary (in the page's language, and in the other one
   *  too when someone switches); resolves once t() has them. */
  need: (part: Part) => Promise<void>
  /** After a chunk failed to load: asks for the dictionary again if it was the one. A language
   *  switch that could not load keeps the page as it is, in its language. */
  retry: () => void
}

const AppContext = createContext<App>()

export function AppProvider(props: {
  /** What this page needs beside everyone's strings (the staff pages': 'staff', 'facilitator'). */
  parts?: readonly Part[]
  children: JSX.Element
}) {
  const [state, setState] = live<State>({ lang: pickLang(), seat: null })
  const lang = () => state.lang
  const config = createLoad(() => configPromise)
  // Every part needed so far: a language switch loads them all before it shows anything.
  const parts = new Set<Part>(props.parts)
  const needs = new Map<Part, Promise<void>>()
  const [dict, setDict] = createSignal<Dict>()
  const [failed, setFailed] = createSignal<unknown>()
  const [langFailed, setLangFailed] = createSignal(false)
  /** The dictionary being loaded now, if any; it includes every part needed meanwhile. */
  let loading: Promise<unknown> | undefined
  /** Loads language l with every part, then shows it: the page keeps its language until then. */
  const load = (l: Lang) => {
    const p = (async () => {
      for (;;) {
        const want = parts.size
        const d = await loadDict(l, [...parts])
        if (parts.size === want) return d
      }
    })()
    loading = p
    setLangFailed(false)
    p.then(
      (d) => {
        if (loading !== p) return
        loading = undefined
        batch(() => (setState({ lang: l }), setDict(d), setFailed(undefined)))
      },
      (err: unknown) => {
        if (loading !== p) return
        loading = undefined
        if (!dict()) setFailed(() => err ?? new Error('strings'))
        else setLangFailed(l !== lang())
      },
    )
  }
  load(lang())
  const merge = async (part: Part) => {
    parts.add(part)
    for (;;) {
      // A dictionary on its way includes this part: done when it came, asked again if it failed.
      if (loading) {
        if (await loading.then(() => true).catch(() => false)) return
        continue
      }
      const l = lang()
      const strings = await loadPart(l, part)
      if (loading) continue
      if (lang() === l) return void setDict((d) => d && { ...d, ...strings })
    }
  }
  const t: App['t'] = (key, params) => format(dict()?.[key] ?? '', params)
  const app: App = {
    state,
    config,
    langFailed,
    clearLangFailed: () => setLangFailed(false),
    ready: () => {
      const err = failed()
      if (err) throw err
      return Boolean(dict())
    },
    t,
    errorText: (err) => {
      const e = (err ?? {}) as { code?: unknown; message?: unknown }
      const key = `err_${typeof e.code === 'string' ? e.code : 'network'}`
      const d = dict()
      if (d && isKey(d, key)) return t(key)
      return typeof e.message === 'string' && e.message ? e.message : t('err_network')
    },
    toggleLang: () => load(otherLang(state.lang)),
    setSeat: (seat) => setState({ seat }),
    need: (part) => {
      let p = needs.get(part)
      if (!p) {
        // Forgotten when it fails (offline), so trying again asks again.
        needs.set(part, (p = merge(part)))
        p.catch(() => needs.delete(part))
      }
      return p
    },
    retry: () => {
      if (!failed()) return
      setFailed(undefined)
      load(lang())
    },
  }
  createEffect(() => {
    document.documentElement.lang = lang()
  })
  return <AppContext.Provider value={app}>{props.children}</AppContext.Provider>
}

export function useApp(): App {
  const app = useContext(AppContext)
  if (!app) throw new Error('useApp outside AppProvider')
  return app
}
