/** Problem 4: the oracles against known values, and readable counterexamples. */
import { describe, expect, test } from 'vitest';
import { hoeffding } from '../oracles/hoeffding.ts';
import { cdf, D as PriorD, densityByDerivative, samplePrior } from '../oracles/log-uniform.ts';
import { D, lossPartial, objectivePartial, stationaryPointsAlong } from '../oracles/stationary.ts';
import type { PolynomialLoss } from '../oracles/stationary.ts';
import { prior, stationary, type StationaryCase } from './p4.ts';
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

describe('oracles/stationary.ts', () => {
  // ℓ(Θ) = (Θ₁ − 3)² + Θ₁Θ₂
  const l: PolynomialLoss = { dim: 2, terms: [{ coef: 1, powers: [2, 0] }, { coef: -6, powers: [1, 0] }, { coef: 9, powers: [0, 0] }, { coef: 1, powers: [1, 1] }] };

  test('∂ℓ/∂Θᵢ exactly, ∂F/∂Θᵢ by central differences', () => {
    const theta = [new D(2), new D(0.5)];
    expect(lossPartial(l, theta, 0).toNumber()).toBe(2 * 2 - 6 + 0.5);
    expect(lossPartial(l, theta, 1).toNumber()).toBe(2);
    expect(objectivePartial(l, new D(1), theta, 0).minus(-1.5 + 0.5).abs().toNumber()).toBeLessThan(1e-30);
    expect(objectivePartial(l, new D(3), theta, 1).minus(2 + 6).abs().toNumber()).toBeLessThan(1e-30);
  });

  test('finds both stationary points of (Θ − 3)² + ln Θ: Θ = (3 ± √7)/2', () => {
    const single: PolynomialLoss = { dim: 1, terms: l.terms.slice(0, 3).map((t) => ({ ...t, powers: [t.powers[0]] })) };
    const roots = stationaryPointsAlong(single, 1, [new D(1)], 0);
    const sqrt7 = new D(7).sqrt();
    expect(roots).toHaveLength(2);
    expect(roots[0].minus(new D(3).minus(sqrt7).div(2)).abs().toNumber()).toBeLessThan(1e-19);
    expect(roots[1].minus(new D(3).plus(sqrt7).div(2)).abs().toNumber()).toBeLessThan(1e-19);
  });
});

describe('P4 counterexamples are small and simple', () => {
  test.each(prior.wrongAnswers.map((w) => [w.id, w] as const))('P4.prior %s: points shrink to ±1 and 2ᵏ(1 + i/16)', (_id, wrong) => {
    const t = trial('P4.prior', prior, wrong.id, wrong.answer, run);
    expect(t.failed).toBe(true);
    const x = t.counterexample as { a: number; b: number };
    for (const v of [x.a, x.b]) expect(Number.isInteger(Math.abs(v) * 16)).toBe(true);
  });

  test.each(stationary.wrongAnswers.map((w) => [w.id, w] as const))('P4.stationary %s: ℓ = 0, one parameter, λ = 1', (_id, wrong) => {
    const t = trial('P4.stationary', stationary, wrong.id, wrong.answer, run);
    expect(t.failed).toBe(true);
    const x = t.counterexample as StationaryCase;
    expect(x.loss).toEqual({ dim: 1, terms: [] });
    expect(x.lambda).toBe(1);
  });

  test('the exam\'s condition holds at a stationary point of a loss with a local maximum and a local minimum', () => {
    const x: StationaryCase = { loss: { dim: 1, terms: [{ coef: 1, powers: [2] }, { coef: -6, powers: [1] }] }, lambda: 1, theta: [1] };
    expect(stationary.check(stationary.reference.answer, x)).toBeNull();
    expect(stationary.check(stationary.wrongAnswers[0].answer, x)).toMatch(/stationary point|Θ = \(1\)/);
  });
});
