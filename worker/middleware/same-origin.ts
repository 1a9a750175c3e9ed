// Refuses state-changing API calls whose Origin is another site (a second CSRF wall).
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { fail } from '../lib/errors'

export const sameOrigin = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const origin = c.req.header('origin')
    if (origin && origin !== new URL(c.req.url).origin) {
      fail(403, 'cross_origin', 'This request came from another website and was refused.')
    }
  }
  await next()
})
