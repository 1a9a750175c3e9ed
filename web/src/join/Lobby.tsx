// Before joining: the link works once, the group agreement, the limits of confidentiality and what
// Havre keeps (all before consent), pseudonym, the mode choice and consent. A short chat link is a
// conversation: no group agreement, no mode choice (text only).
import { createEffect, createSignal, For, Show } from 'solid-js'
import { LIMITS, PSEUDONYM_RE } from '../../../worker/protocol/limits'
import type { Mode } from '../../../worker/protocol/roles'
import { useApp, type Seat } from '../app/store'
import { TopBar } from '../app/TopBar'
import { AgreementRules } from './AgreementRules'
import { localized } from './texts'
import { lazyView } from '../lib/lazy-view'

const MODES = ['text', 'video', 'audio'] as const
// Short chat links and code-word links only (fetched with such a seat, so never a blank gap).
const LinkExpiry = lazyView(() => import('./seat-extras').then((m) => ({ default: m.LinkExpiry })))
const CodeWordField = lazyView(() =>
  import('./seat-extras').then((m) => ({ default: m.CodeWordField })),
)
// Youth links only: a pseudonym unlike their social-media name (a chunk group sessions never load).
const PseudonymHint = lazyView(() =>
  import('../room/Youth').then((m) => ({ default: m.PseudonymHint })),
)

export function Lobby(props: {
  seat: Seat
  onJoin: (pseudonym: string, mode: Mode, codeWord?: string) => void
  /** She chose video or audio here (the media code can start to arrive). */
  onMediaChosen: () => void
}) {
  const app = useApp()
  const [name, setName] = createSignal('')
  const [agreed, setAgreed] = createSignal(false)
  const [problem, setProblem] = createSignal('')
  const [picked, setPicked] = createSignal<Mode>()
  const [codeWord, setCodeWord] = createSignal('')
  // Short chat links are text-only; an interpreter is seen and heard unless they choose otherwise.
  const chat = () => props.seat.kind === 'chat'
  const media = () => Boolean(app.config()?.media) && !chat()
  const notice = () => localized(props.seat.notice, app.state.lang).trim()
  const mode = (): Mode =>
    media() ? (picked() ?? (props.seat.role === 'interpreter' ? 'video' : 'text')) : 'text'

  // Video or audio chosen (an interpreter's by default): its code arrives while she finishes the
  // form, never for text-only.
  createEffect(() => mode() !== 'text' && props.onMediaChosen())

  const join = (e: Event) => {
    e.preventDefault()
    // PseudonymSchema's rule (worker/protocol/messages.ts), without loading a schema library here.
    const pseudonym = name().trim()
    if (!pseudonym) return setProblem(app.t('needPseudonym'))
    if (pseudonym.length > LIMITS.pseudonymChars || !PSEUDONYM_RE.test(pseudonym)) {
      return setProblem(app.t('badPseudonym'))
    }
    if (props.seat.requiresCodeWord && !codeWord().trim()) return setProblem(app.t('needCodeWord'))
    if (!agreed()) return setProblem(app.t(chat() ? 'needChatConsent' : 'needConsent'))
    props.onJoin(pseudonym, mode(), props.seat.requiresCodeWord ? codeWord().trim() : undefined)
  }

  return (
    <>
      <TopBar exit />
      <main class="page narrow">
        <h1>{app.t(chat() ? 'chatJoinTitle' : 'joinTitle')}</h1>
        <p class="notice link-once" data-testid="link-once">
          {app.t('linkOnce')}
        </p>
        <Show when={chat() && props.seat.closesAt}>{(at) => <LinkExpiry closesAt={at()} />}</Show>
        <Show when={!chat()}>
          <section class="panel" aria-labelledby="agreement-h">
            <h2 id="agreement-h">{app.t('agreementTitle')}</h2>
            <AgreementRules agreement={props.seat.agreement} />
          </section>
        </Show>
        <section class="panel limits" aria-labelledby="limits-h" data-testid="limits">
          <h2 id="limits-h">{app.t('limitsTitle')}</h2>
          <p class="agreement" data-testid="limits-notice">
            {notice() || app.t('limitsNone')}
          </p>
          <p data-testid="havre-keeps">{app.t('safety3')}</p>
        </section>
        <section class="panel" aria-labelledby="safety-h" data-testid="safety-notice">
          <h2 id="safety-h">{app.t('safetyTitle')}</h2>
          <ul>
            <li>{app.t('safety1')}</li>
            <li>{app.t('safety2')}</li>
          </ul>
        </section>
        <form class="panel form" onSubmit={join} novalidate>
          <label for="pseudonym">{app.t('pseudonym')}</label>
          <input
            id="pseudonym"
            data-testid="pseudonym"
            autocomplete="off"
            maxLength={LIMITS.pseudonymChars}
            aria-describedby={props.seat.kind === 'youth' ? 'pseudonym-hint' : undefined}
            value={name()}
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <Show when={props.seat.kind === 'youth'}>
            <PseudonymHint />
          </Show>
          <Show when={props.seat.requiresCodeWord}>
            <CodeWordField value={codeWord()} onInput={setCodeWord} />
          </Show>
          <Show when={!chat()}>
            <fieldset>
              <legend>{app.t('modeLegend')}</legend>
              <For each={MODES}>
                {(m) => (
                  <div class="check">
                    <input
                      id={`mode-${m}`}
                      type="radio"
                      name="mode"
                      value={m}
                      data-testid={`mode-${m}`}
                      checked={m === mode()}
                      disabled={m !== 'text' && !media()}
                      aria-describedby="media-note"
                      onChange={() => setPicked(m)}
                    />
                    <label for={`mode-${m}`}>{app.t(`mode_${m}`)}</label>
                  </div>
                )}
              </For>
              <p id="media-note" class="muted">
                {app.t(media() ? 'mediaOn' : 'mediaOff')}
              </p>
            </fieldset>
          </Show>
          <div class="check">
            <input
              id="consent"
              type="checkbox"
              data-testid="consent"
              checked={agreed()}
              onChange={(e) => setAgreed(e.currentTarget.checked)}
            />
            <label for="consent">{app.t(chat() ? 'chatConsent' : 'consent')}</label>
          </div>
          <Show when={problem()}>
            <p class="notice error" role="alert">
              {problem()}
            </p>
          </Show>
          <button type="submit" class="primary" data-testid="join-button">
            {app.t('join')}
          </button>
        </form>
      </main>
    </>
  )
}
