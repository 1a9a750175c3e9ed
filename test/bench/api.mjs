// A small HTTP client for Havre's API: staff calls (cookie + CSRF + same origin) and redemption.
export function apiClient(origin, staff) {
  const staffHeaders = {
    cookie: staff.cookie,
    'x-csrf-token': staff.csrf,
    'content-type': 'application/json',
    origin,
  }

  async function call(path, body, headers, expect = 201) {
    const res = await fetch(`${origin}${path}`, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    })
    const text = await res.text()
    if (res.status !== expect) throw new Error(`POST ${path}: ${res.status} ${text}`)
    return JSON.parse(text)
  }

  return {
    /** A group session open now; no lobby by default, so links are admitted as they join. */
    async createSession(title, { lobby = false } = {}) {
      const now = Date.now()
      const body = {
        kind: 'group',
        title,
        agreement: 'Confidentiality.',
        lobby,
        opensAt: now - 60_000,
        closesAt: now + 2 * 3600_000,
      }
      return call('/api/sessions', body, staffHeaders)
    },
    /** Makes `count` participant links, in requests of at most 50 (the server's limit). */
    async createLinks(sessionId, count) {
      const tokens = []
      while (tokens.length < count) {
        const n = Math.min(50, count - tokens.length)
        const answer = await call(
          `/api/sessions/${sessionId}/invites`,
          { role: 'participant', count: n },
          staffHeaders,
        )
        tokens.push(...answer.tokens)
      }
      return tokens
    },
    async hostSeat(sessionId) {
      return (await call(`/api/sessions/${sessionId}/host`, {}, staffHeaders)).seat
    },
    /** Redeems one link; resolves with the answer and the request's wall time in milliseconds. */
    async redeem(token) {
      const start = performance.now()
      const answer = await call('/api/redeem', { token }, { 'content-type': 'application/json' })
      return { answer, ms: performance.now() - start }
    },
    /** Redeems one link without judging the answer: its status, time and (when 201) its seat. */
    async redeemRaw(token) {
      const start = performance.now()
      try {
        const res = await fetch(`${origin}/api/redeem`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token }),
          signal: AbortSignal.timeout(30_000),
        })
        const text = await res.text()
        const ms = performance.now() - start
        return { status: res.status, ms, answer: res.status === 201 ? JSON.parse(text) : undefined }
      } catch (err) {
        return { status: `error: ${err?.name ?? err}`, ms: performance.now() - start }
      }
    },
  }
}
