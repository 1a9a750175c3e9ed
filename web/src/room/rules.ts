// The agreement's rules in the room: a participant's comes with her seat; a facilitator's is the
// session's own, or else the organization's (read from the org settings, in the current language).
import { createMemo } from 'solid-js'
import type { OrgSettings } from '../../../worker/protocol/http'
import { useApp } from '../app/store'
import { api } from '../lib/api'
import { createLoad } from '../lib/load'
import { ruleLines } from '../join/texts'

export function createRules(agreement: () => string | undefined, staff: boolean) {
  const app = useApp()
  const org = createLoad(
    () => api<OrgSettings>('/api/org/settings').catch(() => undefined),
    () => staff && !agreement()?.trim(),
  )
  return createMemo(() => {
    const own = agreement()?.trim()
    if (own) return ruleLines(own)
    const settings = org()
    if (!settings) return []
    return ruleLines(app.state.lang === 'fr' ? settings.agreementFr : settings.agreementEn)
  })
}
