// A value a view fetches (the seat, the server's config, the console's lists), in place of Solid's
// createResource (see lazy-view.ts for why). Reading it never suspends and never throws: it gives the
// latest value (kept while a new fetch runs), and the view shows `loading` and `error` as it sees fit.
// With a source, it fetches again whenever the source changes, and not while it is false or empty.
import { batch, createComputed, createSignal, untrack } from 'solid-js'

export type Load<T> = {
  (): T | undefined
  readonly loading: boolean
  /** The last fetch's failure, until one succeeds. */
  readonly error: unknown
  refetch: () => Promise<void>
  mutate: (value: T | undefined) => void
}

export function createLoad<T, S = true>(
  fetch: (source: S) => Promise<T>,
  source: () => S | false | null | undefined = () => true as S,
): Load<T> {
  const [value, setValue] = createSignal<T>()
  const [loading, setLoading] = createSignal(false)
  const [error, setError] = createSignal<unknown>()
  let current: { source: S } | undefined
  let latest = 0
  const load = (s: S) => {
    const run = ++latest
    setLoading(true)
    return new Promise<T>((resolve) => resolve(fetch(s))).then(
      (v) => {
        if (run === latest) batch(() => (setValue(() => v), setError(undefined), setLoading(false)))
      },
      (err: unknown) => {
        if (run === latest)
          batch(() => (setError(() => err ?? new Error('failed')), setLoading(false)))
      },
    )
  }
  createComputed(() => {
    const s = source()
    if (s === false || s === null || s === undefined) return
    current = { source: s }
    untrack(() => void load(s))
  })
  return Object.defineProperties(() => value(), {
    loading: { get: loading },
    error: { get: error },
    refetch: { value: () => (current ? load(current.source) : Promise.resolve()) },
    mutate: { value: (v: T | undefined) => void setValue(() => v) },
  }) as Load<T>
}
