// Facilitators in a youth session (a lazy chunk, never on a participant's path): how many adults
// count toward supervision, and each youth's camera, allowed or withdrawn one by one.
import type { ClientMessage, Member } from '../../../worker/protocol/messages'
import { isAdult, useYouthText } from './Youth'

/** In the lobby panel: youth can be admitted only with two adults present. */
export function AdultsLine(props: { members: Member[] }) {
  const t = useYouthText()
  const n = () => props.members.filter((m) => m.online && isAdult(m)).length
  return (
    <p class="muted" data-testid="lobby-adults" data-adults={n()}>
      {t('adultsPresent', { n: n() })}
    </p>
  )
}

/** In the roster, for each youth: "Allow camera" or "Withdraw camera". */
export default function AllowCamera(props: {
  member: Member
  send: (msg: ClientMessage) => boolean
}) {
  const t = useYouthText()
  const allowed = () => props.member.cameraAllowed
  return (
    <button
      type="button"
      class="small"
      data-testid="allow-camera"
      aria-label={t(allowed() ? 'withdrawCameraLabel' : 'allowCameraLabel', {
        name: props.member.pseudonym,
      })}
      onClick={() =>
        props.send({ type: 'allow_camera', seatId: props.member.seatId, allowed: !allowed() })
      }
    >
      {t(allowed() ? 'withdrawCamera' : 'allowCamera')}
    </button>
  )
}
