// Small line icons for the call buttons (decorative: every button says its state in words too).
import { Show } from 'solid-js'

const PATHS = {
  mic: 'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM5 11a7 7 0 0 0 14 0M12 18v3',
  camera: 'M3 7h12v10H3zM15 10l6-3v10l-6-3',
  screen: 'M3 4h18v12H3zM8 20h8M12 16v4',
  gear: 'M12 9a3 3 0 1 0 0 6a3 3 0 0 0 0-6zM12 2v3M12 19v3M2 12h3M19 12h3',
  leave: 'M10 4H5v16h5M15 8l4 4l-4 4M19 12H9',
  signal: 'M4 20v-3M9 20v-7M14 20v-11M19 20V4',
}

export function Icon(props: { name: keyof typeof PATHS; off?: boolean }) {
  return (
    <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
      <path d={PATHS[props.name]} fill="none" stroke="currentColor" stroke-width="2" />
      <Show when={props.off}>
        <path d="M3 3l18 18" stroke="currentColor" stroke-width="2.5" />
      </Show>
    </svg>
  )
}
