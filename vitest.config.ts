import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take seconds (every claim run whole, candidates in worker processes, claim files
 * on many seeds), slowest first. Vitest orders files by their last durations, but a fresh clone
 * has none and vitest then orders by file size, which would start claims.test.ts (64 lines, the
 * longest) last and leave one core idle for its 10 s: these go first whatever vitest knows.
 */
const SLOW = ['properties/claims.test.ts', 'properties/claim-files.test.ts', 'cli/candidate.test.ts', 'cli/candidate-hostile.test.ts', 'cli/cli.test.ts', 'oracles/checks/gradient.test.ts'];

class SlowFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const k = SLOW.indexOf(relative(this.ctx.config.root, f.moduleId));
      return k < 0 ? SLOW.length : k;
    };
    // a stable sort: the rest keep vitest's order (longest last run first, failed first)
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.stryker-tmp*/**', 'reports/out/**', '**/*.browser.test.ts', '**/*.workflows.test.ts'],
    globalSetup: './vitest.global-setup.ts',
    setupFiles: ['./vitest.setup.ts'],
    reporters: ['default', './reports/vitest-reporter.ts'],
    // a last-resort guard against a hang, never a verdict: runs are bounded by counts, and the
    // slowest honest test or hook (a claim's whole run in its beforeAll, under 3 s on an idle
    // 2-core machine) is 200 times below it, so a machine four times slower or shared with other
    // jobs stays green (`npm run test:loaded` runs the suite beside a busy loop on every core)
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // every core (vitest leaves one idle by default), and the claim registry imported once per
    // worker rather than once per file: together they halve `npm test`'s wall time on 2 cores
    maxWorkers: availableParallelism(),
    isolate: false,
    sequence: { sequencer: SlowFirst },
    // a warm run loads each unchanged module's transform from disk rather than transforming it
    // again (keyed by the file's content and this config; under .cache/, which git ignores, not in
    // node_modules, which worktrees share)
    experimental: { fsModuleCache: true, fsModuleCachePath: '.cache/vitest' },
  },
});
