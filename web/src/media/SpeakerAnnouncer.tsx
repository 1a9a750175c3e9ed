// Says politely who is speaking, for screen readers: only when the main speaker changes, and at
// most once every few seconds, so a lively group never floods the announcements.
import { createEffect, createSignal, on } from 'solid-js'
import { useStage } from './context'
import { useCallText } from './text'

const EVERY_MS = 5000

export function SpeakerAnnouncer() {
  const t = useCallText()
  const stage = useStage()
  const call = stage.media.call.state
  const [text, setText] = createSignal('')
  let last = 0
  let lastWho = ''
  createEffect(
    on(
      () => call.speakers.find((id) => id !== call.identity),
      (who) => {
        const now = Date.now()
        if (!who || who === lastWho || now - last < EVERY_MS) return
        const m = stage.members.find((x) => x.identity === who)
        if (!m) return
        last = now
        lastWho = who
        setText(t('speakingNow', { name: m.pseudonym }))
      },
    ),
  )
  return (
    <div class="sr-only" role="status" aria-live="polite" data-testid="speaker-announcer">
      {text()}
    </div>
  )
}
