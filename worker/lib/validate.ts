// Reads a JSON body with a size cap and checks it against a valibot schema; bad input is a 4xx.
import * as v from 'valibot'
import type { Context } from 'hono'
import { LIMITS } from '../protocol'
import { fail } from './errors'

export async function readJson<S extends v.GenericSchema>(
  c: Context,
  schema: S,
): Promise<v.InferOutput<S>> {
  const type = c.req.header('content-type') ?? ''
  if (!type.toLowerCase().startsWith('application/json')) {
    fail(415, 'bad_content_type', 'This request must be sent as JSON.')
  }
  const declared = Number(c.req.header('content-length') ?? '0')
  if (declared > LIMITS.httpBodyBytes) fail(413, 'too_large', 'This request is too large.')
  const text = await c.req.text()
  if (new TextEncoder().encode(text).byteLength > LIMITS.httpBodyBytes) {
    fail(413, 'too_large', 'This request is too large.')
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    fail(400, 'bad_json', 'This request is not valid JSON.')
  }
  const result = v.safeParse(schema, data)
  if (!result.success) {
    const first = result.issues[0]
    const path = first?.path?.map((p) => String(p.key)).join('.')
    fail(400, 'invalid', `This request is not valid${path ? ` (${path})` : ''}: ${first?.message}`)
  }
  return result.output
}

export function readParam<S extends v.GenericSchema>(value: string | undefined, schema: S) {
  const result = v.safeParse(schema, value)
  if (!result.success) fail(404, 'not_found', 'There is nothing at this address.')
  return result.output as v.InferOutput<S>
}
