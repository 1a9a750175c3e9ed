// The media notices above the stage: no E2EE in this browser, a failed connection, a quality
// suggestion, audio the browser blocked, a facilitator's moderation of this person.
import { Show } from 'solid-js'
import { useApp } from '../app/store'
import type { Key } from '../i18n'
import { useStage } from './context'

export function MediaNotices() {
  const app = useApp()
  const media = useStage().media
  const s = media.state
  const offerText = (o: { mode: string; up: boolean }) =>
    app.t((o.up ? `offerUp_${o.mode}` : `offer_${o.mode}`) as Key)
  return (
    <>
      <Show when={s.status === 'unsupported'}>
        <div class="notice warn" role="alert" data-testid="e2ee-unsupported">
          <p>{app.t('e2eeUnsupported')}</p>
          <button type="button" onClick={() => media.choose('text')}>
            {app.t('useText')}
          </button>
        </div>
      </Show>
      <Show when={s.status === 'error'}>
        <div class="notice warn" role="alert" data-testid="media-error">
          <p>{app.t(s.problem ?? 'err_media_failed')}</p>
          <button type="button" onClick={() => media.choose(s.mode)}>
            {app.t('tryAgain')}
          </button>{' '}
          <button type="button" onClick={() => media.choose('text')}>
            {app.t('useText')}
          </button>
        </div>
      </Show>
      <Show when={s.offer}>
        {(offer) => (
          <div class="notice" role="status" data-testid="quality-offer">
            <p>{offerText(offer())}</p>
            <button type="button" class="primary" onClick={() => media.accept()}>
              {app.t('switchNow')}
            </button>{' '}
            <button type="button" onClick={() => media.dismissOffer()}>
              {app.t('notNow')}
            </button>
          </div>
        )}
      </Show>
      <Show when={s.audioBlocked}>
        <div class="notice" role="status" data-testid="audio-blocked">
          <p>{app.t('audioBlocked')}</p>
          <button type="button" class="primary" onClick={() => media.startAudio()}>
            {app.t('startAudio')}
          </button>
        </div>
      </Show>
      <Show when={s.moderated}>
        {(action) => (
          <p class="notice" role="status" data-testid="moderation-notice">
            {app.t(`mod_${action()}`)}
          </p>
        )}
      </Show>
    </>
  )
}
