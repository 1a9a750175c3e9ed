// In the roster, next to a name: "speaking", "muted", "camera off", "weak connection" from LiveKit
// (loaded with the media chunk, for people in the call).
import { Show } from 'solid-js'
import type { Member } from '../../../worker/protocol/messages'
import type { Media } from '../room/media'
import { useCallText } from './text'
import { LinkBadge } from './Tile'

export default function RosterMedia(props: { media: Media; member: Member }) {
  const t = useCallText()
  const call = () => props.media.call.state
  const tracks = () => call().tracks[props.member.identity]
  return (
    <Show when={tracks()}>
      {(tr) => (
        <span class="roster-media" data-testid="roster-media">
          <Show when={call().speakers.includes(props.member.identity)}>
            <span class="badge speaking-badge">{t('speaking')}</span>
          </Show>
          <Show when={!tr().mic}>
            <span class="badge" data-testid="roster-muted">
              {t('mutedBadge')}
            </span>
          </Show>
          <Show when={props.member.mode === 'video' && !tr().camera}>
            <span class="badge" data-testid="roster-camera-off">
              {t('cameraOffBadge')}
            </span>
          </Show>
          <LinkBadge link={tr().link} testid="roster-weak" />
        </span>
      )}
    </Show>
  )
}
