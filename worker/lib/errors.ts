// HTTP errors as HTTPException carrying a code the client translates and a readable sentence.
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export function fail(status: ContentfulStatusCode, error: string, message: string): never {
  const res = new Response(JSON.stringify({ error, message }), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  })
  throw new HTTPException(status, { res, message })
}
