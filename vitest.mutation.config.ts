import { defineConfig } from 'vitest/config';

/**
 * `npm run mutate`'s test run: the in-process property and oracle tests only. The CLI tests
 * spawn processes Stryker cannot see into, and would only slow each mutant down; the 2^20-entry
 * scale test takes minutes under Stryker's instrumentation, where small cases kill the same code.
 */
export default defineConfig({
  test: {
    include: ['properties/**/*.test.ts', 'oracles/**/*.test.ts', 'impl/**/*.test.ts'],
    exclude: ['node_modules/**', '.stryker-tmp*/**', 'properties/corpus.test.ts', '**/*.scale.test.ts'],
    globalSetup: './vitest.global-setup.ts',
    setupFiles: ['./vitest.setup.ts', './vitest.mutation.setup.ts'],
    testTimeout: 120_000,
    // a claim's beforeAll (P6.derivation's) runs well past vitest's 10 s default under instrumentation
    hookTimeout: 120_000,
  },
});
