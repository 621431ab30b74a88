import { defineConfig } from 'vitest/config';

/**
 * `npm run test:workflows`: the GitHub workflows' steps executed for real (four fuzz shards, the
 * merge, the job summary), run by `.ci/run`. Kept apart from `npm test` because its shards fuzz
 * every claim twice over (about 15 s in all), which would take `npm test` past its 30 s.
 */
export default defineConfig({
  test: {
    include: ['**/*.workflows.test.ts'],
    exclude: ['node_modules/**', '.stryker-tmp*/**'],
    globalSetup: './vitest.global-setup.ts',
    // a last-resort guard against a hang, never a verdict: the test takes about 15 s on an idle
    // 2-core machine, 40 times below it; its fuzzing is bounded by a count of examples
    testTimeout: 600_000,
  },
});
