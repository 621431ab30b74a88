/** examcheck candidate on every example under examples/candidates: the verdict, the exit code, Gradescope's file. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { gradescopeResults, type CandidateOutcome } from './candidate.ts';
import { checkCandidate } from './candidate-check.ts';
import { examcheck, examcheckProcess, root } from './testing.ts';

async function candidate(claim: string, file: string, ...extra: string[]) {
  const gradescope = join(mkdtempSync(join(tmpdir(), 'examcheck-gs-')), 'results.json');
  const started = performance.now();
  const r = await examcheck(['candidate', claim, join(root, 'examples/candidates', file), '--gradescope', gradescope, ...extra]);
  return { code: r.code, out: r.stdout + r.stderr, seconds: (performance.now() - started) / 1000, gradescope: JSON.parse(readFileSync(gradescope, 'utf8')) };
}

/** The verdict line `examcheck candidate` prints for an outcome, and its exit code. */
function verdict(outcome: CandidateOutcome): [number, string] {
  if (outcome.kind === 'unusable') return [2, `cannot be checked: ${outcome.reason}`];
  return outcome.trial.failed ? [1, `refuted: ${outcome.trial.failure}`] : [0, `the candidate passes ${outcome.trial.runs} cases`];
}

describe('every example candidate', () => {
  // checked in this process: the worker process that isolates a candidate is tested below
  test.each([
    ['P1.numpy', 'simplenorm-correct.ts', 0, /the candidate passes 100 cases/],
    ['P1.numpy', 'simplenorm-pairwise.ts', 0, /the candidate passes 100 cases/],
    ['P1.numpy', 'simplenorm-b-grad-1e-12.ts', 1, /refuted: B\.grad\[1\]: .*error 1\.00e-12/],
    ['P1.numpy', 'simplenorm-throws.ts', 1, /refuted: the answer threw: TODO: backward/],
    ['P1.numpy', 'simplenorm-nan.ts', 1, /refuted: L\.grad\[1, 1, 1, 1\] is (NaN|-?Infinity)/],
    ['P1.numpy', 'simplenorm-wrong-shape.ts', 2, /cannot be checked: the module exports the wrong shape: expected a class/],
    ['P6.bias', 'init-correct.ts', 0, /the candidate passes 100 cases/],
    ['P6.scale', 'init-correct.ts', 0, /the candidate passes 100 cases/],
    ['P6.scale', 'init-no-cross-term.ts', 1, /refuted: at d = 1, mu_w = 0, mu_x = 0, sigma_w = 1, sigma_x = 1: 1\/a = 1, the answer gives 0$/],
    ['P5.hvp', 'hvp-complex-step.ts', 0, /the candidate passes 100 cases/],
    ['P5.hvp', 'hvp-real-part.ts', 1, /refuted: ℓ = θ0: /],
    ['P3.beta2', 'beta2-corrected-window.ts', 0, /the candidate passes 400 cases/], // runScale 4: see properties/p3.ts
    ['P3.beta2', 'beta2-default.ts', 1, /refuted: ε = .*relative standard deviation/],
    ['P8.half-dropout', 'scale-half-dropout.ts', 0, /the candidate passes 100 cases/],
    ['P8.half-dropout', 'scale-dropout.ts', 1, /refuted: α = /],
    ['P4.stationary', 'stationary-residual.ts', 0, /the candidate passes 100 cases/],
    ['P4.stationary', 'stationary-l1.ts', 1, /refuted: ℓ = /],
  ])('%s %s: exit %i', async (claim, file, code, message) => {
    const outcome = await checkCandidate(claim, join(root, 'examples/candidates', file), {});
    const [exit, line] = verdict(outcome);
    expect(exit, line).toBe(code);
    expect(line).toMatch(message);
    expect(gradescopeResults(claim, outcome, '')).toMatchObject({ score: code === 0 ? 1 : 0, max_score: 1, tests: [{ name: claim, status: code === 0 ? 'passed' : 'failed' }] });
  });
});

describe('examcheck candidate', () => {
  test('no such module: cannot be checked, exit 2, and a Gradescope file all the same', async () => {
    const r = await candidate('P1.numpy', 'no-such-file.ts');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/cannot be checked: no module at /);
    expect(r.gradescope).toMatchObject({ score: 0, tests: [{ name: 'P1.numpy', status: 'failed' }] });
  });

  test('a refuted candidate prints a replay command that reproduces it', async () => {
    const r = await candidate('P1.numpy', 'simplenorm-b-grad-1e-12.ts');
    const replay = r.out.match(/^replay: npx examcheck (.*)$/m)![1].split(' ');
    const again = examcheckProcess(replay);
    expect(again.code).toBe(1);
    expect(again.stdout.split('\n').slice(0, 2)).toEqual(r.out.split('\n').slice(0, 2));
    expect(r.gradescope.tests[0].output).toContain(JSON.stringify(JSON.parse(r.out.match(/^counterexample: (.*)$/m)![1]), null, 2));
  });

  test('a candidate that loops forever is stopped by the time limit, within a few seconds of it', async () => {
    const r = await candidate('P1.numpy', 'simplenorm-loops-forever.ts', '--timeout', '3s');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/cannot be checked: stopped by the time limit: still running after 3 s/);
    expect(r.seconds).toBeLessThan(3 + 5);
    expect(r.gradescope.tests[0].output).toMatch(/Could not be checked.*time limit/);
  });

  test('a candidate that allocates 10 GB is stopped by the memory limit', async () => {
    const r = await candidate('P1.numpy', 'simplenorm-allocates.ts', '--memory', '256');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/cannot be checked: stopped by the memory limit/);
    expect(r.gradescope.tests[0].output).toMatch(/Could not be checked.*memory limit/);
  });

  test('a claim with no candidate interface is a usage error naming those that have one', async () => {
    const r = await examcheck(['candidate', 'P7.highway', 'x.ts']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^examcheck: P7\.highway takes no candidate module: the claims that do are P1\.numpy, /);
  });
});
