// One person's tile on the stage: their camera (or their name in large for audio-only and camera
// off), their name over the picture's corner, "muted" / "camera off" / "speaking" in words from
// LiveKit's track state, and below the picture, never over it, a facilitator's buttons on them.
import { onCleanup, Show } from 'solid-js'
import type { Member } from '../../../worker/protocol/messages'
import { useApp } from '../app/store'
import { useStage } from './context'
import { useCallText } from './text'
import { lazyView } from '../lib/lazy-view'

const MemberControls = lazyView(() => import('../room/MemberControls'))

export function Tile(props: { member: Member; screen?: boolean }) {
  const app = useApp()
  const t = useCallText()
  const stage = useStage()
  const s = stage.media.state
  const call = stage.media.call.state
  // Keyed by identity: a roster update never re-creates a playing video.
  const identity = props.member.identity
  const key = props.screen ? `${identity}#screen` : identity
  onCleanup(() => stage.media.bind(key, null))
  const tracks = () => call.tracks[identity]
  const video = () => Boolean(s.video[key]) && (props.screen || Boolean(tracks()?.camera))
  const speaking = () => !props.screen && call.speakers.includes(identity)
  const self = () => props.member.seatId === stage.selfId
  return (
    <figure
      class="tile"
      classList={{ speaking: speaking(), screen: props.screen }}
      data-testid={props.screen ? 'screen-tile' : 'media-tile'}
      data-identity={identity}
      data-speaking={speaking() ? 'yes' : 'no'}
      aria-labelledby={`name-${key}`}
    >
      <div class="frame">
        <video
          ref={(el) => stage.media.bind(key, el)}
          autoplay
          playsinline
          muted
          hidden={!video()}
        />
        <Show when={!video()}>
          <div class="placeholder" aria-hidden="true">
            <span class="initial">{props.member.pseudonym.slice(0, 1).toUpperCase()}</span>
          </div>
        </Show>
        <div class="name" id={`name-${key}`} data-testid="tile-name">
          <span>
            {props.screen
              ? t('screenOf', { name: props.member.pseudonym })
              : props.member.pseudonym}
          </span>
          <Show when={!props.screen}>
            {' '}
            <span class="role">{app.t(`role_${props.member.role}`)}</span>
            <Show when={self()}> {app.t('you')}</Show>
            <TileState member={props.member} speaking={speaking()} video={video()} />
          </Show>
        </div>
      </div>
      <Show when={stage.moderator && !props.screen}>
        <div class="tile-controls">
          <MemberControls
            member={props.member}
            selfId={stage.selfId}
            media
            spotlight={stage.spotlight}
            onRemove={stage.onRemove}
            onModerate={stage.onModerate}
          />
        </div>
      </Show>
    </figure>
  )
}

/** "weak connection" / "connection lost" next to a name, from the SFU's measure of them. */
export function LinkBadge(props: { link: string | undefined; testid: string }) {
  const t = useCallText()
  return (
    <Show when={props.link === 'weak' || props.link === 'lost'}>
      <span class="badge link-badge" data-testid={props.testid} data-link={props.link}>
        {t(props.link === 'lost' ? 'lostBadge' : 'weakBadge')}
      </span>
    </Show>
  )
}

/** The words under a name: speaking, muted, camera off, audio only, a weak connection. */
function TileState(props: { member: Member; speaking: boolean; video: boolean }) {
  const t = useCallText()
  const call = useStage().media.call.state
  const tracks = () => call.tracks[props.member.identity]
  return (
    <span class="tile-state" data-testid="tile-state">
      <Show when={props.speaking}>
        <span class="badge speaking-badge" data-testid="speaking-badge">
          {t('speaking')}
        </span>
      </Show>
      <Show when={tracks() && !tracks()?.mic}>
        <span class="badge" data-testid="muted-badge">
          {t('mutedBadge')}
        </span>
      </Show>
      <Show when={props.member.mode === 'audio' && props.member.role !== 'interpreter'}>
        <span class="badge">{t('audioOnlyTile')}</span>
      </Show>
      <Show when={props.member.mode === 'video' && tracks() && !tracks()?.camera}>
        <span class="badge" data-testid="camera-off-badge">
          {t('cameraOffBadge')}
        </span>
      </Show>
      <LinkBadge link={tracks()?.link} testid="weak-badge" />
    </span>
  )
}
