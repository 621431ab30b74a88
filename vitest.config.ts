import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.stryker-tmp*/**', 'reports/out/**', '**/*.browser.test.ts'],
    globalSetup: './vitest.global-setup.ts',
    setupFiles: ['./vitest.setup.ts'],
    reporters: ['default', './reports/vitest-reporter.ts'],
    // property runs with exact arithmetic: generous, so a slow CI machine is not a red test (the
    // claims test runs each claim in a beforeAll hook, so hooks get the same allowance)
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // every core (vitest leaves one idle by default), and the claim registry imported once per
    // worker rather than once per file: together they halve `npm test`'s wall time on 2 cores
    maxWorkers: availableParallelism(),
    isolate: false,
  },
});
