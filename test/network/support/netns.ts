// A network namespace of its own for one network test: created with only its loopback up, commands
// run inside it, media impaired inside it (iptables-legacy DROP and NFQUEUE, tc htb on its `lo`),
// and deleted at the end, even when the test fails or the process exits early. Nothing here ever
// touches an interface, rule or address outside the namespace: every command is `ip netns exec`.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const IMPAIR = path.join(import.meta.dirname, 'impair.py')
/** The legacy backend: its DROP and NFQUEUE work on these kernels (nf_tables' may not). */
const IPTABLES = 'iptables-legacy'
/** Namespaces this process made and has not deleted yet (deleted on exit as a last resort). */
const live = new Set<string>()
let counter = 0

process.once('exit', () => {
  for (const name of live) {
    try {
      execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' })
    } catch {
      // Already gone.
    }
  }
})

/** What media traffic is: UDP (ICE/UDP and TURN/UDP) and the TCP ports given (ICE/TCP, TURN/TLS). */
export type MediaPorts = { tcp: number[] }

export type Impairment = { loss: number; delayMs: number; jitterMs: number }

export class Netns {
  readonly name: string
  /** A private directory for this namespace's files (wrappers, configs, logs, sockets). */
  readonly dir: string
  private impairers: ChildProcess[] = []
  private rateClasses = 0
  /** The NFQUEUE rules added (for their removal). */
  private queued: string[][] = []

  private constructor(name: string, dir: string) {
    this.name = name
    this.dir = dir
  }

  /** A new namespace with its loopback up. */
  static create(): Netns {
    const name = `havre-net-${process.pid}-${++counter}`
    execFileSync('ip', ['netns', 'add', name])
    live.add(name)
    const ns = new Netns(name, mkdtempSync(path.join(os.tmpdir(), `${name}-`)))
    ns.run('ip', ['link', 'set', 'lo', 'up'])
    return ns
  }

  /** `cmd args` run inside the namespace, to completion; its stdout. */
  run(cmd: string, args: string[]): string {
    return execFileSync('ip', ['netns', 'exec', this.name, cmd, ...args], { encoding: 'utf8' })
  }

  /** Argv that runs `cmd args` inside the namespace (for spawn). */
  argv(cmd: string, args: string[]): [string, string[]] {
    return ['ip', ['netns', 'exec', this.name, cmd, ...args]]
  }

  /** A shell script that runs `target` inside the namespace with its arguments (for Chromium). */
  wrapper(target: string, name: string): string {
    const file = path.join(this.dir, name)
    writeFileSync(file, `#!/bin/sh\nexec ip netns exec ${this.name} ${target} "$@"\n`)
    chmodSync(file, 0o755)
    return file
  }

  /** The iptables match arguments of every media packet: all UDP, and the media TCP ports. */
  private mediaMatches(ports: MediaPorts): string[][] {
    const tcp = ports.tcp.flatMap((p) => [
      ['-p', 'tcp', '--dport', String(p)],
      ['-p', 'tcp', '--sport', String(p)],
    ])
    return [['-p', 'udp'], ...tcp]
  }

  /**
   * Drops every UDP packet inside the namespace (a firewall that allows only TCP), except, when
   * given, those to or from `serverSide` ports: the TURN relay's leg to the SFU, which in real life
   * runs between two servers outside her firewall.
   */
  blockUdp(serverSide?: [number, number]): void {
    this.run(IPTABLES, ['-N', 'havre-udp-block'])
    if (serverSide) {
      const range = `${serverSide[0]}:${serverSide[1]}`
      for (const dir of ['--sport', '--dport']) {
        this.run(IPTABLES, ['-A', 'havre-udp-block', '-p', 'udp', dir, range, '-j', 'RETURN'])
      }
    }
    this.run(IPTABLES, ['-A', 'havre-udp-block', '-p', 'udp', '-j', 'DROP'])
    this.run(IPTABLES, ['-I', 'OUTPUT', '-o', 'lo', '-p', 'udp', '-j', 'havre-udp-block'])
  }

  /** Lets UDP through again. */
  unblockUdp(): void {
    this.run(IPTABLES, ['-D', 'OUTPUT', '-o', 'lo', '-p', 'udp', '-j', 'havre-udp-block'])
    this.run(IPTABLES, ['-F', 'havre-udp-block'])
    this.run(IPTABLES, ['-X', 'havre-udp-block'])
  }

  /**
   * Loss and delay on every media packet, once per hop: each packet leaving a process (sender → SFU,
   * SFU → receiver) passes OUTPUT once, where it is queued to impair.py. Resolves once it listens.
   */
  async impair(ports: MediaPorts, { loss, delayMs, jitterMs }: Impairment, maxSeconds = 900) {
    const queue = 10 + this.impairers.length
    const [cmd, args] = this.argv('python3', [
      IMPAIR,
      ...[queue, loss, delayMs, jitterMs, maxSeconds].map(String),
    ])
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    this.impairers.push(child)
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`impair.py exited (${code})`)))
      child.stdout!.once('data', () => resolve())
    })
    for (const match of this.mediaMatches(ports)) {
      const rule = ['-o', 'lo', ...match, '-j', 'NFQUEUE', '--queue-num', String(queue), '--queue-bypass']
      this.run(IPTABLES, ['-A', 'OUTPUT', ...rule])
      this.queued.push(rule)
    }
  }

  /** Removes every NFQUEUE rule and stops the impairers. */
  clearImpairments(): void {
    for (const match of this.queued) this.run(IPTABLES, ['-D', 'OUTPUT', ...match])
    this.queued = []
    for (const child of this.impairers) child.kill('SIGTERM')
    this.impairers = []
  }

  /**
   * Limits the UDP packets sent to `udpPorts` (one person's downlink: her peer connections' local
   * ports) to `kbit` kbit/s with htb, behind a 30-packet queue as a narrow link's buffer would be.
   */
  limitDownlink(udpPorts: number[], kbit: number): void {
    if (this.rateClasses === 0) {
      this.run('tc', ['qdisc', 'add', 'dev', 'lo', 'root', 'handle', '1:', 'htb', 'default', '1'])
      // Everything else at loopback speed (htb needs a rate: 10 Gbit/s is unlimited here).
      this.run('tc', ['class', 'add', 'dev', 'lo', 'parent', '1:', 'classid', '1:1', 'htb', 'rate', '10gbit'])
    }
    const classid = `1:${10 + ++this.rateClasses}`
    const rate = `${kbit}kbit`
    this.run('tc', ['class', 'add', 'dev', 'lo', 'parent', '1:', 'classid', classid, 'htb', 'rate', rate, 'ceil', rate])
    this.run('tc', ['qdisc', 'add', 'dev', 'lo', 'parent', classid, 'pfifo', 'limit', '30'])
    for (const port of udpPorts) {
      this.run('tc', [
        ...['filter', 'add', 'dev', 'lo', 'parent', '1:', 'protocol', 'ip', 'prio', '1', 'u32'],
        ...['match', 'ip', 'protocol', '17', '0xff', 'match', 'ip', 'dport', String(port), '0xffff'],
        ...['flowid', classid],
      ])
    }
  }

  /** Removes every rate limit (the htb tree on `lo`). */
  clearRates(): void {
    if (this.rateClasses === 0) return
    this.run('tc', ['qdisc', 'del', 'dev', 'lo', 'root'])
    this.rateClasses = 0
  }

  /** Stops the impairers and deletes the namespace (every process still in it loses its network). */
  delete(): void {
    for (const child of this.impairers) child.kill('SIGTERM')
    this.impairers = []
    try {
      execFileSync('ip', ['netns', 'del', this.name], { stdio: 'ignore' })
    } catch {
      // Already gone.
    }
    live.delete(this.name)
    if (!process.env.HAVRE_KEEP_STATE) rmSync(this.dir, { recursive: true, force: true })
  }
}
