// `npm test`: build the web client, run the Workers-runtime suite, the Chromium suite and the network
// suite (test/network), then print one closing line, "tests: N passed, N failed", over them all.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { root } from './wrangler.mjs'

const bin = (name) => path.join(root, 'node_modules', '.bin', name)
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1

const out = mkdtempSync(path.join(os.tmpdir(), 'havre-test-'))
let status = run(bin('vite'), ['build', '--config', 'web/vite.config.ts'])
let passed = 0
let failed = 0
for (const [name, config] of [
  ['worker', 'vitest.config.ts'],
  ['browser', 'test/browser/vitest.config.ts'],
  // Media on impaired networks and a two-node LiveKit cluster, in network namespaces (needs root).
  ['network', 'test/network/vitest.config.ts'],
]) {
  if (status !== 0) break
  const report = path.join(out, `${name}.json`)
  const args = ['run', '--config', config, '--reporter=default', '--reporter=json']
  status = run(bin('vitest'), [...args, `--outputFile.json=${report}`])
  try {
    const json = JSON.parse(readFileSync(report, 'utf8'))
    passed += json.numPassedTests
    failed += json.numFailedTests
  } catch {
    failed += 1
  }
}
rmSync(out, { recursive: true, force: true })
console.log(`tests: ${passed} passed, ${failed} failed`)
process.exit(status === 0 && failed === 0 && passed > 0 ? 0 : 1)
