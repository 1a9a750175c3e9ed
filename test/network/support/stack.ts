// The whole of Havre inside one network namespace for a network test: livekit-server (one node, or
// two sharing a redis-server), `wrangler dev` on a fresh migrated state, and Chromium with fake
// devices (the speech WAV), all on the namespace's own loopback, so the test can impair media there
// without touching anything else. The test process reaches wrangler and LiveKit through a bridge.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { closeSync, openSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { RoomServiceClient } from 'livekit-server-sdk'
import { findLivekitServer, livekitConfigYaml } from '../../../scripts/livekit.mjs'
import { executablePath } from '../../browser/support/browser'
import type { MediaHavre } from '../../browser/support/havre'
import { speechWav } from '../../browser/support/speech'
import { env, killTree, migratedState, root, waitForConfig } from '../../browser/support/wrangler'
import { bridge, type Bridge } from './bridge'
import { Netns, type MediaPorts } from './netns'

// Inside the namespace nothing else listens, so the ports are fixed.
const WRANGLER_PORT = 8787
const INSPECTOR_PORT = 9229
/** Node i's webhooks go to this port + i (support/webhook-tap.mjs), then on to wrangler. */
const WEBHOOK_TAP_PORT = 8790
const REDIS_PORT = 6379
/** LiveKit advertises TURN/TLS as turns:<domain>:443 whatever tls_port is: so 443 it is. */
const TURN_TLS_PORT = 443
export const TURN_DOMAIN = 'turn.localhost'
/** Where TURN relays from: below Linux's ephemeral ports, so a firewall rule can tell them apart. */
export const TURN_RELAY_PORTS: [number, number] = [20000, 20999]

export type LivekitNode = {
  name: string
  /** The signal URL as pages (inside the namespace) use it. */
  url: string
  httpPort: number
  rtcTcpPort: number
  udpPort: number
  turnUdpPort: number
  rooms: RoomServiceClient
  child: ChildProcess
  logFile: string
  /** The Worker's status for each webhook this node sent, one a line. */
  webhookLog: string
}

export type NetworkHavre = {
  ns: Netns
  /** Havre's origin for a page inside the namespace (localhost: a secure context). */
  base: string
  persistTo: string
  nodes: LivekitNode[]
  /** Chromium inside the namespace, fake camera and the speech WAV as microphone. */
  browser: Browser
  /** What the media-people helpers take as the server (base and state; LiveKit is `nodes`). */
  server: MediaHavre
  /** Every TCP port media may use here (ICE/TCP of each node, TURN/TLS). */
  mediaPorts: MediaPorts
  wranglerLog: string
  close: () => Promise<void>
}

export type StackOptions = {
  /** Two nodes sharing one redis-server: a LiveKit cluster. */
  cluster?: boolean
  /** TURN over TLS on 443 with a self-signed certificate for turn.localhost. */
  turnTls?: boolean
  /** Congestion control may pause video (the generated config's default, true). */
  allowPause?: boolean
}

/** Spawns `cmd args` inside the namespace, detached (its own process group), logging to `log`. */
function spawnIn(ns: Netns, cmd: string, args: string[], log: string): ChildProcess {
  const [bin, argv] = ns.argv(cmd, args)
  const fd = openSync(log, 'a')
  const child = spawn(bin, argv, { cwd: root, env, detached: true, stdio: ['ignore', fd, fd] })
  closeSync(fd)
  return child
}

/** Resolves when `url` answers (any status), throwing after `ms`. */
async function answers(url: string, child: ChildProcess, what: string, ms = 30_000) {
  const deadline = Date.now() + ms
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode})`)
    try {
      await fetch(url)
      return
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) throw new Error(`${what} did not answer within ${ms} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

/**
 * A self-signed certificate for the TURN/TLS domain. Chromium verifies TURN/TLS certificates (the
 * server logs "tls: unknown certificate" otherwise): the test browser for it trusts any.
 */
function selfSignedCert(dir: string) {
  const certFile = path.join(dir, 'turn.crt')
  const keyFile = path.join(dir, 'turn.key')
  execFileSync('openssl', [
    ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1'],
    ...['-subj', `/CN=${TURN_DOMAIN}`, '-addext', `subjectAltName=DNS:${TURN_DOMAIN}`],
    ...['-keyout', keyFile, '-out', certFile],
  ], { stdio: 'ignore' })
  return { certFile, keyFile }
}

/** Starts the stack in a new namespace; on any failure everything started is stopped again. */
export async function startNetworkHavre(options: StackOptions = {}): Promise<NetworkHavre> {
  const bin = findLivekitServer()
  if (!bin) throw new Error('livekit-server is not installed: run npm run livekit:install')
  const ns = Netns.create()
  const children: ChildProcess[] = []
  let bridged: Bridge | undefined
  let browser: Browser | undefined
  let persistTo: string | undefined
  const close = async () => {
    await browser?.close().catch(() => undefined)
    await bridged?.close()
    for (const child of children.reverse()) await killTree(child)
    ns.delete()
    if (persistTo && !process.env.HAVRE_KEEP_STATE) rmSync(persistTo, { recursive: true, force: true })
  }
  try {
    const apiKey = 'havre-net'
    const apiSecret = Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64url')
    const names = options.cluster ? ['a', 'b'] : ['a']
    if (options.cluster) {
      const args = ['--port', String(REDIS_PORT), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
      children.push(spawnIn(ns, 'redis-server', args, path.join(ns.dir, 'redis.log')))
    }
    const tls = options.turnTls ? { ...selfSignedCert(ns.dir), port: TURN_TLS_PORT, domain: TURN_DOMAIN } : undefined
    const nodes = names.map((name, i) => {
      const ports = {
        httpPort: 7880 + 10 * i,
        rtcTcpPort: 7881 + 10 * i,
        udpPort: 7882 + 10 * i,
        turnUdpPort: 3478 + i,
      }
      const configFile = path.join(ns.dir, `livekit-${name}.yaml`)
      const yaml = livekitConfigYaml({
        port: ports.httpPort,
        ...ports,
        apiKey,
        apiSecret,
        // Each node's webhooks pass a tap of their own, which logs the Worker's answers.
        webhookUrl: `http://127.0.0.1:${WEBHOOK_TAP_PORT + i}/api/livekit/webhook`,
        turnTls: i === 0 ? tls : undefined,
        turnRelayPorts: TURN_RELAY_PORTS,
        redisAddress: options.cluster ? `127.0.0.1:${REDIS_PORT}` : undefined,
        allowPause: options.allowPause ?? true,
      })
      // In a cluster, place each new room on the node holding the fewest: both get some.
      const selector = options.cluster ? 'node_selector:\n  kind: any\n  sort_by: rooms\n' : ''
      writeFileSync(configFile, yaml + selector)
      const logFile = path.join(ns.dir, `livekit-${name}.log`)
      const webhookLog = path.join(ns.dir, `webhooks-${name}.log`)
      writeFileSync(webhookLog, '')
      const tap = path.join(import.meta.dirname, 'webhook-tap.mjs')
      const tapArgs = [tap, String(WEBHOOK_TAP_PORT + i), String(WRANGLER_PORT), webhookLog]
      children.push(spawnIn(ns, process.execPath, tapArgs, path.join(ns.dir, `tap-${name}.log`)))
      const child = spawnIn(ns, bin, ['--config', configFile], logFile)
      children.push(child)
      return { name, url: `ws://127.0.0.1:${ports.httpPort}`, ...ports, child, logFile, webhookLog }
    })

    persistTo = migratedState('havre-network-')
    const wranglerLog = path.join(persistTo, 'wrangler-dev.log')
    const vars = [
      'FACILITATOR_GRACE_SECONDS:3',
      `LIVEKIT_URL:${nodes[0]!.url}`,
      `LIVEKIT_API_KEY:${apiKey}`,
      `LIVEKIT_API_SECRET:${apiSecret}`,
    ]
    const wrangler = spawnIn(
      ns,
      path.join(root, 'node_modules', '.bin', 'wrangler'),
      [
        ...['dev', '--port', String(WRANGLER_PORT), '--ip', '127.0.0.1'],
        ...['--inspector-port', String(INSPECTOR_PORT), '--persist-to', persistTo],
        '--show-interactive-dev-session=false',
        ...vars.flatMap((v) => ['--var', v]),
      ],
      wranglerLog,
    )
    children.push(wrangler)

    bridged = await bridge(ns, [WRANGLER_PORT, ...nodes.map((n) => n.httpPort)])
    const livekitNodes: LivekitNode[] = []
    for (const node of nodes) {
      const http = `http://127.0.0.1:${bridged.portFor(node.httpPort)}`
      await answers(`${http}/`, node.child, `livekit-server ${node.name}`)
      livekitNodes.push({ ...node, rooms: new RoomServiceClient(http, apiKey, apiSecret) })
    }
    const dev = { child: wrangler, port: bridged.portFor(WRANGLER_PORT), logFile: wranglerLog }
    await waitForConfig(dev, (config) => Boolean(config.media))

    browser = await launchChromiumIn(ns)
    const base = `http://localhost:${WRANGLER_PORT}`
    const first = livekitNodes[0]!
    const server: MediaHavre = {
      base,
      persistTo,
      livekit: { url: first.url, apiKey, apiSecret, child: first.child, logFile: first.logFile, stop: async () => {} },
      logFile: wranglerLog,
      close,
    }
    const tcp = [...nodes.map((n) => n.rtcTcpPort), ...(tls ? [TURN_TLS_PORT] : [])]
    return { ns, base, persistTo, nodes: livekitNodes, browser, server, mediaPorts: { tcp }, wranglerLog, close }
  } catch (err) {
    await close()
    throw err
  }
}

/** Chromium inside the namespace: headless, fake devices (the speech WAV), WebRTC on loopback. */
export function launchChromiumIn(ns: Netns, extraArgs: string[] = []): Promise<Browser> {
  const wav = speechWav()
  return chromium.launch({
    executablePath: ns.wrapper(executablePath, 'chromium'),
    args: [
      ...['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      ...['--disable-component-update', '--disable-sync', '--no-first-run'],
      ...['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
      '--allow-loopback-in-peer-connection',
      '--autoplay-policy=no-user-gesture-required',
      ...(wav ? [`--use-file-for-fake-audio-capture=${wav}`] : []),
      ...extraArgs,
    ],
  })
}
