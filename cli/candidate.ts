/**
 * `examcheck candidate <claim> <module>`: a student's answer checked against a claim. The answer
 * is computed in one process and judged in another: the module runs in a process of its own, with
 * a time limit, a memory limit and Node's permission model, and receives plain inputs and sends
 * plain outputs; this process never loads it, validates what comes back and decides the verdict.
 * That is no OS sandbox (untrusted code belongs in a container, as on Gradescope), but nothing the
 * module does in its process can make this one pass it.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { markdownCode, markdownText } from '../reports/escape.ts';
import type { Trial } from '../reports/schema.ts';
import { shellWord } from '../properties/run.ts';
import { checkCandidate, type CandidateOptions, type CandidateOutcome } from './candidate-check.ts';
import { questionOf } from './program.ts';

export type { CandidateOutcome };
import type { Limits } from './candidate-process.ts';


/**
 * The command's work: the check (cli/candidate-check.ts) and, with `gradescope`, Gradescope's
 * file. The file is written twice by this process: before the module runs, saying score 0 and
 * that examcheck stopped before a verdict (what stays if the module kills this process: its own
 * process may write no file), and with the outcome, after the module's process group is dead.
 * A write that fails (the path is a folder, no such folder) stops the writes and is returned as
 * `unsaved` (its reason), never thrown: the caller prints the verdict first, then says so.
 */
export async function runCandidate(
  claimId: string,
  modulePath: string,
  options: CandidateOptions,
  limits: Limits,
  gradescope?: { readonly file: string; readonly statement: string },
): Promise<{ outcome: CandidateOutcome; unsaved?: string }> {
  let unsaved: string | undefined;
  const write = (outcome: CandidateOutcome) => {
    if (!gradescope || unsaved !== undefined) return;
    try {
      writeFileSync(gradescope.file, `${JSON.stringify(gradescopeResults(claimId, outcome, gradescope.statement), null, 2)}\n`);
    } catch (e) {
      unsaved = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    }
  };
  write({ kind: 'unusable', reason: 'examcheck stopped before it reached a verdict' });
  const outcome: CandidateOutcome = existsSync(modulePath) ? checkCandidate(claimId, modulePath, options, limits) : { kind: 'unusable', reason: `no module at ${modulePath}` };
  // the trial's replay names `examcheck replay`, which runs claims' own answers: a module's is this command
  const replayed: CandidateOutcome =
    outcome.kind === 'checked' && outcome.trial.failed ? { ...outcome, trial: { ...outcome.trial, replay: candidateReplay(claimId, modulePath, outcome.profile, outcome.seed, outcome.trial.path) } } : outcome;
  write(replayed);
  return { outcome: replayed, unsaved };
}

/** The command that replays a refuted module's failing case. */
export const candidateReplay = (claimId: string, modulePath: string, profile: string, seed: number, path: string | null) =>
  `npx examcheck candidate ${claimId} ${shellWord(modulePath)} --profile ${profile} --seed ${seed} --path ${path}`;

/** Gradescope's autograder results.json for one claim, under the claim's question (questionOf: never the exam's answer). */
export function gradescopeResults(claimId: string, outcome: CandidateOutcome, statement: string) {
  const passed = outcome.kind === 'checked' && !outcome.trial.failed;
  const output =
    outcome.kind === 'unusable'
      ? `**Could not be checked**: ${markdownText(outcome.reason)}`
      : passed
        ? `**Passed** ${outcome.trial.runs} generated cases (seed ${outcome.seed}, profile ${outcome.profile}).`
        : [
            `**Refuted**: ${markdownText(outcome.trial.failure)}`,
            '',
            'Smallest input that shows it:',
            ...codeBlock(JSON.stringify(outcome.trial.counterexample, null, 2)),
            `Replay: ${markdownCode(outcome.trial.replay)}`,
          ].join('\n');
  const question = questionOf(statement);
  return {
    score: passed ? 1 : 0,
    max_score: 1,
    output_format: 'md',
    tests: [{ name: claimId, status: passed ? 'passed' : 'failed', score: passed ? 1 : 0, max_score: 1, output: `${question === null ? '' : `> ${question}\n\n`}${output}`, output_format: 'md' }],
  };
}

/** A fenced JSON block whose fence is longer than any run of backticks in the data (CommonMark §4.5). */
function codeBlock(text: string): string[] {
  const fence = '`'.repeat(Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length)) + 1);
  return [`${fence}json`, text, fence];
}
