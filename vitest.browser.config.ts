import { defineConfig } from 'vitest/config';

/** `npm run test:browser`: the report in headless Chromium (kept apart: it needs Chromium). */
export default defineConfig({
  test: {
    include: ['**/*.browser.test.ts'],
    exclude: ['node_modules/**', '.stryker-tmp*/**'],
    globalSetup: './vitest.global-setup.ts',
    testTimeout: 120_000,
  },
});
