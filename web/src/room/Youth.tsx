// Supervised youth sessions, for everyone in them (a lazy chunk, loaded only in youth sessions):
// waiting for the adults, who is watching, the supervision countdown, the camera rule, why it
// ended.
import { createSignal, onCleanup, Show, untrack } from 'solid-js'
import type { Member } from '../../../worker/protocol/messages'
import { useApp } from '../app/store'
import { format } from '../i18n'
import { youthDict, type YouthKey } from '../i18n/youth'

export function useYouthText() {
  const app = useApp()
  return (key: YouthKey, params?: Record<string, string | number>) =>
    format(youthDict[app.state.lang][key], params)
}

/** The adults who count toward supervision (interpreters do not). */
export const isAdult = (m: Member) =>
  m.role === 'facilitator' || m.role === 'cofacilitator' || m.role === 'observer'

const Line = (props: { k: YouthKey; id?: string; testid: string }) => {
  const t = useYouthText()
  return (
    <p id={props.id} class="muted" data-testid={props.testid}>
      {t(props.k)}
    </p>
  )
}

/** Under the waiting room's note: youth come in only once two adults are here. */
export const YouthWaiting = () => <Line k="waitingAdults" testid="waiting-adults" />
/** On the ended screen, when it closed for want of two adults. */
export const YouthEnded = () => <Line k="endedUnsupervised" testid="ended-reason" />
/** Under the pseudonym field on a youth link. */
export const PseudonymHint = () => (
  <Line k="pseudonymHint" id="pseudonym-hint" testid="pseudonym-hint" />
)

/** Who is watching (the adults connected now): under the top bar, in view at all times. */
export function Watching(props: { members: Member[] }) {
  const app = useApp()
  const t = useYouthText()
  const watching = () =>
    props.members
      .filter((m) => m.online && isAdult(m))
      .map((m) => `${m.pseudonym} (${app.t(`role_${m.role}`)})`)
      .join(', ')
  return (
    <p class="watching" data-testid="watching-list">
      {t('watching')} {watching()}
    </p>
  )
}

/** The top of a youth room: the supervision countdown, a youth's camera rule. */
export default function YouthBar(props: {
  members: Member[]
  self: Member | undefined
  /** LiveKit is configured: a youth's camera rule is worth saying. */
  media: boolean
  /** Set while fewer than two adults are present: when the session closes. */
  unsupervisedUntil: number | null
}) {
  const t = useYouthText()
  const [now, setNow] = createSignal(Date.now())
  const timer = setInterval(() => setNow(Date.now()), 1000)
  onCleanup(() => clearInterval(timer))
  const seconds = (until: number) => Math.max(0, Math.ceil((until - now()) / 1000))
  return (
    <>
      <Show when={props.unsupervisedUntil}>
        {(until) => {
          // Said once when it appears (again if the language changes); the visible countdown is not
          // re-announced every second. Gone, with its alert, once two adults are back.
          const first = untrack(() => seconds(until()))
          return (
            <div class="notice warn" data-testid="supervision-notice">
              <span class="sr-only" role="alert">
                {t('supervisionNotice', { n: first })}
              </span>
              <span aria-hidden="true">{t('supervisionNotice', { n: seconds(until()) })}</span>
            </div>
          )
        }}
      </Show>
      <Show when={props.media && props.self?.role === 'participant' && props.self}>
        {(self) => (
          <p
            class="muted"
            role="status"
            data-testid={self().cameraAllowed ? 'camera-allowed' : 'camera-waiting'}
          >
            {t(self().cameraAllowed ? 'cameraAllowed' : 'cameraWaiting')}
          </p>
        )}
      </Show>
    </>
  )
}
