/** Problem 4: the oracles against known values, readable counterexamples, and P4.stationary's condition judged by its zeros. */
import { describe, expect, test } from 'vitest';
import { hoeffding } from '../oracles/hoeffding.ts';
import { cdf, D as PriorD, densityByDerivative, samplePrior } from '../oracles/log-uniform.ts';
import type { NumericAnswer } from './claim-files.ts';
import type { BuiltClaim } from './claim.ts';
import { fileClaimExtras, prior } from './p4.ts';
import { REGISTRY } from './registry.ts';
import { resolveRun } from './profile.ts';
import { trial } from './run.ts';

const run = resolveRun();

describe('oracles/log-uniform.ts', () => {
  test('F is 0, 1/2, 1 at −2¹⁰, 0, 2¹⁰, and F′ inside the support is 1/(40 ln 2 |x|)', () => {
    expect(cdf(new PriorD(-1024)).toNumber()).toBe(0);
    expect(cdf(new PriorD(0)).toNumber()).toBe(0.5);
    expect(cdf(new PriorD(1024)).toNumber()).toBe(1);
    for (const x of [1, -1, 3.5, 2 ** -9.5, -700]) {
      const expected = new PriorD(1).div(new PriorD(40).times(new PriorD(2).ln()).times(Math.abs(x)));
      expect(densityByDerivative(new PriorD(x)).div(expected).minus(1).abs().toNumber()).toBeLessThan(1e-25);
    }
    expect(densityByDerivative(new PriorD(2048)).toNumber()).toBe(0);
  });

  test('draws from the definition: half have |Θ| ≤ 1, a quarter |Θ| ≤ 1/32 (false alarm < 1e-12 each)', () => {
    const n = 20_000;
    const draws = samplePrior(run.seed, n);
    const t = hoeffding(n, 1e-12);
    expect(Math.abs(draws.filter((x) => Math.abs(x) <= 1).length / n - 0.5)).toBeLessThan(t);
    expect(Math.abs(draws.filter((x) => Math.abs(x) <= 1 / 32).length / n - 0.25)).toBeLessThan(t);
    expect(draws.every((x) => Math.abs(x) >= 2 ** -10 && Math.abs(x) <= 2 ** 10)).toBe(true);
  });
});

describe('P4 counterexamples are small and simple', () => {
  test.each(prior.wrongAnswers.map((w) => [w.id, w] as const))('P4.prior %s: points shrink to ±1 and 2ᵏ(1 + i/16)', (_id, wrong) => {
    const t = trial('P4.prior', prior, wrong.id, wrong.answer, run);
    expect(t.failed).toBe(true);
    const x = t.counterexample as { a: number; b: number };
    for (const v of [x.a, x.b]) expect(Number.isInteger(Math.abs(v) * 16)).toBe(true);
  });
});

describe('P4.stationary (exams/midterm-practice/p4.claims): an answer is judged by its zeros in dl', () => {
  const claim = REGISTRY.find((c) => c.id === 'P4.stationary') as BuiltClaim<string>;
  const prop = claim.property!;
  const text = prop.reference.answer as string;
  /** The claim file with the exam's condition replaced by this one. */
  const withCondition = (condition: string) => text.replace('answer condition on dl: dl + lambda/theta', `answer condition on dl: ${condition}`);
  // ten examples: a condition with other zeros fails at any point (each example ~5 ms at 50 digits)
  const few = { ...run, profile: { ...run.profile, numRuns: 10 } };
  const judged = (condition: string) => trial('P4.stationary', prop, condition, withCondition(condition), few);

  // issue 21, item 1 (Θ·dl + λ and 2dl + 2λ/Θ verified, dl − λ/Θ and dl + λΘ refuted) is cli/answer-condition.test.ts, end to end
  test.each([
    // zero everywhere: stationary under the answer's form at every dl, under the exam's at one
    ['0*dl', /at dl = 0 the answer 0\*dl is 0 and line 1 is 1: the condition holds under one form and not the other, at theta = 1, lambda = 1, dl = 0/],
  ])('%s: refuted at a point stationary under one form and not the other', (condition, message) => {
    const t = judged(condition);
    expect(t.failed).toBe(true);
    expect(t.failure).toMatch(message);
  });

  test('a formula answer is judged by the property, written back as the answer line', () => {
    expect(prop.formula).toMatchObject({ reference: 'dl + lambda/theta', judgedBy: 'property' });
    expect(Object.keys(prop.formula!.variables).sort()).toEqual(['dl', 'lambda', 'theta']);
  });

  /** A student's residual(dl, theta, lambda), through the candidate interface. */
  const module = (residual: (dl: number, theta: number, lambda: number) => number) =>
    fileClaimExtras['P4.stationary'].candidate!.remote((q) => residual(...((q as { args: [number, number, number] }).args))) as NumericAnswer;

  test.each([
    ['dl + λ/Θ', (d: number, t: number, l: number) => d + l / t],
    ['Θ·dl + λ', (d: number, t: number, l: number) => t * d + l],
    ['(dl·Θ + λ)/Θ²', (d: number, t: number, l: number) => (d * t + l) / (t * t)],
  ])('the module %s passes', (_name, residual) => {
    expect(trial('P4.stationary', prop, 'module', module(residual), few).failed).toBe(false);
  });

  test.each([
    ['dl − λ/Θ', (d: number, t: number, l: number) => d - l / t, /^at theta = 1, lambda = 1, dl = -1 line 1 \(.*\) is 0 and the answer gives -2 \(-2\.0+\d* and -1\.9+\d* at dl ∓ 7\.11e-15: no zero within its tolerance\): the condition holds under one form and not the other$/],
    ['dl + λ (L1)', (d: number, _t: number, l: number) => d + l, /^at theta = 2, lambda = 1, dl = -0\.5 line 1 .* is 0 and the answer gives 0\.5/],
    ['0', () => 0, /the answer gives 0 and line 1 \(.*\) is .*: the condition holds under one form and not the other$/],
  ])('the module %s is refuted at the simplest point', (_name, residual, message) => {
    const t = trial('P4.stationary', prop, 'module', module(residual), few);
    expect(t.failed).toBe(true);
    expect(t.failure).toMatch(message);
  });

  test('a reply that is not a number is refuted, saying what came back', () => {
    const answer = fileClaimExtras['P4.stationary'].candidate!.remote(() => 'zero') as NumericAnswer;
    const t = trial('P4.stationary', prop, 'module', answer, few);
    expect(t.failed).toBe(true);
    expect(t.failure).toMatch(/zero/);
  });
});
