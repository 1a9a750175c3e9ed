// Loaded only for facilitators: their buttons on one person in the roster, spotlight, the media
// moderation (mute, camera off, stop publishing) and Remove.
import { createSignal, Show } from 'solid-js'
import { isModerator } from '../../../worker/protocol/roles'
import type { ClientMessage, Member } from '../../../worker/protocol/messages'
import { useApp } from '../app/store'
import type { Key } from '../i18n'
import { onMedia } from './Roster'
import { useStaffRoomText } from './staff-text'

export default function MemberControls(props: {
  member: Member
  selfId: string
  /** LiveKit is configured: media moderation buttons are offered. */
  media: boolean
  spotlight: string | null
  onRemove: (seatId: string) => void
  onModerate: (msg: ClientMessage) => void
}) {
  const app = useApp()
  const t = useStaffRoomText()
  const [asking, setAsking] = createSignal(false)
  let confirm: HTMLButtonElement | undefined
  const m = () => props.member
  /** Not a facilitator, not oneself: someone a facilitator can mute or remove. */
  const target = () => !isModerator(m().role) && m().seatId !== props.selfId
  const button = (testid: string, label: Key, text: Key, msg: () => ClientMessage) => (
    <button
      type="button"
      class="small"
      data-testid={testid}
      aria-label={app.t(label, { name: m().pseudonym })}
      onClick={() => props.onModerate(msg())}
    >
      {app.t(text)}
    </button>
  )
  return (
    <>
      <Show when={props.media && onMedia(m())}>
        <button
          type="button"
          class="small"
          data-testid="spotlight-member"
          aria-label={app.t('spotlightLabel', { name: m().pseudonym })}
          aria-pressed={props.spotlight === m().seatId}
          onClick={() =>
            props.onModerate({
              type: 'spotlight',
              seatId: props.spotlight === m().seatId ? null : m().seatId,
            })
          }
        >
          {app.t('spotlight')}
        </button>
      </Show>
      <Show when={target() && props.media && onMedia(m())}>
        {button('mute-mic', 'muteMicLabel', 'muteMic', () => ({
          type: 'mute',
          seatId: m().seatId,
          source: 'microphone',
        }))}
        {button('camera-off', 'cameraOffLabel', 'cameraOff', () => ({
          type: 'mute',
          seatId: m().seatId,
          source: 'camera',
        }))}
        {button('stop-publishing', 'stopPublishingLabel', 'stopPublishing', () => ({
          type: 'stop_publishing',
          seatId: m().seatId,
        }))}
      </Show>
      <Show when={target()}>
        <Show
          when={asking()}
          fallback={
            <button
              type="button"
              class="small"
              data-testid="remove-member"
              aria-label={app.t('removeLabel', { name: m().pseudonym })}
              onClick={() => {
                setAsking(true)
                confirm?.focus()
              }}
            >
              {app.t('remove')}
            </button>
          }
        >
          <span
            class="confirm remove-confirm"
            role="group"
            aria-labelledby={`remove-q-${m().seatId}`}
            data-testid="remove-confirm-box"
          >
            <span id={`remove-q-${m().seatId}`}>{t('removeConfirmQ', { name: m().pseudonym })}</span>{' '}
            <button
              type="button"
              class="small danger"
              data-testid="remove-confirm"
              ref={(el) => {
                confirm = el
                queueMicrotask(() => el.focus())
              }}
              onClick={() => props.onRemove(m().seatId)}
            >
              {t('removeConfirm', { name: m().pseudonym })}
            </button>{' '}
            <button type="button" class="small" data-testid="remove-cancel" onClick={() => setAsking(false)}>
              {app.t('cancel')}
            </button>
          </span>
        </Show>
      </Show>
    </>
  )
}
