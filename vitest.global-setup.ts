/**
 * Once per `vitest run`: decide the profile and the seed, print them, and put them in the
 * environment, which every test worker and the examcheck reporter then read (via resolveRun).
 * Every temporary folder of the run (the tests' own, and those of the processes they start, some
 * of them killed on purpose) goes in one folder, removed when the run ends (in the background); named by the run's
 * process, so that a later run removes it where the process ended without its teardown (sweepEnded).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliBundle } from './bin/cli-bundle.js';
import { describeRun, resolveRun } from './properties/profile.ts';

export default function setup(): () => Promise<void> {
  const run = resolveRun();
  process.env.EXAMCHECK_SEED = String(run.seed);
  process.env.EXAMCHECK_PROFILE = run.profile.name;
  console.log(describeRun(run));

  const host = tmpdir();
  sweepEnded(host);
  const dir = mkdtempSync(join(host, `examcheck-test-${process.pid}-`));
  // in the background (half a second on a fresh clone) while vitest starts its workers: the first
  // examcheck process a test starts comes seconds later, and one that found it unbuilt would build its own
  const bundled = prebuildCommand();
  // os.tmpdir() reads TMPDIR when called; workers and their children inherit it
  process.env.TMPDIR = dir;
  // removed by a process of its own that outlives the run: 0.45 s of removing a few thousand
  // files, one core alone at the end of every npm test, is not the verdict's (a removal it cannot
  // finish, a child still writing, is the next run's sweep)
  return async () => {
    await bundled;
    spawn(process.execPath, ['-e', 'require("node:fs").rmSync(process.argv[1], { recursive: true, force: true })', dir], { detached: true, stdio: 'ignore' }).unref();
  };
}

/**
 * The examcheck command bundled (bin/cli-bundle.js: an entry and its chunks), built once here where a file of it
 * changed, rather than by each of the examcheck processes the tests start, several at once. A
 * build that fails (a syntax error in one file, a checkout that cannot be written) is left to
 * those processes, which report it, so that it fails the tests that run the command, not the
 * whole run before any test.
 */
export async function prebuildCommand(entry?: string, dir?: string): Promise<void> {
  try {
    await cliBundle(entry, dir);
  } catch {
    // each examcheck process meets it again and says so (bin/examcheck.js)
  }
}

/**
 * Remove host's run folders whose process has ended: a run stopped by Ctrl-C or SIGTERM never
 * tears down, and a teardown meeting a child still writing (a Chromium left by a failed launch)
 * fails on the non-empty folder. A live process's folder is another run's, kept (so is any
 * folder not named by a process).
 */
export function sweepEnded(host: string): void {
  for (const name of readdirSync(host)) {
    const pid = /^examcheck-test-(\d+)-/.exec(name)?.[1];
    if (pid === undefined || alive(Number(pid))) continue;
    try {
      rmSync(join(host, name), { recursive: true, force: true });
    } catch {
      // another user's (a shared /tmp): theirs to remove
    }
  }
}

/** Whether a process exists (signal 0 only asks; EPERM: it exists and is another user's). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
