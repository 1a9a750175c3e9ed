// Which LIVEKIT_URL forms work, as a pure function: the Worker calls RoomService at the URL's
// http(s) origin, and browsers open its ws(s) origin from a page served over https in production.
//   wss://<host>[:port]           LiveKit Cloud or a self-hosted server behind TLS: works everywhere.
//   https://<host>[:port]         the same (browsers are given the wss:// form).
//   ws://127.0.0.1:7880, ws://localhost:7880
//                                 local development only: a deployed Worker cannot reach loopback.
//   ws://<other host>             refused: an https page may not open ws:// (mixed content), and the
//                                 media tokens would travel in clear.
// No path, query, fragment or credentials: LiveKit's RoomService and /rtc live at the root.

export type UrlVerdict = { ok: true; local: boolean } | { ok: false; problem: string }

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/

export function checkLivekitUrl(raw: string): UrlVerdict {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, problem: `LIVEKIT_URL is not a URL: use wss://<your LiveKit host>.` }
  }
  if (!['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol)) {
    return { ok: false, problem: `LIVEKIT_URL must start with wss:// (or ws:// on this machine only).` }
  }
  if (url.username || url.password || url.search || url.hash || (url.pathname && url.pathname !== '/')) {
    return { ok: false, problem: 'LIVEKIT_URL must be the server root: no path, query or credentials.' }
  }
  const local = LOOPBACK.test(url.hostname)
  const secure = url.protocol === 'wss:' || url.protocol === 'https:'
  if (!secure && !local) {
    return {
      ok: false,
      problem: `LIVEKIT_URL ${url.origin} is not encrypted: use wss:// (ws:// works only on this machine).`,
    }
  }
  return { ok: true, local }
}
