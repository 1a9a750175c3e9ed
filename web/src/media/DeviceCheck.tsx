// The check before joining the call, for participants (who join muted with the camera off): her
// camera preview, a live microphone level, a test sound, the device pickers, and whether to join
// with the microphone or camera on. The group is heard meanwhile; nothing of hers is sent.
import { createSignal, onCleanup, Show } from 'solid-js'
import { useStage } from './context'
import { DevicePickers, TestSound } from './DevicePickers'
import { createPreview } from './preview'
import { useCallText } from './text'

export function DeviceCheck() {
  const t = useCallText()
  const call = useStage().media.call
  const video = call.state.sources.includes('camera')
  const audio = call.state.sources.includes('microphone')
  const preview = createPreview({ audio, video })
  onCleanup(() => preview.close())
  const p = preview.state
  const [mic, setMic] = createSignal(false)
  const [camera, setCamera] = createSignal(false)
  return (
    <section class="device-check panel" aria-labelledby="check-h" data-testid="device-check">
      <h2 id="check-h">{t('checkTitle')}</h2>
      <p>{t('checkIntro')}</p>
      <Show when={p.status === 'asking'}>
        <p class="muted" role="status">
          {t('askingDevices')}
        </p>
      </Show>
      <Show when={p.problem}>
        {(problem) => (
          <div class="notice warn" role="alert" data-testid="device-problem">
            <p>{t(problem())}</p>
            <button type="button" data-testid="retry-devices" onClick={() => preview.retry()}>
              {t('retryDevices')}
            </button>
          </div>
        )}
      </Show>
      <div class="check-body">
        <Show when={video && p.status === 'ready'}>
          <video
            class="preview"
            data-testid="preview"
            aria-label={t('preview')}
            ref={(el) => preview.camera()?.attach(el)}
            autoplay
            playsinline
            muted
          />
        </Show>
        <div class="check-side">
          <Show when={audio && p.status === 'ready'}>
            <label class="level" for="mic-level">
              {t('micLevel')}
              <meter id="mic-level" data-testid="mic-level" min="0" max="1" value={p.level} />
            </label>
          </Show>
          <TestSound sinkId={p.chosen.audiooutput} />
          <DevicePickers
            devices={p.devices}
            chosen={p.chosen}
            kinds={['videoinput', 'audioinput', 'audiooutput']}
            onChoose={(kind, id) => void preview.choose(kind, id)}
            idPrefix="check"
          />
          <Show when={audio && p.status === 'ready'}>
            <label class="check">
              <input
                type="checkbox"
                data-testid="start-mic"
                checked={mic()}
                onChange={(e) => setMic(e.currentTarget.checked)}
              />{' '}
              {t('startWithMic')}
            </label>
          </Show>
          <Show when={video && p.status === 'ready'}>
            <label class="check">
              <input
                type="checkbox"
                data-testid="start-camera"
                checked={camera()}
                onChange={(e) => setCamera(e.currentTarget.checked)}
              />{' '}
              {t('startWithCamera')}
            </label>
          </Show>
          <button
            type="button"
            class="primary"
            data-testid="join-call"
            onClick={() => {
              // The speaker chosen here plays the group too.
              const out = p.chosen.audiooutput
              if (out) call.switchDevice('audiooutput', out)
              call.join(preview.take(), { mic: mic(), camera: camera() })
            }}
          >
            {t('joinCall')}
          </button>
        </div>
      </div>
    </section>
  )
}
