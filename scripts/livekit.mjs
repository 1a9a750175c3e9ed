// The real LiveKit server for `npm run dev`, the tests and the benchmarks: finds the pinned
// livekit-server, writes its config (Havre's keys, loopback only, a webhook to the local Worker,
// no external STUN), starts it on the ports asked for and waits until it answers.
import { execFileSync, spawn } from 'node:child_process'
import dgram from 'node:dgram'
import net from 'node:net'
import { existsSync, mkdtempSync, openSync, closeSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const LIVEKIT_VERSION = '1.13.5'
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** Where `npm run livekit:install` puts the binary it builds (git-ignored). */
export const projectBin = path.join(root, '.livekit', 'bin', 'livekit-server')

/** Where Go installs binaries ($GOPATH/bin); livekit:install exposes `livekit-server` there too. */
export function goBinDir() {
  try {
    const gopath = execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
    return path.join(gopath.trim().split(path.delimiter)[0], 'bin')
  } catch {
    return path.join(os.homedir(), 'go', 'bin')
  }
}

/** The installed livekit-server of the pinned version: the project's, Go's, then PATH's; or null. */
export function findLivekitServer() {
  const candidates = [
    process.env.LIVEKIT_SERVER_BIN,
    projectBin,
    path.join(goBinDir(), 'livekit-server'),
    'livekit-server',
  ].filter(Boolean)
  for (const bin of candidates) {
    if (bin.includes('/') && !existsSync(bin)) continue
    try {
      const out = execFileSync(bin, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      if (out.includes(LIVEKIT_VERSION)) return bin
    } catch {
      // Not there, or not runnable: try the next.
    }
  }
  return null
}

/** A TCP port free on 127.0.0.1 now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** A UDP port free on 127.0.0.1 now, whose next port is free too (the dead STUN address). */
export async function freeUdpPort() {
  for (;;) {
    const socket = dgram.createSocket('udp4')
    const port = await new Promise((resolve, reject) => {
      socket.once('error', reject)
      socket.bind(0, '127.0.0.1', () => resolve(socket.address().port))
    })
    socket.close()
    if (port < 65535) return port
  }
}

/** Starts livekit-server on free loopback ports with fresh keys (tests and benchmarks). */
export async function startLocalLivekit(options = {}) {
  const { randomBytes } = await import('node:crypto')
  return startLivekitServer({
    port: await freePort(),
    rtcTcpPort: await freePort(),
    udpPort: await freeUdpPort(),
    turnUdpPort: await freeUdpPort(),
    apiKey: options.apiKey ?? 'havre-test',
    apiSecret: options.apiSecret ?? randomBytes(24).toString('base64url'),
    ...options,
  })
}

/**
 * livekit-server's YAML for one local run. Optional: `turnUdpPort` (embedded TURN/UDP), `turnTls`
 * ({ port, domain, certFile, keyFile }: TURN over TLS), `turnRelayPorts` ([first, last] of the
 * relay's UDP ports), `redisAddress` (a cluster node), `allowPause` (default true: congestion
 * control may pause a video a subscriber cannot receive),
 * `nodeIp` (default 127.0.0.1).
 */
export function livekitConfigYaml({
  port,
  rtcTcpPort,
  udpPort,
  apiKey,
  apiSecret,
  webhookUrl,
  turnUdpPort,
  turnTls,
  turnRelayPorts,
  redisAddress,
  nodeIp = '127.0.0.1',
  allowPause = true,
}) {
  const lines = [
    `port: ${port}`,
    'bind_addresses: ["127.0.0.1"]',
    'rtc:',
    `  tcp_port: ${rtcTcpPort}`,
    `  udp_port: ${udpPort}`,
    // Loopback only: no STUN lookup of a public address, and the loopback candidate offered.
    '  use_external_ip: false',
    `  node_ip: ${nodeIp}`,
    '  enable_loopback_candidate: true',
    // Without this, clients are told to use Google's public STUN servers. Nothing listens here:
    // host candidates on loopback are all a local call needs.
    `  stun_servers: ["127.0.0.1:${udpPort + 1}"]`,
    // A receiver whose downlink cannot carry every video gets lower layers, then paused video,
    // before her audio suffers (issue 19, item 1).
    '  congestion_control:',
    '    enabled: true',
    `    allow_pause: ${allowPause}`,
    // A video she starts receiving (a first subscription, or one resumed as her stage comes into
    // view after the device check) shows nothing until a keyframe. The SFU asks the sender for one
    // every 200 ms but by default lets only one request a second through for the 360p layer, so a
    // face could wait a whole second after she joins the call (issue 20). Five a second at most,
    // and only while a subscriber is waiting for one.
    '  pli_throttle:',
    '    low_quality: 200ms',
    '    mid_quality: 200ms',
    '    high_quality: 200ms',
    'keys:',
    `  ${apiKey}: ${apiSecret}`,
    'logging:',
    '  level: warn',
  ]
  if (webhookUrl) lines.push('webhook:', `  api_key: ${apiKey}`, '  urls:', `    - ${webhookUrl}`)
  if (turnUdpPort || turnTls) {
    // The embedded TURN server, for clients whose network allows only relayed media. Its relay
    // reaches the SFU on loopback, a peer address v1.12+ refuses unless allowed here.
    lines.push('turn:', '  enabled: true', `  domain: ${turnTls?.domain ?? 'turn.localhost'}`)
    if (turnUdpPort) lines.push(`  udp_port: ${turnUdpPort}`)
    if (turnRelayPorts) lines.push(`  relay_range_start: ${turnRelayPorts[0]}`, `  relay_range_end: ${turnRelayPorts[1]}`)
    if (turnTls) {
      lines.push(`  tls_port: ${turnTls.port}`, `  cert_file: ${turnTls.certFile}`, `  key_file: ${turnTls.keyFile}`)
    }
    lines.push(`  bind_addresses: ["${nodeIp}"]`, `  allow_restricted_peer_cidrs: ["${nodeIp}/32"]`)
  }
  if (redisAddress) lines.push('redis:', `  address: ${redisAddress}`)
  return lines.join('\n') + '\n'
}

/**
 * Starts livekit-server with a generated config; resolves once its HTTP port answers.
 * Returns { url, apiKey, apiSecret, child, logFile, stop }.
 */
export async function startLivekitServer(options) {
  const bin = options.bin ?? findLivekitServer()
  if (!bin) throw new Error(`livekit-server ${LIVEKIT_VERSION} is not installed: run npm run livekit:install`)
  const dir = mkdtempSync(path.join(os.tmpdir(), 'havre-livekit-'))
  const configFile = path.join(dir, 'livekit.yaml')
  writeFileSync(configFile, livekitConfigYaml(options))
  const logFile = path.join(dir, 'livekit.log')
  const log = openSync(logFile, 'a')
  const child = spawn(bin, ['--config', configFile], {
    stdio: ['ignore', options.inheritOutput ? 'inherit' : log, options.inheritOutput ? 'inherit' : log],
    detached: !options.inheritOutput,
  })
  closeSync(log)
  const url = `ws://127.0.0.1:${options.port}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      const timeout = setTimeout(() => child.kill('SIGKILL'), 3000)
      await exited
      clearTimeout(timeout)
    }
    if (!options.keepLogs) rmSync(dir, { recursive: true, force: true })
  }
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`livekit-server exited (${child.exitCode}); see ${logFile}`)
    try {
      const res = await fetch(`http://127.0.0.1:${options.port}/`)
      if (res.ok) break
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error('livekit-server did not start within 20 s')
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return { url, apiKey: options.apiKey, apiSecret: options.apiSecret, child, logFile, stop }
}
