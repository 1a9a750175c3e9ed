// The Hono application: middleware, API routes, static assets and the one error handler.
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from './env'
import { securityHeaders } from './middleware/security-headers'
import { sameOrigin } from './middleware/same-origin'
import { passkeyRoutes } from './routes/passkeys'
import { staffRoutes } from './routes/staff'
import { sessionRoutes } from './routes/sessions'
import { redeemRoutes } from './routes/redeem'
import { roomSocketRoutes } from './routes/room-socket'
import { configRoutes } from './routes/config'
import { orgRoutes } from './routes/org'
import { livekitWebhookRoutes } from './routes/livekit-webhook'
import { rateLimited } from './middleware/rate-limit'

export const app = new Hono<AppEnv>()
  .use(securityHeaders)
  .route('/api/livekit/webhook', livekitWebhookRoutes)
  .use('/api/*', sameOrigin)
  .use('/api/redeem', rateLimited('REDEEM_LIMITER'))
  .use('/api/passkeys/login/*', rateLimited('SIGNIN_LIMITER'))
  .use('/api/passkeys/register/*', rateLimited('SIGNIN_LIMITER'))
  .route('/api/config', configRoutes)
  .route('/api/passkeys', passkeyRoutes)
  .route('/api/staff', staffRoutes)
  .route('/api/redeem', redeemRoutes)
  .route('/api/rooms', roomSocketRoutes)
  .route('/api/sessions', sessionRoutes)
  .route('/api/org', orgRoutes)
  .all('/api/*', (c) =>
    c.json({ error: 'not_found', message: 'There is nothing at this address.' }, 404),
  )
  // Everything else is the web client (single-page app fallback is configured in wrangler.toml).
  .all('*', (c) => c.env.ASSETS.fetch(c.req.raw))

app.onError((err, c) => {
  if (err instanceof HTTPException) {
    const res = err.getResponse()
    if (res.headers.get('content-type')?.includes('json')) return res
    return c.json({ error: 'bad_request', message: err.message || 'This request was refused.' }, err.status)
  }
  if (isStorageError(err)) {
    console.error('D1 error', err)
    return c.json(
      {
        error: 'storage_unavailable',
        message: 'Havre cannot reach its database right now. Nothing was changed; please try again.',
      },
      503,
    )
  }
  console.error('unhandled error', err)
  return c.json(
    { error: 'server_error', message: 'Something went wrong on our side. Nothing was changed.' },
    500,
  )
})

/** D1 failures surface as errors whose message (or cause) names D1 or SQLite. */
function isStorageError(err: unknown): boolean {
  const text = (e: unknown): string => (e instanceof Error ? `${e.message} ${text(e.cause)}` : '')
  return /D1_|SQLITE|database/i.test(text(err))
}
