// The facilitator's room strings (../i18n/staff-room.ts) in the page's language.
import { useApp } from '../app/store'
import { staffRoomText, type StaffRoomKey } from '../i18n/staff-room'

export function useStaffRoomText() {
  const app = useApp()
  return (key: StaffRoomKey, params?: Record<string, string | number>) =>
    staffRoomText(app.state.lang, key, params)
}
