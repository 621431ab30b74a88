/** The test run's temporary folder: one per run, and those of runs that did not end their own swept. */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { prebuildCommand, sweepEnded } from './vitest.global-setup.ts';

test("a run's folder is named by its process; an ended process's folder is swept, a live one's and any other kept", () => {
  const host = mkdtempSync(join(tmpdir(), 'sweep-'));
  // 2^31 − 1 is above any pid_max: no such process (a run killed by Ctrl-C, or whose teardown met a child still writing)
  const [ended, live, other] = [`examcheck-test-${2 ** 31 - 1}-aB3xYz`, `examcheck-test-${process.pid}-aB3xYz`, 'examcheck-test-aB3xYz'];
  for (const name of [ended, live, other]) mkdirSync(join(host, name, 'inner'), { recursive: true });
  sweepEnded(host);
  expect([ended, live, other].map((name) => existsSync(join(host, name)))).toEqual([false, true, true]);
});

test('a command that does not build leaves the run to its tests, which run it and meet the error, rather than failing the whole run', async () => {
  // found by review: a syntax error in cli/main.ts stopped `npx vitest run` of any file, before its first test
  const dir = mkdtempSync(join(tmpdir(), 'prebuild-'));
  writeFileSync(join(dir, 'entry.ts'), 'export const x = ;\n');
  await expect(prebuildCommand(join(dir, 'entry.ts'), join(dir, 'out'))).resolves.toBeUndefined();
  expect(existsSync(join(dir, 'out', 'bundle.mjs'))).toBe(false);
});
