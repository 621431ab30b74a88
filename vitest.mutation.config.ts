import { defineConfig } from 'vitest/config';

/**
 * `npm run mutate`'s test run: the in-process property and oracle tests only. The CLI tests
 * spawn processes Stryker cannot see into, and would only slow each mutant down.
 */
export default defineConfig({
  test: {
    include: ['properties/**/*.test.ts', 'oracles/**/*.test.ts'],
    exclude: ['node_modules/**', '.stryker-tmp/**', 'properties/corpus.test.ts'],
    globalSetup: './vitest.global-setup.ts',
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 120_000,
  },
});
