// The call's strings (../i18n/call.ts) in the page's language, for the media chunk's components.
import { useApp } from '../app/store'
import { format } from '../i18n'
import { callDict, type CallKey } from '../i18n/call'

export function useCallText() {
  const app = useApp()
  return (key: CallKey, params?: Record<string, string | number>) =>
    format(callDict[app.state.lang][key], params)
}
