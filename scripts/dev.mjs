// `npm run dev`: migrate the local D1, build the web client, print a setup link when no staff
// exist yet, then start wrangler dev (and livekit-server --dev when it is installed).
import { spawn, execFileSync } from 'node:child_process'
import path from 'node:path'
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
if (!process.env.LIVEKIT_URL && hasLivekitServer()) {
  console.log('Starting livekit-server --dev on ws://localhost:7880')
  children.push(spawn('livekit-server', ['--dev', '--bind', '127.0.0.1'], { stdio: 'inherit' }))
  vars.push('--var', 'LIVEKIT_URL:ws://localhost:7880', '--var', 'LIVEKIT_API_KEY:devkey',
    '--var', 'LIVEKIT_API_SECRET:secret')
} else if (!process.env.LIVEKIT_URL) {
  console.log('LiveKit is not configured: sessions run text-only (see README, "Video and audio").')
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

function hasLivekitServer() {
  try {
    execFileSync('livekit-server', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
