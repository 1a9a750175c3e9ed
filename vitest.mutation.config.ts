// The pure safety modules' tests in plain Node, for StrykerJS (`npm run test:mutation`): the
// Workers pool cannot host Stryker's instrumented code, so the tests that need no Worker runtime
// (test/worker/pure/**, and the grant policy's own test) also run here. They run in the Workers
// suite too, as part of `npm test`. MUTATION_GROUP (set by scripts/mutation.mjs) narrows the run
// to one group's tests, so each mutant runs only the tests written for its module.
import { defineConfig } from 'vitest/config'
import { MUTATION_GROUPS } from './scripts/mutation-groups.mjs'

const group = process.env.MUTATION_GROUP
const include = group
  ? (MUTATION_GROUPS[group]?.tests ?? [])
  : Object.values(MUTATION_GROUPS).flatMap((g) => g.tests)

export default defineConfig({
  test: {
    environment: 'node',
    include: [...new Set(include)],
  },
})
