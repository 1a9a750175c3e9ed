// Quick exit (invariant 8): blank the screen, disconnect, wipe, leave with location.replace.
// Records nothing. Also armed by pressing Shift three times within 1.5 s.
const FALLBACK = 'https://www.google.com/search?q=weather'
let target = FALLBACK
const closers = new Set<() => void>()
let armed = 0
let presses: number[] = []
let gone = false

/** Quick exit has run: this page writes nothing more (an answer still on its way keeps nothing). */
export const exited = () => gone

export function setExitUrl(url: unknown) {
  if (typeof url === 'string' && /^https?:\/\//.test(url)) target = url
}

/** Registers something to close on exit (the room's socket); returns its unregister. */
export function onQuickExit(close: () => void): () => void {
  closers.add(close)
  return () => closers.delete(close)
}

export function quickExit() {
  gone = true
  document.body.replaceChildren()
  for (const close of closers) {
    try {
      close()
    } catch {
      // Leaving anyway.
    }
  }
  try {
    sessionStorage.clear()
  } catch {
    // Storage may be unavailable; nothing to wipe then.
  }
  location.replace(target)
}

function onKey(e: KeyboardEvent) {
  if (!armed) return
  if (e.key !== 'Shift') {
    // Shift used as a modifier while typing does not count.
    presses = []
    return
  }
  if (e.repeat) return
  const now = e.timeStamp
  presses = presses.filter((t) => now - t < 1500)
  presses.push(now)
  if (presses.length >= 3) quickExit()
}

/** Turns the Shift-three-times shortcut on while a screen that needs it is shown. */
export function armShortcut(): () => void {
  if (armed++ === 0) {
    presses = []
    document.addEventListener('keydown', onKey, true)
  }
  return () => {
    if (--armed === 0) document.removeEventListener('keydown', onKey, true)
  }
}
