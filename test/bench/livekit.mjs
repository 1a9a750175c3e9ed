// The real livekit-server (the pinned binary, scripts/livekit.mjs) on free loopback ports for the
// benchmarks, its webhook pointed at the bench's wrangler dev, with a RoomService client to read
// what the SFU holds (rooms, participants).
import { RoomServiceClient } from 'livekit-server-sdk'
import { startLocalLivekit } from '../../scripts/livekit.mjs'

/** Starts livekit-server; `workerPort` is the port wrangler dev will listen on (for the webhook). */
export async function startLivekit(workerPort) {
  const livekit = await startLocalLivekit({
    webhookUrl: `http://127.0.0.1:${workerPort}/api/livekit/webhook`,
  })
  // Never keeps the benchmark alive once it is done.
  livekit.child.unref()
  const rooms = new RoomServiceClient(
    livekit.url.replace(/^ws/, 'http'),
    livekit.apiKey,
    livekit.apiSecret,
  )
  return {
    ...livekit,
    rooms,
    /** What wrangler dev needs to talk to it. */
    vars: {
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
    },
    /** The names of the rooms the SFU holds now, those of `names` only when given. */
    async roomNames(names) {
      return (await rooms.listRooms(names)).map((r) => r.name)
    },
  }
}
