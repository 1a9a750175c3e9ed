// During the call: switch camera, microphone or speaker (LiveKit's switchActiveDevice: the same
// connection goes on), and play the test sound.
import { Show } from 'solid-js'
import { createLoad } from '../lib/load'
import { useStage } from './context'
import { DevicePickers, TestSound } from './DevicePickers'
import { listDevices, type DeviceKind } from './preview'
import { useCallText } from './text'

export function DevicesPanel() {
  const t = useCallText()
  const media = useStage().media
  const call = media.call
  const devices = createLoad(listDevices)
  const kinds = (): DeviceKind[] => [
    ...(call.state.sources.includes('camera') ? (['videoinput'] as const) : []),
    ...(call.state.sources.includes('microphone') ? (['audioinput'] as const) : []),
    'audiooutput',
  ]
  const chosen = () => ({
    videoinput: media.activeDevice('videoinput'),
    audioinput: media.activeDevice('audioinput'),
    audiooutput: media.activeDevice('audiooutput'),
  })
  return (
    <section class="devices-panel panel" aria-labelledby="devices-h" data-testid="devices-panel">
      <h2 id="devices-h">{t('devicesTitle')}</h2>
      <Show when={devices()}>
        {(list) => (
          <DevicePickers
            devices={list()}
            chosen={chosen()}
            kinds={kinds()}
            onChoose={(kind, id) => {
              call.switchDevice(kind, id)
              void devices.refetch()
            }}
            idPrefix="call"
          />
        )}
      </Show>
      <TestSound sinkId={media.activeDevice('audiooutput')} />
    </section>
  )
}
