// Rate limits against guessing and flooding, keyed by a salted hash of the connection's address (IPv6 by its /64)
// so that no IP address is ever stored or sent anywhere.
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { sha256Hex } from '../lib/crypto'
import { fail } from '../lib/errors'

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/

/**
 * The part of an address that names one connection: an IPv4 address whole, an IPv6 address by its
 * /64 (one subscriber's network, where every device and privacy address shares the first 64 bits).
 */
export function rateLimitSubject(address: string): string {
  if (!address.includes(':')) return address
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return mapped[1]!
  const bare = address.split('%')[0]!.toLowerCase()
  const [head = '', tail = ''] = bare.split('::')
  const left = head ? head.split(':') : []
  const right = bare.includes('::') && tail ? tail.split(':') : []
  const groups = bare.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left
  return `${groups.slice(0, 4).map((g) => (parseInt(g || '0', 16) || 0).toString(16)).join(':')}::/64`
}

export const rateLimited = (binding: 'REDEEM_LIMITER' | 'SIGNIN_LIMITER' | 'SOCKET_LIMITER') =>
  createMiddleware<AppEnv>(async (c, next) => {
    // Cloudflare always sets this header; only local development and tests arrive without it.
    const address = c.req.header('cf-connecting-ip')
    if (address && !LOOPBACK.test(address)) {
      const subject = rateLimitSubject(address)
      const key = (await sha256Hex(`${c.env.RATE_LIMIT_SALT ?? 'havre'}:${subject}`)).slice(0, 32)
      const { success } = await c.env[binding].limit({ key })
      if (!success) {
        fail(429, 'rate_limited', 'Too many attempts from this connection. Please wait a minute and try again.')
      }
    }
    await next()
  })
