// A room WebSocket client for the benchmark: connects with the seat in Sec-WebSocket-Protocol,
// keeps the frames it receives, and lets a caller wait (with a deadline) for a condition.
export const WS_PROTOCOL = 'havre.v1'

export function connectSeat(origin, sessionId, seat, { timeoutMs = 10_000 } = {}) {
  const url = `${origin.replace(/^http/, 'ws')}/api/rooms/${sessionId}/socket`
  const ws = new WebSocket(url, [WS_PROTOCOL, `seat.${seat}`])
  const client = {
    ws,
    welcome: undefined,
    roster: undefined,
    errors: [],
    closed: undefined,
    /** Called for each parsed frame with (frame, receivedAt) before it is otherwise handled. */
    onFrame: undefined,
    onClose: undefined,
    send: (msg) => ws.send(JSON.stringify(msg)),
  }
  const waiters = new Set()
  const wake = () => waiters.forEach((w) => w())

  ws.addEventListener('message', (e) => {
    const at = performance.now()
    if (typeof e.data !== 'string' || e.data === 'pong') return
    const frame = JSON.parse(e.data)
    client.onFrame?.(frame, at)
    if (frame.type === 'welcome') client.welcome = frame
    else if (frame.type === 'roster') client.roster = frame
    else if (frame.type === 'error') client.errors.push(frame)
    wake()
  })
  ws.addEventListener('close', (e) => {
    client.closed = { code: e.code, reason: e.reason, at: performance.now() }
    client.onClose?.(client.closed)
    wake()
  })

  /** Resolves with check()'s first defined value; rejects after `ms`. */
  client.waitFor = (check, what, ms = timeoutMs) =>
    new Promise((resolve, reject) => {
      const tryNow = () => {
        const found = check()
        if (found === undefined) return false
        done()
        resolve(found)
        return true
      }
      const timer = setTimeout(() => {
        done()
        reject(new Error(`timed out waiting for ${what}`))
      }, ms)
      const done = () => {
        clearTimeout(timer)
        waiters.delete(tryNow)
      }
      if (!tryNow()) waiters.add(tryNow)
    })

  const opened = client.waitFor(() => client.welcome ?? client.closed, 'welcome')
  return opened.then(
    (found) => {
      if (found === client.welcome) return client
      throw new Error(`socket closed before welcome: ${found.code} ${found.reason}`)
    },
    (err) => {
      ws.close()
      throw err
    },
  )
}
