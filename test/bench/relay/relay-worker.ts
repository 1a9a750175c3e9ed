// The chat floor for `npm run bench`: the least a Durable Object can do for a room, on the same
// local runtime as Havre. A socket per client (hibernation API, as SessionRoom), a `welcome` so the
// bench's client sees it connected, then every text frame fanned out as is to every socket, the
// sender's too (as Havre echoes). No checks, no state: a bench-only worker, never deployed.
import { DurableObject } from 'cloudflare:workers'

type RelayEnv = { RELAY: DurableObjectNamespace<Relay> }

export class Relay extends DurableObject {
  override async fetch(request: Request): Promise<Response> {
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket]
    this.ctx.acceptWebSocket(server)
    server.send('{"type":"welcome"}')
    const protocol = request.headers.get('sec-websocket-protocol')?.split(',')[0]?.trim()
    const headers = protocol ? { 'sec-websocket-protocol': protocol } : undefined
    return new Response(null, { status: 101, webSocket: client, headers })
  }

  override webSocketMessage(_ws: WebSocket, raw: string | ArrayBuffer): void {
    for (const ws of this.ctx.getWebSockets()) ws.send(raw)
  }
}

export default {
  // Any path that is a socket upgrade names its room (the bench uses /api/rooms/<id>/socket).
  fetch(request, env) {
    if (request.headers.get('upgrade') !== 'websocket') return new Response('relay')
    return env.RELAY.get(env.RELAY.idFromName(new URL(request.url).pathname)).fetch(request)
  },
} satisfies ExportedHandler<RelayEnv>
