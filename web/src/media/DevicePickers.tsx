// Choosing the camera, microphone and (where the browser can) speaker, and the test sound: used by
// the check before joining and by the devices panel during the call.
import { createSignal, For, Show } from 'solid-js'
import { playTestSound } from './level'
import type { DeviceKind, Devices } from './preview'
import { useCallText } from './text'
import type { CallKey } from '../i18n/call'

const LABELS: Record<DeviceKind, CallKey> = {
  videoinput: 'camera',
  audioinput: 'microphone',
  audiooutput: 'speaker',
}
/** Speakers can be picked only where media elements can choose their output. */
const canPickSpeaker = () => 'setSinkId' in HTMLMediaElement.prototype

export function DevicePickers(props: {
  devices: Devices
  chosen: Partial<Record<DeviceKind, string>>
  kinds: DeviceKind[]
  onChoose: (kind: DeviceKind, id: string) => void
  idPrefix: string
}) {
  const t = useCallText()
  const shown = () =>
    props.kinds.filter(
      (k) => props.devices[k].length > 0 && (k !== 'audiooutput' || canPickSpeaker()),
    )
  return (
    <div class="pickers">
      <For each={shown()}>
        {(kind) => (
          <label class="picker" for={`${props.idPrefix}-${kind}`}>
            <span>{t(LABELS[kind])}</span>
            <select
              id={`${props.idPrefix}-${kind}`}
              data-testid={`pick-${kind}`}
              onChange={(e) => props.onChoose(kind, e.currentTarget.value)}
            >
              <For each={props.devices[kind]}>
                {(d) => (
                  <option value={d.id} selected={props.chosen[kind] === d.id}>
                    {d.label}
                  </option>
                )}
              </For>
            </select>
          </label>
        )}
      </For>
    </div>
  )
}

/** "Play a test sound" on the chosen speaker; says so while it plays. */
export function TestSound(props: { sinkId?: string }) {
  const t = useCallText()
  const [playing, setPlaying] = createSignal(false)
  return (
    <button
      type="button"
      data-testid="test-sound"
      data-playing={playing() ? 'yes' : 'no'}
      disabled={playing()}
      onClick={() => {
        setPlaying(true)
        void playTestSound(props.sinkId).finally(() => setPlaying(false))
      }}
    >
      <Show when={playing()} fallback={t('testSound')}>
        {t('testPlaying')}
      </Show>
    </button>
  )
}
