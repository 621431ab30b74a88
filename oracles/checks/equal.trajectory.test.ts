/**
 * Update rules over time as `equal` claims (exams/README.md, "Update rules over time"): time from
 * 0, sums Σ_{t'=0}^{t} over a range that reads the time, reals drawn in their intervals, a `step t:`
 * block for coupled rules, an uninterpreted gradient shared by both runs. Every known answer below is
 * worked by hand; each false rule is refuted at the first step where it parts, on the smallest
 * stream fast-check shrinks to.
 */
import fc from 'fast-check';
import type Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { gradientCase } from '../../properties/arbitraries/gradient-case.ts';
import { PROFILES } from '../../properties/profile.ts';
import { compileProgram, lint, parseClaimFile, type Tensor } from '../notation/index.ts';
import { rational } from '../numbers/rational.ts';
import { equalCheck, type EqualCheck } from './equal.ts';
import type { GradientCase } from './gradient.ts';

// quiz2-p1b's running averages: z_{t+1} = beta z_t + gamma x_t from z_0 = 0
const AVERAGES = `real beta in (0, 1)
real gamma in (0, 4]
size T in 1..4
index t in 0..T - 1
index s in 0..T
index t' in 0..t
tensor x[t], z[s]
program recurrence
  for t: z[t + 1] = beta*z[t] + gamma*x[t]
program answer
  ANSWER
claim Q: equal answer to recurrence
`;
const averages = (answer: string): EqualCheck => {
  const file = parseClaimFile(AVERAGES.replace('ANSWER', answer), 'avg.claims');
  return equalCheck(file, file.claims[0]);
};
const at = (T: number, x: number[], reals: Record<string, number>, calls?: number[]): GradientCase => ({ sizes: { T }, values: { x }, outGrad: {}, gradsBefore: {}, directionSeed: 0, reals, ...(calls && { calls }) });

/** fast-check's shrunk witness where the check fails, or null. */
function witness(check: EqualCheck): { x: GradientCase; reason: string } | null {
  const run = fc.check(fc.property(gradientCase(check.signature, PROFILES.default), (x) => check.check(x).holds === true), { seed: 1 });
  if (!run.failed) return null;
  const x = run.counterexample![0];
  const v = check.check(x);
  return v.holds === false ? { x, reason: v.reason } : null;
}

describe('time from 0, and sums from 0 to t', () => {
  const unrolled = "for t: z[t + 1] = sum(t', gamma*beta^(t - t')*x[t'])";
  const slip = "for t: z[t + 1] = (gamma/(1 - beta))*sum(t', (1 - beta)*beta^(t - t')*x[t])";

  it("the unrolled sum is the recurrence, exactly (beta^(t - t'), a power known when it runs, stays rational)", () => {
    const check = averages(unrolled);
    expect(check.numbers).toBe('rational');
    // T = 3, x = (1, 2, -1), beta = 1/2, gamma = 2: z = (0, 2, 5, 1/2)
    expect(check.check(at(3, [1, 2, -1], { beta: 0.5, gamma: 2 }))).toEqual({ holds: true });
    expect(witness(check)).toBeNull();
  });

  it("x_t for x_{t'} inside the sum: refuted at z[2], where the sum first has two terms; z[1] agrees", () => {
    const check = averages(slip);
    // z_1 = gamma x_0 either way; z_2 = beta gamma x_0 + gamma x_1 = 1, the slip (1 + beta) gamma x_1 = 3/2
    expect(check.check(at(1, [1], { beta: 0.5, gamma: 1 }))).toEqual({ holds: true });
    expect(check.check(at(2, [0, 1], { beta: 0.5, gamma: 1 }))).toEqual({ holds: false, reason: 'z[2]: answer leaves 1.5, recurrence 1' });
    const w = witness(check)!;
    expect(w.x.sizes).toEqual({ T: 2 });
    expect(w.reason).toMatch(/^z\[2\]: answer leaves /);
  });

  it('the reals the programs read are drawn in their intervals, ends as declared; an entry is named from 0', () => {
    const check = averages(unrolled);
    expect(check.signature.reals).toEqual([
      { name: 'beta', lo: 0, hi: 1, loOpen: true, hiOpen: true, integer: false },
      { name: 'gamma', lo: 0, hi: 4, loOpen: true, hiOpen: false, integer: false },
    ]);
    expect(check.signature.inputs).toEqual([{ name: 'x', axes: ['T'] }]);
    fc.assert(fc.property(gradientCase(check.signature, PROFILES.default), (x) => x.reals!.beta > 0 && x.reals!.beta < 1 && x.reals!.gamma > 0 && x.reals!.gamma <= 4), { seed: 1 });
    // z_0 is compared too: an answer that writes it is refuted there
    expect(averages(`for s: z[s] = 1`).check(at(1, [0], { beta: 0.5, gamma: 1 }))).toEqual({ holds: false, reason: 'z[0]: answer leaves 1, recurrence 0' });
  });

  it("an index at 0 is a value, not an unbound letter; a read before time 0 is an index error naming 0..T", () => {
    const file = parseClaimFile('size T in 1..3\nindex t in 0..T - 1\ntensor y[t]\nprogram p\n  for t: y[t] = t\nprogram q\n  for t: y[t] = y[t - 1]\n', 'z.claims');
    const tensors = new Map<string, Tensor<Fraction>>();
    compileProgram(file, file.programs.get('p')!, rational).run({ sizes: { T: 3 }, tensors });
    expect(tensors.get('y')!.data.map(String)).toEqual(['0', '1', '2']);
    expect(() => compileProgram(file, file.programs.get('q')!, rational).run({ sizes: { T: 3 }, tensors: new Map() })).toThrowErrorWith(/^z\.claims:7: index t - 1 = -1 is outside 0\.\.2 \(axis 1 of y\)$/);
  });

  it('a random family is over 1..n: one over a time from 0 is an error at its declaration', () => {
    expect(() => parseClaimFile('size T in 1..3\nindex t in 0..T - 1\nrandom w[t]\n', 'r.claims')).toThrowErrorWith(/^r\.claims:3: a random family's index runs over 1\.\.n/);
  });

  it('a range that reads another letter is for sums only: an axis over it is an error at the tensor', () => {
    expect(() => parseClaimFile("size T in 1..3\nindex t in 0..T - 1\nindex t' in 0..t\ntensor w[t']\n", 'd.claims')).toThrowErrorWith(/^d\.claims:4: the range of index t' reads another index letter: only a sum or product may run over it, not an axis of w$/);
  });

  it("the lint reads a time t in 0..T - 1 on an axis over 0..T, and t' in 0..t on one over t's, as the same run's; another size is still a finding", () => {
    const file = parseClaimFile("size T, K in 1..3\nindex t in 0..T - 1\nindex s in 0..T\nindex k in 1..K\nindex t' in 0..t\ntensor x[t], z[s]\nprogram ok\n  for t: z[t + 1] = z[t] + sum(t', x[t'])\nprogram bad\n  for k: z[k] = 1\n", 'l.claims');
    expect(lint(file, file.programs.get('ok')!)).toEqual([]);
    expect(lint(file, file.programs.get('bad')!).map((f) => f.message)).toEqual(['axis 1 of z runs over s in 0..T, but is read with k in 1..K']);
  });
});

// P2's momentum: velocity v_{t+1} = mu v_t + eta grad(Theta_t), Theta_{t+1} = Theta_t - v_{t+1};
// smoothing g_{t+1} = mu g_t + (1 - mu) grad(Psi_t), Psi_{t+1} = Psi_t - eta' g_{t+1}
const MOMENTUM = `real mu in [0, 1)
real eta in (0, 4]
size T in 1..3
index t in 0..T - 1
index s in 0..T
tensor Theta0[], Theta[s], v[s], g[s]
function grad
program velocity
  Theta[0] = Theta0[]
  step t:
    v[t + 1] = mu*v[t] + eta*grad(Theta[t])
    Theta[t + 1] = Theta[t] - v[t + 1]
program smoothing
  Theta[0] = Theta0[]
  step t:
    g[t + 1] = mu*g[t] + (1 - mu)*grad(Theta[t])
    Theta[t + 1] = Theta[t] - RATE*g[t + 1]
claim Q: equal smoothing to velocity
`;
const momentum = (rate: string): EqualCheck => {
  const file = parseClaimFile(MOMENTUM.replace('RATE', rate), 'm.claims');
  return equalCheck(file, file.claims[0]);
};
const momentumAt = (T: number, theta0: number, reals: Record<string, number>, calls: number[]): GradientCase => ({ sizes: { T }, values: { Theta0: [theta0] }, outGrad: {}, gradsBefore: {}, directionSeed: 0, reals, calls: [...calls, ...Array(32 - calls.length).fill(0)] });

describe('coupled rules in step blocks, with a gradient both runs share', () => {
  it("eta' = eta/(1 - mu): the same Theta at every step, the gradient asked at the same points", () => {
    const check = momentum('(eta/(1 - mu))');
    expect(check.signature.functions).toBe(true);
    // mu = 1/2, eta = 1, Theta_0 = 0, grad(0) = 1, grad(-1) = 2: v = (0, 1, 5/2), Theta = (0, -1, -7/2);
    // g = (0, 1/2, 5/4), Psi = Theta: the smoothing run asks grad at 0 and -1 only, and gets 1 and 2
    expect(check.check(momentumAt(2, 0, { mu: 0.5, eta: 1 }, [1, 2]))).toEqual({ holds: true });
    expect(witness(check)).toBeNull();
  });

  it("eta' = eta: refuted at Theta[1] (-1/2 against -1), and the shrunk witness is one step", () => {
    const check = momentum('eta');
    expect(check.check(momentumAt(2, 0, { mu: 0.5, eta: 1 }, [1, 2]))).toEqual({ holds: false, reason: 'Theta[1]: smoothing leaves -0.5, velocity -1' });
    const w = witness(check)!;
    expect(w.x.sizes).toEqual({ T: 1 });
    expect(w.reason).toMatch(/^Theta\[1\]: smoothing leaves /);
  });

  it('without a step block each line runs over every t before the next: v_2 is computed while Theta_1 is still unwritten', () => {
    const file = parseClaimFile(MOMENTUM.replace('RATE', 'eta').replace('  step t:\n    v[t + 1]', '  for t: v[t + 1]').replace('    Theta[t + 1] = Theta[t] - v[t + 1]', '  for t: Theta[t + 1] = Theta[t] - v[t + 1]'), 'n.claims');
    const tensors = new Map<string, Tensor<Fraction>>([['Theta0', { shape: [], data: [rational.fromNumber(0)] }]]);
    const calls: string[] = [];
    compileProgram(file, file.programs.get('velocity')!, rational).run({ sizes: { T: 2 }, tensors, scalars: new Map([['mu', rational.fromNumber(0.5)], ['eta', rational.fromNumber(1)]]), call: (_name, args) => (calls.push(String(args[0])), rational.fromNumber(1)) });
    // every gradient asked at Theta = 0: Theta_1 was not there yet when v_2 was computed
    expect(calls).toEqual(['0', '0']);
  });

  it('a step inside a step, and a statement looping over the step letter again, are one-line errors', () => {
    expect(() => parseClaimFile('size T in 1..3\nindex t in 0..T - 1\ntensor y[t]\nprogram p\n  step t:\n    step t:\n', 's.claims')).toThrowErrorWith(/^s\.claims:6: a step block inside a step block/);
    expect(() => parseClaimFile('size T in 1..3\nindex t in 0..T - 1\ntensor y[t]\nprogram p\n  step t:\n    for t: y[t] = 1\n', 's.claims')).toThrowErrorWith(/^s\.claims:6: t is the step's letter/);
  });
});
