// A fault-injecting proxy in front of the real livekit-server, for the worker tests (Node, started by
// vitest.config.ts). Every RoomService call is forwarded to the real server and answered by it,
// except for the faults a real server cannot produce on demand: one session's calls failing with 503
// ("LiveKit down" for that session only, so tests stay independent) or answered late ("slow"). It
// records each call so that a test can say what reached LiveKit while it was down.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { FaultMode, ProxiedCall } from './types.js'

export type FaultProxy = { url: string; server: http.Server; close: () => Promise<void> }

const MAX_BODY_BYTES = 1 << 20

const readBody = (req: http.IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let size = 0
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > MAX_BODY_BYTES) reject(new Error('too large'))
      else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })

function claimsOf(authorization: string | undefined): ProxiedCall['claims'] {
  const jwt = authorization?.replace(/^Bearer /, '') ?? ''
  try {
    return JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'))
  } catch {
    return null
  }
}

/** Session id of a Havre media room name (`<session>.<generation>`), or the name itself. */
const sessionOf = (room: string | null) => (room ?? '').replace(/\.\d+$/, '')

export async function startFaultProxy(target: string, port = 0): Promise<FaultProxy> {
  const upstream = target.replace(/^ws/, 'http')
  const modes = new Map<string, FaultMode>()
  const calls: ProxiedCall[] = []
  let seq = 0

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(body))
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy.invalid')
    try {
      if (url.pathname === '/_mode' && req.method === 'POST') {
        const mode = JSON.parse(await readBody(req)) as FaultMode
        if (mode.mode === 'ok') modes.delete(mode.session)
        else modes.set(mode.session, mode)
        return json(res, 200, { ok: true })
      }
      if (url.pathname === '/_calls') {
        const session = url.searchParams.get('session')
        const method = url.searchParams.get('method')
        return json(res, 200, {
          calls: calls.filter(
            (c) => (!session || sessionOf(c.room) === session) && (!method || c.method === method),
          ),
        })
      }
      const body = await readBody(req)
      const parsed = (() => {
        try {
          return JSON.parse(body || '{}') as Record<string, unknown>
        } catch {
          return {}
        }
      })()
      const room = (parsed.room ?? parsed.name ?? null) as string | null
      const call: ProxiedCall = {
        seq: ++seq,
        method: url.pathname.split('/').pop() ?? '',
        room,
        body: parsed,
        claims: claimsOf(req.headers.authorization),
        status: 0,
        injected: false,
        receivedAt: Date.now(),
      }
      calls.push(call)
      const mode = modes.get(sessionOf(room))
      if (mode?.mode === 'down') {
        call.injected = true
        call.status = 503
        call.respondedAt = Date.now()
        return json(res, 503, { code: 'unavailable', msg: 'LiveKit is down (injected by the test)' })
      }
      if (mode?.mode === 'slow') await new Promise((r) => setTimeout(r, mode.slowMs ?? 500))
      const answer = await fetch(`${upstream}${url.pathname}${url.search}`, {
        method: req.method,
        headers: {
          'content-type': req.headers['content-type'] ?? 'application/json',
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        },
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      })
      const text = await answer.text()
      call.status = answer.status
      call.respondedAt = Date.now()
      res.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/json',
      })
      res.end(text)
    } catch (err) {
      json(res, 502, { code: 'internal', msg: `proxy: ${String(err)}` })
    }
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const address = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${address.port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
