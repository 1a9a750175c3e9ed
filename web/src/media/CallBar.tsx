// One's own controls in the call: microphone and camera in one tap each (state in words and icon,
// Alt+A / Alt+V), screen share for facilitators, the devices panel; "you are muted" when speaking
// into a muted microphone, "you are sharing your screen" with its one-tap stop, her connection in
// words (good / weak / lost), and "video paused to keep the sound" when the SFU pauses video.
import { Show } from 'solid-js'
import { isModerator } from '../../../worker/protocol/roles'
import { useStage } from './context'
import { Icon } from './Icon'
import { SHORTCUTS, useCallShortcuts } from './shortcuts'
import { useCallText } from './text'

export function CallBar() {
  const t = useCallText()
  const stage = useStage()
  const media = stage.media
  const call = media.call
  const can = (source: string) => call.state.sources.includes(source) && !media.state.publishingStopped
  const role = () => stage.members.find((m) => m.seatId === stage.selfId)?.role
  const canShare = () => can('screen_share') && Boolean(role() && isModerator(role()!))
  const live = () => media.state.status === 'live' && !call.state.checking
  useCallShortcuts({
    mic: () => live() && can('microphone') && call.toggleMic(),
    camera: () => live() && can('camera') && call.toggleCamera(),
  })
  return (
    <>
      <Show when={live() && (can('microphone') || can('camera'))}>
        <div class="call-bar" role="group" aria-label={t('callControls')} data-testid="call-bar">
          <Show when={can('microphone')}>
            <button
              type="button"
              data-testid="mic-toggle"
              data-state={call.mic() ? 'on' : 'off'}
              classList={{ off: !call.mic() }}
              aria-keyshortcuts={SHORTCUTS.mic}
              title={t('shortcut', { keys: SHORTCUTS.mic })}
              onClick={() => call.toggleMic()}
            >
              <Icon name="mic" off={!call.mic()} /> {t(call.mic() ? 'mute' : 'unmute')}
            </button>
          </Show>
          <Show when={can('camera')}>
            <button
              type="button"
              data-testid="camera-toggle"
              data-state={call.camera() ? 'on' : 'off'}
              classList={{ off: !call.camera() }}
              aria-keyshortcuts={SHORTCUTS.camera}
              title={t('shortcut', { keys: SHORTCUTS.camera })}
              onClick={() => call.toggleCamera()}
            >
              <Icon name="camera" off={!call.camera()} /> {t(call.camera() ? 'cameraStop' : 'cameraStart')}
            </button>
          </Show>
          <Show when={canShare()}>
            <button
              type="button"
              data-testid="share-toggle"
              aria-pressed={call.screen()}
              onClick={() => call.toggleScreen()}
            >
              <Icon name="screen" /> {t(call.screen() ? 'stopShare' : 'shareScreen')}
            </button>
          </Show>
          <button
            type="button"
            data-testid="devices-toggle"
            aria-expanded={call.state.devicesOpen}
            onClick={() => call.showDevices(!call.state.devicesOpen)}
          >
            <Icon name="gear" /> {t('devices')}
          </button>
          <Show when={call.link() !== 'unknown'}>
            <span
              class="link-state"
              classList={{ weak: call.link() !== 'good' }}
              role="status"
              data-testid="own-connection"
              data-link={call.link()}
            >
              <Icon name="signal" off={call.link() !== 'good'} /> {t(`link_${call.link() as 'good'}`)}
            </span>
          </Show>
        </div>
      </Show>
      <Show when={call.state.videoPause}>
        {(pause) => (
          <div class="notice sharing" role="status" data-testid="video-paused" data-state={pause()}>
            <p>{t(pause() === 'paused' ? 'videoPaused' : 'videoBack')}</p>
            <Show when={pause() === 'paused'}>
              <button type="button" data-testid="video-resume" onClick={() => call.resumeVideo()}>
                {t('videoResume')}
              </button>
            </Show>
          </div>
        )}
      </Show>
      <Show when={call.state.mutedSpeech && !call.mic()}>
        <p class="notice muted-hint" role="status" data-testid="muted-hint">
          {t('youAreMuted')}
        </p>
      </Show>
      <Show when={call.screen()}>
        <div class="notice sharing" role="status" data-testid="sharing-notice">
          <p>{t('sharing')}</p>
          <button type="button" class="danger" data-testid="stop-share" onClick={() => call.toggleScreen()}>
            {t('stopShare')}
          </button>
        </div>
      </Show>
      <Show when={call.state.deviceProblem}>
        {(p) => (
          <p class="notice warn" role="alert" data-testid="device-problem">
            {t(p())}
          </p>
        )}
      </Show>
    </>
  )
}
