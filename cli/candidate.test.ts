/**
 * examcheck candidate: every example under examples/candidates (from the project, and copied to a
 * folder with no node_modules), the verdict, the exit code, Gradescope's file; and a module that
 * tries to pass without a right answer — vacuous outputs, forged messages, patched globals, a
 * forged results file and a killed checker — never does.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { gradescopeResults, type CandidateOutcome } from './candidate.ts';
import { checkCandidate } from './candidate-check.ts';
import { examcheck, examcheckProcess, root } from './testing.ts';

/**
 * The time limit of every run but the time-limit test's own: a guard far above an honest check
 * (about 1 s; 600 s), so a slow or loaded machine never turns a verdict into "stopped by the time limit".
 */
const GUARD = ['--timeout', '600s'];

const EXAMPLES = join(root, 'examples/candidates');
/** This file's temporary folders, all in one, removed at the end. */
const TEMP = mkdtempSync(join(tmpdir(), 'examcheck-candidate-test-'));
afterAll(() => rmSync(TEMP, { recursive: true, force: true }));
const temporary = (name: string) => mkdtempSync(join(TEMP, `${name}-`));
/** The examples copied where a student's folder is: outside the project, no node_modules anywhere above. */
const OUTSIDE = temporary('student');
cpSync(EXAMPLES, OUTSIDE, { recursive: true });

async function candidate(claim: string, file: string, ...extra: string[]) {
  const gradescope = join(temporary('gs'), 'results.json');
  const started = performance.now();
  const r = await examcheck(['candidate', claim, join(EXAMPLES, file), '--gradescope', gradescope, ...(extra.includes('--timeout') ? extra : [...GUARD, ...extra])]);
  return { code: r.code, out: r.stdout + r.stderr, seconds: (performance.now() - started) / 1000, gradescope: JSON.parse(readFileSync(gradescope, 'utf8')) };
}

/** The verdict line `examcheck candidate` prints for an outcome, and its exit code. */
function verdict(outcome: CandidateOutcome): [number, string] {
  if (outcome.kind === 'unusable') return [2, `cannot be checked: ${outcome.reason}`];
  return outcome.trial.failed ? [1, `refuted: ${outcome.trial.failure}`] : [0, `the candidate passes ${outcome.trial.runs} cases`];
}

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

describe('a module cannot pass without a right answer', () => {
  test('a reply of the wrong type or form, a value that is not plain data, a module that crashes or reads a file: refuted or not checked, never passed', () => {
    const dir = temporary('hostile');
    const module = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
    expect(verdict(checkCandidate('P3.beta2', module('string.ts', "export const beta2 = () => '0.5';"), {}))).toEqual([1, expect.stringMatching(/refuted: the answer gives the string "0\.5", not a number$/)]);
    expect(verdict(checkCandidate('P3.beta2', module('fn.ts', 'export const beta2 = () => () => 0.5;'), {}))).toEqual([1, expect.stringMatching(/refuted: the answer threw: it returned a value that is not plain data/)]);
    // it takes over the channel: its replies carry a verdict beside the answer
    const tampers = module('tampers.ts', "process.removeAllListeners('message');\nprocess.on('message', (m: { id: number }) => process.send!({ id: m.id, value: 0.01, verdict: 'passed' }));\nexport const beta2 = () => 0.5;");
    expect(verdict(checkCandidate('P3.beta2', tampers, {}))).toEqual([1, expect.stringMatching(/refuted: the candidate's process sent a reply that is not an answer$/)]);
    const crashes = module('crashes.ts', "setTimeout(() => { throw new Error('late'); });\nexport const beta2 = () => 0.5;");
    // the crash may end the process before or while the request is written: either way not checked, never passed
    expect(verdict(checkCandidate('P3.beta2', crashes, {}))).toEqual([2, expect.stringMatching(/^cannot be checked: the candidate's process (ended before answering \(exit 1\): Error: late|closed its channel \(write EPIPE\))$/)]);
    expect(verdict(checkCandidate('P3.beta2', module('syntax.ts', 'export const beta2 = (=> 0.5;'), {}))).toEqual([2, expect.stringMatching(/^cannot be checked: the module does not load: .*syntax\.ts:1: /)]);
    expect(verdict(checkCandidate('P3.beta2', module('reads.ts', "import { readFileSync } from 'node:fs';\nreadFileSync('/etc/hostname');\nexport const beta2 = () => 0.5;"), {}))).toEqual([2, expect.stringMatching(/^cannot be checked: the module does not load: Access to this API has been restricted/)]);
    // a CommonJS module is read as such, wherever it is
    expect(verdict(checkCandidate('P3.beta2', module('window.cjs', 'module.exports = { beta2: (eps, b) => Math.max(0, 1 - (b * eps) / 20) };'), { profile: 'quick' }))).toEqual([0, 'the candidate passes 120 cases']);
  });

  test('a forged full-score results file, then the checker killed: Gradescope still reads score 0', () => {
    const dir = temporary('forger');
    const results = join(dir, 'results.json');
    const forged = { score: 1, max_score: 1, tests: [{ name: 'P1.numpy', status: 'passed', score: 1, max_score: 1 }] };
    writeFileSync(
      join(dir, 'forger.ts'),
      [
        "import { writeFileSync } from 'node:fs';",
        `try { writeFileSync(${JSON.stringify(results)}, ${JSON.stringify(JSON.stringify(forged))}); } catch {}`,
        "process.kill(process.ppid, 'SIGKILL');",
        "export { SimpleNorm } from '" + join(EXAMPLES, 'simplenorm-b-grad-1e-12.ts') + "';",
      ].join('\n'),
    );
    // its temporary folder too: a killed checker cannot remove it
    const r = examcheckProcess(['candidate', 'P1.numpy', join(dir, 'forger.ts'), '--gradescope', results], { TMPDIR: dir });
    expect(r.code).toBeNull(); // the checker was killed
    expect(JSON.parse(readFileSync(results, 'utf8'))).toMatchObject({ score: 0, tests: [{ status: 'failed', output: expect.stringContaining('examcheck stopped before it reached a verdict') }] });
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
    // run by main in this process: the candidate is checked from scratch all the same, in a worker process of its own
    const again = await examcheck([...replay, ...GUARD]);
    expect(again.code).toBe(1);
    expect(again.stdout.split('\n').slice(0, 2)).toEqual(r.out.split('\n').slice(0, 2));
    expect(r.gradescope.tests[0].output).toContain(JSON.stringify(JSON.parse(r.out.match(/^counterexample: (.*)$/m)![1]), null, 2));
    // Gradescope's replay is the module's command too, not `examcheck replay` (which runs the claim's own answers)
    expect(r.gradescope.tests[0].output).toMatch(/Replay: `npx examcheck candidate P1\.numpy \S+simplenorm-b-grad-1e-12\.ts --profile \w+ --seed -?\d+ --path [\d:]+`/);
  });

  test('a candidate that loops forever is stopped by the time limit', async () => {
    const r = await candidate('P1.numpy', 'simplenorm-loops-forever.ts', '--timeout', '1s');
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/cannot be checked: stopped by the time limit: still running after 1 s/);
    // a last-resort bound, not a measurement: the honest run ends at the limit (1 s) plus a kill,
    // so 30 s is 30 times above it; a limit not enforced would run until the test timeout
    expect(r.seconds).toBeLessThan(1 + 30);
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
    expect(r.stderr).toMatch(/^examcheck: P7\.highway takes no candidate module: the claims that do are P1\.forward, P1\.backward, P1\.numpy, /);
  });
});
