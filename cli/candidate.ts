/**
 * `examcheck candidate <claim> <module>`: a student's answer checked against a claim, in a child
 * process with a time limit and a memory limit, so a candidate that loops or allocates without
 * bound is stopped and reported, and the harness itself never hangs. This is isolation from
 * mistakes, not a security sandbox: untrusted code belongs in a container, as on Gradescope.
 */
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Trial } from '../reports/schema.ts';

export type CandidateOutcome =
  | { kind: 'checked'; trial: Trial; seed: number; profile: string }
  | { kind: 'unusable'; reason: string };

export interface Limits {
  timeMs: number;
  memoryMb: number;
}

const WORKER = fileURLToPath(new URL('candidate-worker.ts', import.meta.url));
const TSX = fileURLToPath(import.meta.resolve('tsx'));

/** Resident memory of a process in MB, from /proc (0 where /proc is not there). */
function residentMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

export function runCandidate(
  claimId: string,
  modulePath: string,
  options: { seed?: string; profile?: string; path?: string },
  limits: Limits,
): Promise<CandidateOutcome> {
  return new Promise((resolve) => {
    const child = fork(WORKER, [claimId, modulePath, options.seed ?? '', options.profile ?? '', options.path ?? ''], {
      execArgv: ['--import', TSX, `--max-old-space-size=${limits.memoryMb}`],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let outcome: CandidateOutcome | undefined;
    const stop = (reason: string) => {
      outcome ??= { kind: 'unusable', reason };
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(`stopped by the time limit: still running after ${limits.timeMs / 1000} s (an infinite loop?)`), limits.timeMs);
    // typed arrays live outside V8's heap, so the heap limit alone does not bound them
    const watch = setInterval(() => {
      if (residentMb(child.pid!) > limits.memoryMb * 1.5) stop(`stopped by the memory limit: over ${Math.round(limits.memoryMb * 1.5)} MB resident`);
    }, 20);
    child.on('message', (m: CandidateOutcome) => (outcome ??= m));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearInterval(watch);
      resolve(
        outcome ?? {
          kind: 'unusable',
          reason:
            code === 134 || signal === 'SIGABRT'
              ? `stopped by the memory limit: the JavaScript heap passed ${limits.memoryMb} MB`
              : `the candidate crashed the checker (exit ${code ?? signal})`,
        },
      );
    });
  });
}

/** Gradescope's autograder results.json for one claim. */
export function gradescopeResults(claimId: string, outcome: CandidateOutcome, statement: string) {
  const passed = outcome.kind === 'checked' && !outcome.trial.failed;
  const output =
    outcome.kind === 'unusable'
      ? `**Could not be checked**: ${outcome.reason}`
      : passed
        ? `**Passed** ${outcome.trial.runs} generated cases (seed ${outcome.seed}, profile ${outcome.profile}).`
        : [
            `**Refuted**: ${outcome.trial.failure}`,
            '',
            'Smallest input that shows it:',
            '```json',
            JSON.stringify(outcome.trial.counterexample, null, 2),
            '```',
            `Replay: \`${outcome.trial.replay}\``,
          ].join('\n');
  return {
    score: passed ? 1 : 0,
    max_score: 1,
    output_format: 'md',
    tests: [{ name: claimId, status: passed ? 'passed' : 'failed', score: passed ? 1 : 0, max_score: 1, output: `> ${statement}\n\n${output}`, output_format: 'md' }],
  };
}
