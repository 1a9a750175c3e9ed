// Runs inside a test's network namespace, between one LiveKit node and wrangler dev: forwards each
// webhook request to 127.0.0.1:<target> unchanged (the signature covers the body) and appends the
// Worker's status to <log>, one line a request, so a test can tell which node's webhooks verified.
//   node webhook-tap.mjs LISTEN_PORT TARGET_PORT LOG_FILE
import { appendFileSync } from 'node:fs'
import http from 'node:http'

const [listen, target, log] = process.argv.slice(2)
http
  .createServer((req, res) => {
    const upstream = http.request(
      { host: '127.0.0.1', port: Number(target), path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        appendFileSync(log, `${answer.statusCode}\n`)
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    upstream.on('error', () => {
      appendFileSync(log, '502\n')
      res.writeHead(502).end()
    })
    req.pipe(upstream)
  })
  .listen(Number(listen), '127.0.0.1', () => console.log('ready'))
