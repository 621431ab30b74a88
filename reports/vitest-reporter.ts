/**
 * The examcheck reporter for vitest: collects the ClaimResult each claim's test attaches to its
 * meta, and writes the same report `examcheck check` writes (results.json, summary.md,
 * report.html under reports/out/<run>/).
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { resolveRun } from '../properties/profile.ts';
import { resultsOf, type ClaimResult } from './schema.ts';
import { writeReport } from './write.ts';

declare module '@vitest/runner' {
  interface TaskMeta {
    examcheck?: ClaimResult;
  }
}

export default class ExamcheckReporter implements Reporter {
  private startedAt = new Date().toISOString();

  onTestRunStart(): void {
    this.startedAt = new Date().toISOString();
    // the report's renderer (vega, KaTeX: half a second to load) loads while the tests run, not
    // after them, when one core would do it alone (writeReport imports it again, from the cache)
    void import('./html.ts');
  }

  onTestCaseResult(testCase: TestCase): void {
    // its plots rendered now, while the workers run, rather than at the end, one core alone
    // (vega: half a second for the seed exam's)
    const plots = testCase.meta().examcheck?.measurements.flatMap((m) => (m.plot ? [m.plot] : [])) ?? [];
    if (plots.length > 0) void import('./plots.ts').then(({ plotToSvg }) => plots.forEach((p) => plotToSvg(p).catch(() => undefined))); // a plot that fails fails the report's writing, which awaits it
  }

  async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    // in the order claims.test.ts runs them, the registry's; not imported here, where reading
    // every exam folder would hold up the workers' start by a third of a second
    const claims = testModules
      .flatMap((m) => [...m.children.allTests()])
      .map((t) => t.meta().examcheck)
      .filter((c): c is ClaimResult => c !== undefined);
    if (claims.length === 0) return;
    const run = resolveRun();
    const results = resultsOf({ seed: run.seed, profile: run.profile.name, startedAt: this.startedAt, claims });
    console.log(`examcheck report: ${await writeReport(results)}`);
  }
}
