/**
 * examcheck candidate on every example under examples/candidates (from the project, and copied to
 * a folder with no node_modules): the verdict, the exit code, Gradescope's file, among them
 * modules that try to pass without a right answer (vacuous outputs, forged messages, patched
 * globals). Hostile modules, a killed checker, the command and its limits: candidate-hostile.test.ts
 * (two files, so that vitest's two workers share the candidates' processes).
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { gradescopeResults } from './candidate.ts';
import { checkCandidate } from './candidate-check.ts';
import { root, verdict } from './testing.ts';

const EXAMPLES = join(root, 'examples/candidates');
/** This file's temporary folders, all in one, removed at the end. */
const TEMP = mkdtempSync(join(tmpdir(), 'examcheck-candidate-test-'));
afterAll(() => rmSync(TEMP, { recursive: true, force: true }));
const temporary = (name: string) => mkdtempSync(join(TEMP, `${name}-`));
/** The examples copied where a student's folder is: outside the project, no node_modules anywhere above. */
const OUTSIDE = temporary('student');
cpSync(EXAMPLES, OUTSIDE, { recursive: true });

const EXPECTED: [string, string, number, RegExp][] = [
  ['P1.numpy', 'simplenorm-correct.ts', 0, /the candidate passes 30 cases/],
  ['P1.forward', 'simplenorm-correct.ts', 0, /the candidate passes 30 cases/],
  ['P1.backward', 'simplenorm-correct.ts', 0, /the candidate passes 30 cases/],
  ['P1.numpy', 'simplenorm-pairwise.ts', 0, /the candidate passes 30 cases/],
  ['P1.numpy', 'simplenorm-b-grad-1e-12.ts', 1, /refuted: B\.grad\[1\]: .*error 1\.00e-12/],
  ['P1.numpy', 'simplenorm-throws.ts', 1, /refuted: the answer threw: TODO: backward/],
  ['P1.numpy', 'simplenorm-nan.ts', 1, /refuted: L\.grad\[1, 1, 1, 1\] is (NaN|-?Infinity)/],
  ['P1.numpy', 'simplenorm-wrong-shape.ts', 2, /cannot be checked: the module exports the wrong shape: expected a class/],
  // issue 16, item 1: the vacuous candidate, refuted for every claim it could game
  ['P1.forward', 'simplenorm-vacuous.ts', 1, /refuted: value should have shape \(1,1,1,1\), the answer left \(0,0,0,0\)$/],
  ['P1.backward', 'simplenorm-vacuous.ts', 1, /refuted: L\.grad \(shape \(1,1,1,1\)\) should have 1 values, the answer gave 0 values$/],
  ['P1.numpy', 'simplenorm-vacuous.ts', 1, /refuted: L\.grad \(shape \(1,1,1,1\)\) should have 1 values, the answer gave 0 values$/],
  // issue 16, item 2: forged messages and patched globals are judged by the answers alone
  ['P1.numpy', 'simplenorm-forges-verdict.ts', 1, /refuted: B\.grad\[1\]: .*error 1\.00e-12/],
  ['P1.backward', 'simplenorm-patches-math.ts', 1, /refuted: B\.grad\[1\]: .*the exact gradient is -?1 \(error 1\.00e-12/],
  ['P1.numpy', 'simplenorm-patches-globals.ts', 0, /the candidate passes 30 cases/],
  ['P1.numpy', 'simplenorm-patches-globals-off.ts', 1, /refuted: B\.grad\[1\]: .*error 1\.00e-12/],
  ['P6.bias', 'init-correct.ts', 0, /the candidate passes 30 cases/],
  ['P6.scale', 'init-correct.ts', 0, /the candidate passes 30 cases/],
  ['P6.scale', 'init-no-cross-term.ts', 1, /refuted: at d = 1, mu_w = 0, mu_x = 0, sigma_w = 1, sigma_x = 1: 1\/a = 1, the answer gives 0$/],
  ['P5.hvp', 'hvp-complex-step.ts', 0, /the candidate passes 30 cases/],
  ['P5.hvp', 'hvp-plain-values.mts', 0, /the candidate passes 30 cases/],
  ['P5.hvp', 'hvp-real-part.ts', 1, /refuted: ℓ = θ0: /],
  ['P3.beta2', 'beta2-corrected-window.ts', 0, /the candidate passes 120 cases/], // runScale 4: see properties/p3.ts
  ['P3.beta2', 'beta2-default.ts', 1, /refuted: ε = .*relative standard deviation/],
  ['P8.half-dropout', 'scale-half-dropout.ts', 0, /the candidate passes 30 cases/],
  ['P8.half-dropout', 'scale-dropout.ts', 1, /refuted: α = /],
  // issue 21, items 6–9: an optimizer, a training rule with its test rule, a module's own gradient code, its own second-moment rule
  ['P2.equivalence', 'optimizer-smoothing.ts', 0, /the candidate passes 30 cases/],
  ['P2.equivalence', 'optimizer-swapped.ts', 1, /refuted: μ = 0, η = 1: the trajectories part at step 1: Θ\^1 = 0, but the exam's momentum .* gives -?\d+ \(off by /],
  ['P8.half-dropout', 'dropout-inverted.ts', 0, /the candidate passes 30 cases/],
  // shrunk to α = 1/2 (training by 2), or to α = 1, where 1/(1 − α) is infinite
  ['P8.half-dropout', 'dropout-keep-rate.ts', 1, /refuted: (α = .*, training scales by .* and testing by 1: y_1 = .* but Relu\(E_train\[.*·Σ_j W_1j μ_j x_j\]\) = |the training factor is Infinity, not a finite number$)/],
  ['P5.hvp', 'grad-safe.ts', 0, /the candidate passes 30 cases/],
  ['P5.hvp', 'grad-naive-abs.ts', 1, /refuted: Θ = \(.*\), ΔΘ = \(.*\): Im\[Θ\.grad@\(Θ \+ iεΔΘ\)\]\/ε gives .* but the Hessian of ℓ gives /],
  ['P3.beta2', 'moment-corrected-window.ts', 0, /the candidate passes 30 cases/],
  ['P3.beta2', 'moment-skip-zero.ts', 1, /refuted: ε = .*: the rule's s averages .* at stationarity, but E\[g²\] = /],
  ['P4.stationary', 'stationary-residual.ts', 0, /the candidate passes 30 cases/],
  ['P4.stationary', 'stationary-l1.ts', 1, /refuted: at theta = .* line 1 \(.*\) is 0 and the answer gives .*: the condition holds under one form and not the other$/],
];

describe('every example candidate, where a student keeps it: a folder outside the project with no node_modules', () => {
  test('every example is in the table', () => {
    expect(new Set(EXPECTED.map(([, file]) => file))).toEqual(new Set(readdirSync(EXAMPLES).filter((f) => !/loops-forever|allocates/.test(f))));
  });

  // issue 21, item 2: the table is the examples' verdicts in the project (the tests below run some
  // there); a copy outside it gets each, with bare imports (complex.js) resolved from examcheck's
  // node_modules and .ts/.mts loaded as ES modules. The checker is this process; each module runs in a process of its own.
  // a right answer cannot fail on any profile: the quick one's 30 cases keep the file fast
  test.each(EXPECTED)('%s %s: exit %i', (claim, file, code, message) => {
    const outcome = checkCandidate(claim, join(OUTSIDE, file), { profile: code === 0 ? 'quick' : undefined });
    const [exit, line] = verdict(outcome);
    expect(exit, line).toBe(code);
    expect(line).toMatch(message);
    expect(gradescopeResults(claim, outcome, '')).toMatchObject({ score: code === 0 ? 1 : 0, max_score: 1, tests: [{ name: claim, status: code === 0 ? 'passed' : 'failed' }] });
  });

  test('a module importing complex.js: the same verdict, line for line, in the project and outside it', () => {
    const inside = checkCandidate('P5.hvp', join(EXAMPLES, 'hvp-real-part.ts'), {});
    const seed = inside.kind === 'checked' ? String(inside.seed) : '';
    expect(verdict(checkCandidate('P5.hvp', join(OUTSIDE, 'hvp-real-part.ts'), { seed }))).toEqual(verdict(inside));
  });
});
