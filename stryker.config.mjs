// StrykerJS over the safety code that runs in plain Node (`npm run test:mutation`, which runs
// scripts/mutation.mjs): each mutant is a small change to a safety module; a mutant the tests do
// not notice "survives". The Workers pool cannot host Stryker, so the tests are the Node-side ones
// (vitest.mutation.config.ts). MUTATION_GROUP picks one group of scripts/mutation-groups.mjs.
// Surviving mutants and why each is accepted: docs/mutation-testing.md.
import { writeFileSync } from 'node:fs'
import { MUTATION_GROUPS } from './scripts/mutation-groups.mjs'

const group = process.env.MUTATION_GROUP ?? 'protocol'
// MUTATION_MUTATE (a JSON list such as ["worker/room/core/step.ts:40-42"]) re-runs only those lines
// of the group, into reports/mutation/<group>.lines.json: checking new tests against survivors.
const lines = process.env.MUTATION_MUTATE ? JSON.parse(process.env.MUTATION_MUTATE) : undefined

// The TypeScript checker's program: only this group's modules (and what they import), so a
// mutant is type-checked in a fraction of the time the whole project would take. Generated here,
// git-ignored.
const tsconfigFile = `.tsconfig.mutation.${group}.json`
writeFileSync(
  tsconfigFile,
  JSON.stringify({ extends: './tsconfig.json', include: MUTATION_GROUPS[group].mutate }, null, 2) + '\n',
)

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: lines ?? MUTATION_GROUPS[group].mutate,
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  checkers: MUTATION_GROUPS[group].typecheck === false ? [] : ['typescript'],
  tsconfigFile,
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  concurrency: Number(process.env.MUTATION_CONCURRENCY) || 1,
  reporters: ['clear-text', 'json', 'progress-append-only'],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  jsonReporter: { fileName: `reports/mutation/${group}${lines ? '.lines' : ''}.json` },
  // Only what the runs need: not the build, the browser tests or the benchmarks.
  ignorePatterns: ['.stryker-tmp', 'web/dist', 'reports', '.wrangler', 'test/browser', 'test/bench', 'docs', 'migrations'],
  thresholds: { high: 95, low: 90, break: null },
  tempDirName: `.stryker-tmp/${group}${lines ? '-lines' : ''}`,
  cleanTempDir: 'always',
  warnings: { slow: false },
}
