// The test process's side of ns-forward.mjs: a loopback TCP port here for each port inside the
// namespace, so fetch and RoomServiceClient reach wrangler dev and livekit-server in it.
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'
import type { Netns } from './netns'

export type Bridge = {
  /** The loopback port in this process's namespace that reaches `port` inside. */
  portFor: (port: number) => number
  close: () => Promise<void>
}

/** Bridges the namespace's loopback `ports` to free loopback ports here. */
export async function bridge(ns: Netns, ports: number[]): Promise<Bridge> {
  const script = path.join(import.meta.dirname, 'ns-forward.mjs')
  const [cmd, args] = ns.argv(process.execPath, [script, ns.dir, ...ports.map(String)])
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`ns-forward exited (${code})`)))
    child.stdout!.once('data', () => resolve())
  })
  const servers = new Map<number, net.Server>()
  const local = new Map<number, number>()
  const open = new Set<net.Socket>()
  for (const port of ports) {
    const server = net.createServer((client) => {
      open.add(client)
      client.once('close', () => open.delete(client))
      const upstream = net.connect(path.join(ns.dir, `${port}.sock`))
      client.pipe(upstream).pipe(client)
      const close = () => {
        client.destroy()
        upstream.destroy()
      }
      client.on('error', close)
      upstream.on('error', close)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    servers.set(port, server)
    local.set(port, (server.address() as net.AddressInfo).port)
  }
  return {
    portFor: (port) => {
      const p = local.get(port)
      if (p === undefined) throw new Error(`port ${port} is not bridged`)
      return p
    },
    close: async () => {
      child.kill('SIGTERM')
      for (const socket of open) socket.destroy()
      for (const server of servers.values()) {
        await new Promise<void>((resolve) => server.close(() => resolve()))
      }
    },
  }
}
