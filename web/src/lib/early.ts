// Runs before anything else: reads the secret in the link fragment and wipes it from the address
// bar at once (invariant 2), spends a join link at once (invariant 1) and asks for the config.
import { api } from './api'
import { SECRET_RE } from './b64'
import { setExitUrl } from './quick-exit'
import type { RedeemAnswer } from '../../../worker/protocol/http'

export type Config = {
  media: boolean
  quickExitUrl?: string
  /** The organization's other ways to get help, shown wherever a link cannot open. */
  helpContacts?: { label: string; value: string }[]
}

export const path = location.pathname.replace(/\/+$/, '') || '/'

/** The fragment without '#', or '' (it is gone from the address bar now). */
export const fragment = location.hash.slice(1)
if (location.href.includes('#')) history.replaceState(null, '', location.pathname)

export const redeem = (token: string) =>
  api<RedeemAnswer>('/api/redeem', { body: { token } })

const [linkToken = '', linkKey = ''] = fragment.split('.')

/** The parts of a join link `/j#<token>.<key>`, when this page was opened from one. */
export const joinLink = path === '/j' && fragment ? { token: linkToken, key: linkKey } : undefined

/** A join link is redeemed the moment the page opens, before any page code loads. */
export const earlyRedeem =
  joinLink && SECRET_RE.test(joinLink.token) && SECRET_RE.test(joinLink.key)
    ? redeem(joinLink.token)
    : undefined
// Handled by the join page; never an unhandled rejection.
earlyRedeem?.catch(() => undefined)

export const configPromise: Promise<Config> = api<Config>('/api/config')
  .catch((): Config => ({ media: false }))
  .then((c) => {
    setExitUrl(c.quickExitUrl)
    return c
  })
