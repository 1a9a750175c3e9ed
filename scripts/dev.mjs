// `npm run dev`: migrate the local D1, build the web client, print a setup link when no staff
// exist yet, then start wrangler dev, and the pinned livekit-server when it is installed (with a
// generated config: fresh keys, loopback only, a webhook to this Worker, no external STUN).
import { spawn, execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { findLivekitServer, LIVEKIT_VERSION, startLivekitServer } from './livekit.mjs'
import { root, wrangler, wranglerBin } from './wrangler.mjs'
import { createSetupLink, staffCount } from './setup-link.mjs'
import { readyBanner, relay } from './dev-output.mjs'

const port = process.env.PORT ?? '8787'
const origin = `http://localhost:${port}`

console.log('Applying local D1 migrations…')
wrangler(['d1', 'migrations', 'apply', 'DB', '--local'])

console.log('Building the web client…')
execFileSync(path.join(root, 'node_modules', '.bin', 'vite'), ['build', '--config', 'web/vite.config.ts'], {
  cwd: root,
  stdio: 'inherit',
})

// Printed once wrangler is ready, last, where it does not scroll away.
const setupLink = staffCount() === 0 ? createSetupLink({ origin, quiet: true }) : undefined

const children = []
const vars = []
if (!process.env.LIVEKIT_URL && findLivekitServer()) {
  const apiKey = 'havre-dev'
  const apiSecret = randomBytes(24).toString('base64url')
  const livekit = await startLivekitServer({
    port: 7880,
    rtcTcpPort: 7881,
    udpPort: 7882,
    turnUdpPort: 3478,
    apiKey,
    apiSecret,
    webhookUrl: `http://127.0.0.1:${port}/api/livekit/webhook`,
    inheritOutput: true,
  })
  console.log(`livekit-server ${LIVEKIT_VERSION} on ${livekit.url} (loopback only): video and audio work.`)
  children.push(livekit.child)
  vars.push('--var', `LIVEKIT_URL:${livekit.url}`, '--var', `LIVEKIT_API_KEY:${apiKey}`,
    '--var', `LIVEKIT_API_SECRET:${apiSecret}`)
} else if (!process.env.LIVEKIT_URL) {
  console.log('LiveKit is not installed: sessions run text-only. For video and audio: npm run livekit:install')
}

const dev = spawn(wranglerBin, ['dev', '--port', port, '--ip', '127.0.0.1', ...vars], {
  cwd: root,
  stdio: ['inherit', 'pipe', 'pipe'],
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
})
// One address only (wrangler's 127.0.0.1 cannot hold a passkey), and the setup link last.
relay(dev.stdout, process.stdout, () => console.log(readyBanner({ origin, setupLink }).join('\n')))
relay(dev.stderr, process.stderr, () => undefined)
children.push(dev)
const stop = () => children.forEach((c) => c.kill('SIGTERM'))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
dev.on('exit', (code) => {
  stop()
  process.exit(code ?? 0)
})
