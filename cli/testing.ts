/**
 * Running the examcheck command from tests: in this process (fast: no Node start-up, no module
 * loading), or as a real process where what is tested is the process itself (exit codes as the
 * shell sees them, signals, a replay from scratch).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import type { CandidateOutcome } from './candidate.ts';
import { main } from './main.ts';

export const root = fileURLToPath(new URL('..', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment a run gets: this one without the test run's seed and profile, plus `env`. */
function environment(env: Record<string, string>): NodeJS.ProcessEnv {
  const { EXAMCHECK_SEED, EXAMCHECK_PROFILE, ...rest } = process.env;
  return { ...rest, ...env };
}

export function examcheckProcess(args: string[], env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, ['bin/examcheck.js', ...args], { cwd: root, encoding: 'utf8', env: environment(env) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** main() with its console output captured; the environment is swapped for the call and restored. */
export async function examcheck(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const saved = { env: process.env, log: console.log, error: console.error };
  let stdout = '';
  let stderr = '';
  process.env = environment(env);
  console.log = (...xs: unknown[]) => void (stdout += `${format(...xs)}\n`);
  console.error = (...xs: unknown[]) => void (stderr += `${format(...xs)}\n`);
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    Object.assign(console, { log: saved.log, error: saved.error });
    process.env = saved.env;
  }
}

/** The verdict line `examcheck candidate` prints for an outcome, and its exit code. */
export function verdict(outcome: CandidateOutcome): [number, string] {
  if (outcome.kind === 'unusable') return [2, `cannot be checked: ${outcome.reason}`];
  return outcome.trial.failed ? [1, `refuted: ${outcome.trial.failure}`] : [0, `the candidate passes ${outcome.trial.runs} cases`];
}
