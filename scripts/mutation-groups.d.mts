// Types of scripts/mutation-groups.mjs for vitest.mutation.config.ts.
export type MutationGroup = { mutate: string[]; tests: string[]; typecheck?: boolean }
export const MUTATION_GROUPS: Record<string, MutationGroup>
export const MUTATION_FLOOR: number
