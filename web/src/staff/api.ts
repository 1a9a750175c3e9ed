// Staff API calls: state-changing requests carry the CSRF token of the signed-in staff member.
import { api } from '../lib/api'
import type { Me } from '../../../worker/protocol/http'

let csrf = ''

export async function fetchMe(): Promise<Me> {
  const me = await api<Me>('/api/staff/me')
  csrf = me.csrf
  return me
}

export const post = <T>(path: string, body: unknown = {}) => api<T>(path, { body, csrf })
export const put = <T>(path: string, body: unknown) => api<T>(path, { method: 'PUT', body, csrf })
