// What StrykerJS mutates, group by group, and the Node-side tests that must notice each mutant.
// A group's mutants run only its own tests (static mutants, such as a schema's declaration, run
// every test of their group), which keeps the whole run within minutes on two cores.
export const MUTATION_GROUPS = {
  protocol: {
    mutate: ['worker/protocol/**/*.ts'],
    tests: ['test/worker/pure/protocol-schemas.test.ts', 'test/worker/pure/protocol-texts-staff.test.ts'],
    // valibot's inferred types make each TypeScript check of a schema mutant take seconds; here
    // every mutant goes to the tests instead (one that would not compile is then killed or survives
    // on its merits, so the score is no higher for it).
    typecheck: false,
  },
  room: {
    // The room's pure core (issue 12): the step function and every rule it applies. Its tests drive
    // step() directly, plus a short run of the seeded simulation.
    mutate: ['worker/room/core/*.ts'],
    tests: ['test/worker/pure/room-core-*.test.ts'],
    // About a thousand mutants: a TypeScript check of each would take longer than the tests.
    typecheck: false,
  },
  livekit: {
    mutate: ['worker/livekit/grant-policy.ts', 'worker/livekit/token.ts'],
    tests: ['test/worker/livekit-grants.test.ts', 'test/worker/pure/tokens.test.ts'],
  },
  headers: {
    mutate: ['worker/middleware/security-headers.ts'],
    tests: ['test/worker/pure/security-headers.test.ts'],
  },
  'chat-crypto': {
    mutate: ['web/src/lib/chat-crypto.ts'],
    tests: ['test/worker/pure/chat-crypto.test.ts'],
  },
}

/** The recorded score: `npm run test:mutation` fails below it. */
export const MUTATION_FLOOR = 90
