// What `npm run dev` prints around wrangler's own output: one address (localhost, the one passkeys
// work on: a passkey is bound to a domain name, never an IP address) and, last, the setup link.

const LOOPBACK_IP = /\b(127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?=:\d+)/g

/** One of wrangler's lines as shown: its own "Ready on" is dropped (the banner replaces it), and
 * any other loopback IP address is written as localhost. */
export function wranglerLine(line) {
  if (isReadyLine(line)) return null
  return line.replace(LOOPBACK_IP, 'localhost')
}

/** Wrangler says it is ready. */
export const isReadyLine = (line) => /Ready on /i.test(line)

/** The closing lines: the one address, then the setup link when there is one. */
export function readyBanner({ origin, setupLink }) {
  const lines = ['', `Havre is running at ${origin}/staff`, '  (open this address: passkeys work only on it)']
  if (setupLink) lines.push('', 'One-time staff setup link (valid 72 h, works once):', `  ${setupLink}`)
  lines.push('')
  return lines
}

/** Pipes a wrangler output stream to `out` line by line; `onReady` once wrangler is ready. */
export function relay(stream, out, onReady) {
  let pending = ''
  stream.on('data', (chunk) => {
    const lines = (pending + chunk).split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) {
      const shown = wranglerLine(line)
      if (shown !== null) out.write(shown + '\n')
      if (isReadyLine(line)) onReady()
    }
  })
}
