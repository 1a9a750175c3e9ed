// Runs inside a test's network namespace: for each TCP port given, listens on a Unix socket
// `<dir>/<port>.sock` and pipes every connection to 127.0.0.1:<port> there. Unix sockets live in
// the file system, not in a namespace, so the test process outside can reach wrangler dev and
// livekit-server inside without any address outside loopback. Prints "ready" once listening.
import net from 'node:net'
import path from 'node:path'

const [dir, ...ports] = process.argv.slice(2)
let listening = 0
for (const port of ports) {
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), '127.0.0.1')
    client.pipe(upstream).pipe(client)
    const close = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on('error', close)
    upstream.on('error', close)
  })
  server.listen(path.join(dir, `${port}.sock`), () => {
    if (++listening === ports.length) console.log('ready')
  })
}
