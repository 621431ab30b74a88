/** Problem 3: the closed-form oracle against exact enumeration of the exam's own equations. */
import Fraction from 'fraction.js';
import { describe, expect, test } from 'vitest';
import { adamStep, examBeta2 } from '../impl/adam.ts';
import { relativeSd, relativeVarianceOfSquare } from '../oracles/adam.ts';
import { resolveRun } from './profile.ts';
import { trial } from './run.ts';
import { beta2 } from './p3.ts';

const run = resolveRun();

/** E[X^k] for X ~ Binomial(b, p) by summing over every outcome, exactly. */
function binomialMoment(b: number, p: Fraction, k: number): Fraction {
  let sum = new Fraction(0);
  let choose = 1;
  for (let x = 0; x <= b; x++) {
    sum = sum.add(p.pow(x).mul(new Fraction(1).sub(p).pow(b - x)).mul(choose).mul(x ** k));
    choose = (choose * (b - x)) / (x + 1);
  }
  return sum;
}

describe('oracles/adam.ts', () => {
  test('relative variance of g² matches exact binomial moments for small b', () => {
    for (const b of [1, 2, 3, 5, 8]) {
      for (const [n, d] of [[1, 2], [1, 4], [3, 8], [1, 1024]]) {
        const p = new Fraction(n, d);
        const exact = binomialMoment(b, p, 4).div(binomialMoment(b, p, 2).pow(2)).sub(1);
        expect(relativeVarianceOfSquare(n / d, b).toNumber()).toBeCloseTo(exact.valueOf(), 12);
      }
    }
    // by hand: b = 2, ε = 1/2 gives g² ∈ {0, 1/4, 1} w.p. 1/4, 1/2, 1/4: mean 3/8, variance 9/64
    expect(relativeVarianceOfSquare(0.5, 2).toNumber()).toBeCloseTo(1, 40);
  });

  test('b = 1: relative sd is √((1−β₂)/(1+β₂)·(1−ε)/ε), and the exam\'s β₂ gives √((1−ε)/(10−ε))', () => {
    for (const e of [0.5, 0.1, 1e-3, 1e-9]) {
      expect(relativeSd(0.9, e, 1).toNumber()).toBeCloseTo(Math.sqrt((0.1 / 1.9) * ((1 - e) / e)), 10);
      expect(relativeSd(examBeta2(e, 1), e, 1).toNumber() / Math.sqrt((1 - e) / (10 - e))).toBeCloseTo(1, 6);
    }
  });

  test("adamStep takes the exam's whole step: ĝ, s and Θ, on numbers where each is exact", () => {
    // ĝ = ½·2 + ½·2 = 2, s = ¾·0 + ¼·2² = 1, Θ = 1 − ½/(√1 + 1)·2 = ½
    const [theta, state] = [[1], { g: [2], s: [0] }];
    adamStep(theta, state, [2], { eta: 0.5, beta1: 0.5, beta2: 0.75, epsilon: 1 });
    expect({ theta, state }).toEqual({ theta: [0.5], state: { g: [2], s: [1] } });
  });

  test("the exam's equations, run on every 0/1 gradient sequence, give the oracle's mean and variance of s", () => {
    // β₂ = 1/2 and 0/1 gradients keep every s dyadic, so adamStep computes it exactly in float64.
    const [beta, p, T] = [0.5, new Fraction(1, 4), 10];
    let [mean, meanSq] = [new Fraction(0), new Fraction(0)];
    for (let bits = 0; bits < 2 ** T; bits++) {
      const state = { g: [0], s: [0] };
      let ones = 0;
      for (let t = 0; t < T; t++) {
        const g = (bits >> t) & 1;
        ones += g;
        adamStep([0], state, [g], { eta: 0, beta1: 0.9, beta2: beta, epsilon: 1e-8 });
      }
      const weight = p.pow(ones).mul(new Fraction(1).sub(p).pow(T - ones));
      const s = new Fraction(state.s[0]);
      mean = mean.add(weight.mul(s));
      meanSq = meanSq.add(weight.mul(s).mul(s));
    }
    // after T steps from s⁰ = 0: E[s] = m(1 − β^T), Var[s] = v(1−β)²(1 − β^{2T})/(1 − β²); m = 1/4, v = 3/16
    const b = new Fraction(beta);
    expect(mean.equals(p.mul(new Fraction(1).sub(b.pow(T))))).toBe(true);
    const variance = meanSq.sub(mean.pow(2));
    const expected = new Fraction(3, 16).mul(new Fraction(1).sub(b).pow(2)).mul(new Fraction(1).sub(b.pow(2 * T))).div(new Fraction(1).sub(b.pow(2)));
    expect(variance.equals(expected)).toBe(true);
    // stationary limit, as the oracle has it: √((1−β)/(1+β)·v/m²)
    expect(relativeSd(beta, 0.25, 1).toNumber()).toBeCloseTo(Math.sqrt((0.5 / 1.5) * 3), 12);
  });
});

describe('P3.beta2 counterexamples are small and simple', () => {
  test.each(beta2.wrongAnswers.map((w) => [w.id, w] as const))('%s shrinks to b = 1 and ε a power of ten', (_id, wrong) => {
    const t = trial('P3.beta2', beta2, wrong.id, wrong.answer, run);
    expect(t.failed).toBe(true);
    const x = t.counterexample as { epsilon: number; b: number };
    expect(x.b).toBe(1);
    expect(Number.isInteger(Math.log10(x.epsilon))).toBe(true);
  });

  test('the per-example reading (b = 1) passes for every ε the generator can give', () => {
    for (const e of [0.999999, 0.5, 0.1, 1e-5, 1e-9]) expect(beta2.check(examBeta2, { epsilon: e, b: 1 })).toBeNull();
  });

  test('bε > 5 is reported as a negative β₂', () => {
    expect(beta2.check(examBeta2, { epsilon: 0.5, b: 12 })).toMatch(/< 0/);
    expect(beta2.check(examBeta2, { epsilon: 0.5, b: 40 })).toMatch(/diverges/);
  });
});
