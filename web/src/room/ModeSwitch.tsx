// Switch between video, audio-only and text-only at any time without leaving the room: the label,
// the three choices, then why the others are unavailable, each on its own line on a phone.
import { For, Show } from 'solid-js'
import { MODES, type Mode } from '../../../worker/protocol/roles'
import { useApp } from '../app/store'

export function ModeSwitch(props: {
  mode: Mode
  available: boolean
  onChoose: (mode: Mode) => void
}) {
  const app = useApp()
  return (
    <div class="mode-switch" role="group" aria-labelledby="mode-h" data-testid="mode-switch">
      <span id="mode-h">{app.t('modeNow')}</span>
      <div class="choices">
        <For each={MODES}>
          {(mode) => (
            <button
              type="button"
              class="small"
              data-testid={`switch-${mode}`}
              aria-pressed={props.mode === mode}
              aria-describedby={props.available ? undefined : 'mode-note'}
              disabled={mode !== 'text' && !props.available}
              onClick={() => props.onChoose(mode)}
            >
              {app.t(`mode_${mode}`)}
            </button>
          )}
        </For>
      </div>
      <Show when={!props.available}>
        <p id="mode-note" class="muted" data-testid="mode-note">
          {app.t('mediaOff')}
        </p>
      </Show>
    </div>
  )
}
