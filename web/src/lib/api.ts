// JSON fetch helper: every failure becomes an ApiError carrying the server's code and sentence.
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

export type ApiInit = { method?: string; body?: unknown; csrf?: string }

export async function api<T>(path: string, init: ApiInit = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  if (init.csrf) headers['x-csrf-token'] = init.csrf
  let res: Response
  try {
    res = await fetch(path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
      cache: 'no-store',
    })
  } catch {
    throw new ApiError('network', 'The server could not be reached.')
  }
  const data = (await res.json().catch(() => ({}))) as Record<string, unknown>
  if (!res.ok) {
    const code = typeof data.error === 'string' ? data.error : `http_${res.status}`
    const message = typeof data.message === 'string' ? data.message : res.statusText
    throw new ApiError(code, message, data)
  }
  return data as T
}
