// Switch between video, audio-only and text-only at any time without leaving the room.
import { For, Show } from 'solid-js'
import { MODES, type Mode } from '../../../worker/protocol/common'
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
      <For each={MODES}>
        {(mode) => (
          <button
            type="button"
            class="small"
            data-testid={`switch-${mode}`}
            aria-pressed={props.mode === mode}
            disabled={mode !== 'text' && !props.available}
            onClick={() => props.onChoose(mode)}
          >
            {app.t(`mode_${mode}`)}
          </button>
        )}
      </For>
      <Show when={!props.available}>
        <span class="muted">{app.t('mediaOff')}</span>
      </Show>
    </div>
  )
}
