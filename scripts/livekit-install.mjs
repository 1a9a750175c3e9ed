// `npm run livekit:install`: the pinned livekit-server, exposed as `livekit-server`. Reuses an
// installed binary of the right version; builds it with Go when Go is here (the module and build
// caches are Go's own, so a second build is quick); otherwise says how to get LiveKit.
import { execFileSync } from 'node:child_process'
import { mkdirSync, renameSync } from 'node:fs'
import path from 'node:path'
import { findLivekitServer, LIVEKIT_VERSION, projectBin } from './livekit.mjs'

const found = findLivekitServer()
if (found) {
  console.log(`livekit-server ${LIVEKIT_VERSION} is installed: ${found}`)
  process.exit(0)
}

function hasGo() {
  try {
    execFileSync('go', ['version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

if (!hasGo()) {
  console.error(`livekit-server ${LIVEKIT_VERSION} is not installed, and Go is not here to build it.
Havre still runs text-only without it. To have video and audio, one of:
  - Go 1.24 or newer, then: npm run livekit:install
  - macOS: brew install livekit  (check that livekit-server --version says ${LIVEKIT_VERSION})
  - Linux: the livekit-server v${LIVEKIT_VERSION} release binary from LiveKit's GitHub releases,
    on your PATH as livekit-server
  - LiveKit Cloud: set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET (see README).`)
  process.exit(1)
}

const gobin = path.dirname(projectBin)
mkdirSync(gobin, { recursive: true })
console.log(`Building livekit-server ${LIVEKIT_VERSION} with Go (a first build takes minutes)…`)
execFileSync('go', ['install', `github.com/livekit/livekit-server/cmd/server@v${LIVEKIT_VERSION}`], {
  stdio: 'inherit',
  env: { ...process.env, CGO_ENABLED: '0', GOBIN: gobin, GOFLAGS: '-mod=mod' },
})
renameSync(path.join(gobin, 'server'), projectBin)
const built = findLivekitServer()
if (!built) {
  console.error('The build finished but livekit-server --version does not say ' + LIVEKIT_VERSION)
  process.exit(1)
}
console.log(`livekit-server ${LIVEKIT_VERSION} installed: ${built}`)
