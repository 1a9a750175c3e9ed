// The call's keyboard shortcuts, as in Zoom: Alt+A the microphone, Alt+V the camera. Never while
// typing (a chat box, a field, a picker), never Shift (quick exit owns it), never a held key.
import { onCleanup } from 'solid-js'

export const SHORTCUTS = { mic: 'Alt+A', camera: 'Alt+V' } as const

const typing = (el: EventTarget | null) =>
  el instanceof HTMLElement &&
  (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))

export function useCallShortcuts(on: { mic: () => void; camera: () => void }) {
  const onKey = (e: KeyboardEvent) => {
    if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || e.repeat || typing(e.target)) return
    // The letter typed (AZERTY too), else the key's place (macOS turns Alt+A into "å").
    const letter = /^[a-z]$/i.test(e.key) ? e.key.toLowerCase() : e.code.replace('Key', '').toLowerCase()
    if (letter === 'a') on.mic()
    else if (letter === 'v') on.camera()
    else return
    e.preventDefault()
  }
  document.addEventListener('keydown', onKey)
  onCleanup(() => document.removeEventListener('keydown', onKey))
}
