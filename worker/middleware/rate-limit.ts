// Rate limits against guessing and flooding, keyed by a salted hash of the connection's address
// so that no IP address is ever stored or sent anywhere.
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { sha256Hex } from '../lib/crypto'
import { fail } from '../lib/errors'

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/

export const rateLimited = (binding: 'REDEEM_LIMITER' | 'SIGNIN_LIMITER') =>
  createMiddleware<AppEnv>(async (c, next) => {
    // Cloudflare always sets this header; only local development and tests arrive without it.
    const address = c.req.header('cf-connecting-ip')
    if (address && !LOOPBACK.test(address)) {
      const key = (await sha256Hex(`${c.env.RATE_LIMIT_SALT ?? 'havre'}:${address}`)).slice(0, 32)
      const { success } = await c.env[binding].limit({ key })
      if (!success) {
        fail(429, 'rate_limited', 'Too many attempts from this connection. Please wait a minute and try again.')
      }
    }
    await next()
  })
