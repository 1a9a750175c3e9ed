// The room's rarer strings (../i18n/notices.ts) in the page's language.
import { useApp } from '../app/store'
import { noticeText, type NoticeKey } from '../i18n/notices'

export function useNoticeText() {
  const app = useApp()
  return (key: NoticeKey, params?: Record<string, string | number>) =>
    noticeText(app.state.lang, key, params)
}
