import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.stryker-tmp*/**', 'reports/out/**', '**/*.browser.test.ts', '**/*.workflows.test.ts'],
    globalSetup: './vitest.global-setup.ts',
    setupFiles: ['./vitest.setup.ts'],
    reporters: ['default', './reports/vitest-reporter.ts'],
    // a last-resort guard against a hang, never a verdict: runs are bounded by counts, and the
    // slowest honest test or hook (a claim's whole run, about 12 s on an idle 2-core machine) is
    // 50 times below it, so a machine four times slower or shared with other jobs stays green
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // every core (vitest leaves one idle by default), and the claim registry imported once per
    // worker rather than once per file: together they halve `npm test`'s wall time on 2 cores
    maxWorkers: availableParallelism(),
    isolate: false,
  },
});
