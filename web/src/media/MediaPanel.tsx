// The media side of the room (a lazy chunk, without livekit-client): the stage with the pinned
// tile (the interpreter unless a facilitator spotlights someone else) and the media notices.
import { For, onCleanup, Show } from 'solid-js'
import type { Member } from '../../../worker/protocol/messages'
import { useApp } from '../app/store'
import type { Key } from '../i18n'
import type { Media } from '../room/media'
import { onMedia } from '../room/Roster'
import './stage.css'

export default function MediaPanel(props: {
  media: Media
  members: Member[]
  spotlight: string | null
}) {
  const app = useApp()
  const s = props.media.state
  const interpreter = () => props.members.find((m) => m.role === 'interpreter' && m.online)
  const pinned = () =>
    props.members.find((m) => m.seatId === props.spotlight && m.online) ?? interpreter()
  // Tiles are keyed by identity, so a roster update never re-creates a playing video.
  const others = () =>
    props.members
      .filter((m) => m.online && onMedia(m) && m.identity !== pinned()?.identity)
      .map((m) => m.identity)
  const byId = (identity: string) => props.members.find((m) => m.identity === identity)
  const tile = (identity: string) => (
    <Show when={byId(identity)}>
      {(m) => <Tile member={m()} video={Boolean(s.video[identity])} bind={props.media.bind} />}
    </Show>
  )
  const offerText = (o: { mode: string; up: boolean }) =>
    app.t((o.up ? `offerUp_${o.mode}` : `offer_${o.mode}`) as Key)

  return (
    <>
      <Show when={s.status === 'unsupported'}>
        <div class="notice warn" role="alert" data-testid="e2ee-unsupported">
          <p>{app.t('e2eeUnsupported')}</p>
          <button type="button" onClick={() => props.media.choose('text')}>
            {app.t('useText')}
          </button>
        </div>
      </Show>
      <Show when={s.status === 'error'}>
        <div class="notice warn" role="alert" data-testid="media-error">
          <p>{app.t(s.problem ?? 'err_media_failed')}</p>
          <button type="button" onClick={() => props.media.choose(s.mode)}>
            {app.t('tryAgain')}
          </button>{' '}
          <button type="button" onClick={() => props.media.choose('text')}>
            {app.t('useText')}
          </button>
        </div>
      </Show>
      <Show when={s.offer}>
        {(offer) => (
          <div class="notice" role="status" data-testid="quality-offer">
            <p>{offerText(offer())}</p>
            <button type="button" class="primary" onClick={() => props.media.accept()}>
              {app.t('switchNow')}
            </button>{' '}
            <button type="button" onClick={() => props.media.dismissOffer()}>
              {app.t('notNow')}
            </button>
          </div>
        )}
      </Show>
      <Show when={s.audioBlocked}>
        <div class="notice" role="status" data-testid="audio-blocked">
          <p>{app.t('audioBlocked')}</p>
          <button type="button" class="primary" onClick={() => props.media.startAudio()}>
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
      <Show when={s.mode !== 'text' && s.status !== 'error'}>
        <section class="stage" aria-labelledby="stage-h" data-testid="media-stage">
          <h2 id="stage-h" class="sr-only">
            {app.t('stage')}
          </h2>
          <Show when={s.status !== 'live'}>
            <p class="muted" role="status">
              {app.t('mediaConnecting')}
            </p>
          </Show>
          <Show when={pinned()?.identity} keyed>
            {(identity) => (
              <div class="pinned" data-testid="pinned-tile" data-identity={identity}>
                {tile(identity)}
              </div>
            )}
          </Show>
          <Show when={s.mode === 'audio' && interpreter()}>
            {(m) => (
              <button
                type="button"
                data-testid="show-interpreter"
                aria-pressed={s.interpreterShown}
                onClick={() => props.media.toggleInterpreter(m().identity)}
              >
                {app.t('showInterpreter')}
              </button>
            )}
          </Show>
          <div class="tiles">
            <For each={others()}>{tile}</For>
          </div>
        </section>
      </Show>
    </>
  )
}

function Tile(props: {
  member: Member
  video: boolean
  bind: (identity: string, el: HTMLVideoElement | null) => void
}) {
  const app = useApp()
  const identity = props.member.identity
  onCleanup(() => props.bind(identity, null))
  return (
    <figure class="tile" data-testid="media-tile" data-identity={identity}>
      <video
        ref={(el) => props.bind(identity, el)}
        autoplay
        playsinline
        muted
        hidden={!props.video}
      />
      <Show when={!props.video}>
        <div class="placeholder" aria-hidden="true">
          {app.t('cameraOffTile')}
        </div>
      </Show>
      <figcaption>
        {props.member.pseudonym} <span class="role">{app.t(`role_${props.member.role}`)}</span>
      </figcaption>
    </figure>
  )
}
