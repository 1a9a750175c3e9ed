// StrykerJS over the safety code that runs in plain Node (`npm run test:mutation`, which runs
// scripts/mutation.mjs): each mutant is a small change to a safety module; a mutant the tests do
// not notice "survives". The Workers pool cannot host Stryker, so the tests are the Node-side ones
// (vitest.mutation.config.ts). MUTATION_GROUP picks one group of scripts/mutation-groups.mjs.
// Surviving mutants and why each is accepted: docs/mutation-testing.md.
import { MUTATION_GROUPS } from './scripts/mutation-groups.mjs'

const group = process.env.MUTATION_GROUP ?? 'protocol'

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: MUTATION_GROUPS[group].mutate,
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.mutation.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  concurrency: 2,
  reporters: ['clear-text', 'json'],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  jsonReporter: { fileName: `reports/mutation/${group}.json` },
  // Only what the runs need: not the build, the browser tests or the benchmarks.
  ignorePatterns: ['web/dist', 'reports', '.wrangler', 'test/browser', 'test/bench', 'docs', 'migrations'],
  thresholds: { high: 95, low: 90, break: null },
  tempDirName: `.stryker-tmp/${group}`,
  cleanTempDir: 'always',
  warnings: { slow: false },
}
