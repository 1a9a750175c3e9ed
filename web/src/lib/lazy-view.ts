// A component whose code is fetched the first time it is shown, in place of Solid's lazy and
// Suspense: with createResource they bring Solid's resource and suspense machinery (about 2 KB of
// gzip) into the entry every survivor downloads (issue 20). Until the code is here the view shows
// its fallback, or nothing (as an empty <Suspense> did). A failed fetch is thrown where the view is,
// so the nearest ErrorBoundary says so (app/ChunkFailed); it is forgotten, so trying again asks again.
import {
  createMemo,
  createSignal,
  untrack,
  type Component,
  type ComponentProps,
  type JSX,
} from 'solid-js'

// Any props, as Solid's own lazy() takes.
type AnyComponent = Component<any>

export type LazyView<T extends AnyComponent> = T & {
  /** Fetches the code now (once; again after a failure), so showing it later waits for nothing. */
  preload: () => Promise<T>
}

export function lazyView<T extends AnyComponent>(
  fetch: () => Promise<{ default: T }>,
  fallback?: () => JSX.Element,
): LazyView<T> {
  let loaded: T | undefined
  let pending: Promise<T> | undefined
  const preload = () =>
    (pending ??= fetch().then(
      (m) => (loaded = m.default),
      (err: unknown) => {
        pending = undefined
        throw err
      },
    ))
  const view = (props: ComponentProps<T>) => {
    const [got, set] = createSignal<{ view?: T; failed?: unknown }>({ view: loaded })
    if (!loaded) {
      preload().then(
        (c) => set({ view: c }),
        (err: unknown) => set({ failed: err ?? new Error('chunk') }),
      )
    }
    return createMemo(() => {
      const { view: View, failed } = got()
      if (failed) throw failed
      return View ? untrack(() => View(props)) : fallback?.()
    }) as unknown as JSX.Element
  }
  return Object.assign(view, { preload }) as unknown as LazyView<T>
}
