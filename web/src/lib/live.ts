// A plain object whose fields are signals, for the app's and the room's state: what the text path
// needs of solid-js/store (reading a field tracks it; writing one tells only its readers) without
// downloading it. Stable objects stay the same objects, so a row on screen stays the same row when
// one of its fields changes (the room's members and messages: room/live-state.ts).
import { batch, createSignal, type Setter } from 'solid-js'

/** `init`'s fields as signals, and a writer that sets the fields it is given (at once). */
export function live<T extends object>(init: T): [T, (patch: Partial<T>) => void] {
  const obj = {} as T
  const setters = {} as Record<keyof T, Setter<unknown>>
  for (const key of Object.keys(init) as (keyof T)[]) {
    const [get, set] = createSignal<unknown>(init[key])
    Object.defineProperty(obj, key, { get, enumerable: true })
    setters[key] = set
  }
  const write = (patch: Partial<T>) =>
    batch(() => {
      for (const key of Object.keys(patch) as (keyof T)[]) setters[key]?.(() => patch[key])
    })
  return [obj, write]
}
