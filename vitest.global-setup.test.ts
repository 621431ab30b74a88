/** The test run's temporary folder: one per run, and those of runs that did not end their own swept. */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { sweepEnded } from './vitest.global-setup.ts';

test("a run's folder is named by its process; an ended process's folder is swept, a live one's and any other kept", () => {
  const host = mkdtempSync(join(tmpdir(), 'sweep-'));
  // 2^31 − 1 is above any pid_max: no such process (a run killed by Ctrl-C, or whose teardown met a child still writing)
  const [ended, live, other] = [`examcheck-test-${2 ** 31 - 1}-aB3xYz`, `examcheck-test-${process.pid}-aB3xYz`, 'examcheck-test-aB3xYz'];
  for (const name of [ended, live, other]) mkdirSync(join(host, name, 'inner'), { recursive: true });
  sweepEnded(host);
  expect([ended, live, other].map((name) => existsSync(join(host, name)))).toEqual([false, true, true]);
});
