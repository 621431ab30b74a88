/**
 * Once per `vitest run`: decide the profile and the seed, print them, and put them in the
 * environment, which every test worker and the examcheck reporter then read (via resolveRun).
 * Every temporary folder of the run (the tests' own, and those of the processes they start, some
 * of them killed on purpose) goes in one folder, removed when the run ends.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { describeRun, resolveRun } from './properties/profile.ts';

export default function setup(): () => void {
  const run = resolveRun();
  process.env.EXAMCHECK_SEED = String(run.seed);
  process.env.EXAMCHECK_PROFILE = run.profile.name;
  console.log(describeRun(run));

  const host = tmpdir();
  const dir = mkdtempSync(join(host, 'examcheck-test-'));
  // the examcheck processes the tests start load TypeScript through tsx, which keeps its
  // transforms in tmpdir()/tsx-<uid>: theirs stays the user's (a cold cache costs each 0.5 CPU-s)
  const tsxCache = `tsx-${userInfo().uid}`;
  mkdirSync(join(host, tsxCache), { recursive: true });
  symlinkSync(join(host, tsxCache), join(dir, tsxCache));
  // os.tmpdir() reads TMPDIR when called; workers and their children inherit it
  process.env.TMPDIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
