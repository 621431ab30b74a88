import { describe, expect, it } from 'vitest';
import type { PolynomialLoss } from './stationary.ts';
import { D, decimalOf, illinois, lossPartial, magnitude, roughBrackets, stationaryPointsAlong, type Dec } from './stationary.ts';

const term = (coef: number, ...powers: number[]) => ({ coef, powers });
const loss = (...terms: ReturnType<typeof term>[]): PolynomialLoss => ({ dim: terms[0]?.powers.length ?? 1, terms });
const decimals = (xs: number[]) => xs.map((x) => new D(x));
const [sqrt2, sqrt7] = [new D(2).sqrt(), new D(7).sqrt()];

// ℓ = Θ₁²Θ₂ + 3Θ₂ − 2Θ₁: ∂ℓ/∂Θ₁ = 2Θ₁Θ₂ − 2, ∂ℓ/∂Θ₂ = Θ₁² + 3
const mixed = loss(term(1, 2, 1), term(3, 0, 1), term(-2, 1, 0));
// (Θ − 3)² + λ ln Θ: F′ = 2Θ − 6 + λ/Θ, zero at (3 ± √7)/2 for λ = 1
const shifted = loss(term(1, 2), term(-6, 1), term(9, 0));
// Θ² − 3Θ + ln Θ: F′ = 2Θ − 3 + 1/Θ, zero at 1/2 and 1, both points of the grid 2^(−10 + k/20)
const onGrid = loss(term(1, 2), term(-3, 1));
// Θ₁²Θ₂ − 6Θ₁ at Θ₂ = 1/2, λ = 1: ∂F/∂Θ₁ = Θ₁ − 6 + 1/Θ₁, zero at 3 ± 2√2; ∂F/∂Θ₂ = Θ₁² + 1/Θ₂ > 0
const cross = loss(term(1, 2, 1), term(-6, 1, 0));
// −cΘ + λ ln Θ: F′ = −c + λ/Θ, zero at λ/c
const linear = (c: number) => loss(term(-c, 1));
// Θ₁⁴Θ₂Θ₃ − 15Θ₁⁴ − Θ₁ at Θ₂ = 3, Θ₃ = 5: the Θ₁³ terms of ∂ℓ/∂Θ₁ cancel exactly, not in float64
// (12Θ₁³ rounded, then ×5, against 60Θ₁³ rounded once), so F′ = −1 + λ/Θ₁ is located only roughly
const cancelling = loss(term(1, 4, 1, 1), term(-15, 4, 0, 0), term(-1, 1, 0, 0));

describe('∂ℓ/∂Θᵢ by differentiating each monomial', () => {
  it.each([
    [[3, 0.5], 0, 1],
    [[3, 0.5], 1, 12],
    [[0, 5], 0, -2], // Θ₁ = 0: the term 3Θ₂, without Θ₁, must not be differentiated (0⁻¹)
    [[1, 0], 1, 4], // Θ₂ = 0: likewise −2Θ₁
  ])('at Θ = %j, coordinate %s: %s', (theta, i, expected) => {
    expect(lossPartial(mixed, decimals(theta), i).toNumber()).toBe(expected);
  });
});

describe('magnitude: Σ |cₖΘ^pₖ| + 8λ', () => {
  // at Θ = (2, 1/2) the terms of ℓ are 2, 1.5 and −4
  it.each([
    [2, 23.5],
    [0.5, 11.5],
  ])('λ = %s: %s', (lambda, expected) => {
    expect(magnitude(mixed, lambda, decimals([2, 0.5]))).toBe(expected);
  });
});

/** The grid point 2^(−10 + k/20). */
const grid = (k: number) => 2 ** (-10 + k / 20);

describe('roughBrackets: sign changes of ∂F/∂Θᵢ between grid points, narrowed in float64', () => {
  const expectBrackets = (l: PolynomialLoss, lambda: number, theta: number[], i: number, expected: [Dec, number, number][]) => {
    const brackets = roughBrackets(l, lambda, theta, i);
    expect(brackets).toHaveLength(expected.length);
    brackets.forEach(({ cell, narrow: [lo, hi] }, n) => {
      const [root, from, to] = expected[n];
      expect(cell).toEqual([grid(from), grid(to)]);
      expect(decimalOf(lo).lte(root) && root.lte(decimalOf(hi))).toBe(true);
      expect(cell[0] <= lo && hi <= cell[1]).toBe(true);
      // 40 halvings (each mid rounded, so to within a few ulps of the width, ~100 of them)
      expect(((hi - lo) * 2 ** 40) / (cell[1] - cell[0])).toBeCloseTo(1, 1);
      expect(hi - lo).toBeLessThan(lo * 1e-13);
    });
  };

  it.each([
    ['(Θ − 3)² + ln Θ', shifted, 1, [1], 0, [[new D(3).minus(sqrt7).div(2), 150, 151], [new D(3).plus(sqrt7).div(2), 229, 230]]],
    // a zero on the grid is bracketed by its neighbours
    ['Θ² − 3Θ + ln Θ', onGrid, 1, [1], 0, [[new D(0.5), 179, 181], [new D(1), 199, 201]]],
    ['Θ₁²Θ₂ − 6Θ₁ + ln Θ₁ + ln Θ₂ along Θ₁, Θ₂ = 1/2', cross, 1, [1, 0.5], 0, [[new D(3).minus(sqrt2.times(2)), 149, 150], [new D(3).plus(sqrt2.times(2)), 250, 251]]],
    ['the same along Θ₂, Θ₁ = 2', cross, 1, [2, 1], 1, []],
    ['−1000Θ + ln Θ: in the first cell', linear(1000), 1, [1], 0, [[new D(0.001), 0, 1]]],
    ['−Θ + 1000 ln Θ: in the last cell', linear(1), 1000, [1], 0, [[new D(1000), 399, 400]]],
    ['ln Θ: none', loss(), 1, [1], 0, []],
  ] as [string, PolynomialLoss, number, number[], number, [Dec, number, number][]][])('%s', (_name, l, lambda, theta, i, expected) => {
    expectBrackets(l, lambda, theta, i, expected);
  });
});

describe('illinois: the zero of f in a bracket, to 10⁻²⁰ relative', () => {
  /** Runs illinois, counting the evaluations of f. */
  const run = (f: (t: Dec) => Dec, bracket: [number, number]) => {
    let evaluations = 0;
    const root = illinois((t) => (evaluations++, f(t)), bracket);
    return { root, evaluations };
  };

  it.each([
    ['t² − 2, convex: regula falsi alone would keep b', (t: Dec) => t.times(t).minus(2), sqrt2],
    ['1 − 2/t², concave: regula falsi alone would keep a', (t: Dec) => new D(1).minus(new D(2).div(t.times(t))), sqrt2],
    ['2 − t², decreasing', (t: Dec) => new D(2).minus(t.times(t)), sqrt2],
    ['t³ − 2', (t: Dec) => t.pow(3).minus(2), new D(2).cbrt()],
    // strongly convex and concave: halving the kept end's value only after alternating stalls on these
    ['t¹⁰ − 2', (t: Dec) => t.pow(10).minus(2), new D(2).pow(new D(0.1))],
    ['1 − 100/t on [1, 1000]', (t: Dec) => new D(1).minus(new D(100).div(t)), new D(100), [1, 1000]],
  ] as [string, (t: Dec) => Dec, Dec, [number, number]?][])('%s on [1, 2] unless said, superlinearly (at most 30 evaluations)', (_name, f, truth, bracket = [1, 2]) => {
    const { root, evaluations } = run(f, bracket);
    expect(root!.minus(truth).abs().lte(truth.times('1e-20'))).toBe(true);
    expect(evaluations).toBeLessThanOrEqual(30);
  });

  it('returns a zero it lands on exactly: t − 3 on [2, 4] at the first step', () => {
    expect(run((t) => t.minus(3), [2, 4])).toEqual({ root: new D(3), evaluations: 3 });
  });

  it.each([
    ['t² + 1: no sign change', (t: Dec) => t.times(t).plus(1)],
    ['t − 1: zero at an end, not a strict sign change', (t: Dec) => t.minus(1)],
  ])('%s on [1, 2]: undefined', (_name, f) => {
    expect(run(f, [1, 2]).root).toBeUndefined();
  });

  // 200 secant steps leave about [1.3, 2]; halving 0.7 to 1.3·10⁻²⁰ takes ⌈log₂(0.7 / 1.3·10⁻²⁰)⌉ = 66 more
  it('bisects after 200 steps at a triple zero, (t − 1.3)³ on [1, 2]: 202 + 66 evaluations', () => {
    const { root, evaluations } = run((t) => t.minus(1.3).times(t.minus(1.3)).times(t.minus(1.3)), [1, 2]);
    expect(evaluations).toBe(268);
    expect(root!.minus(1.3).abs().lte('1.3e-20')).toBe(true);
  });
});

describe('stationaryPointsAlong: the zeros of ∂F/∂Θᵢ at 100 digits, to 10⁻²⁰ relative', () => {
  it.each([
    // red before roughBrackets passed over the grid's zeros: both stationary points were missed
    ['Θ² − 3Θ + ln Θ: on the grid', onGrid, 1, [1], 0, [new D(0.5), new D(1)]],
    ['Θ₁²Θ₂ − 6Θ₁ + ln Θ₁ + ln Θ₂ along Θ₁, Θ₂ = 1/2', cross, 1, [1, 0.5], 0, [new D(3).minus(sqrt2.times(2)), new D(3).plus(sqrt2.times(2))]],
    ['the same along Θ₂, Θ₁ = 2', cross, 1, [2, 1], 1, []],
    // float64 misplaces the zero by ~10⁻⁸: the narrowed bracket fails at 100 digits, its grid cell does not
    ['cancelling Θ₁³ terms, λ = 200', cancelling, 200, [1, 3, 5], 0, [new D(200)]],
    ['ln Θ: none', loss(), 1, [1], 0, []],
  ] as [string, PolynomialLoss, number, number[], number, Dec[]][])('%s', (_name, l, lambda, theta, i, expected) => {
    const roots = stationaryPointsAlong(l, lambda, decimals(theta), i);
    expect(roots).toHaveLength(expected.length);
    roots.forEach((root, n) => expect(root.minus(expected[n]).abs().lte(expected[n].times('1e-20'))).toBe(true));
  });
});

it('float64 misplaces the cancelling Θ₁³ terms\' zero at λ = 200: the narrowed bracket misses 200, the grid cell holds it', () => {
  const [{ cell, narrow }] = roughBrackets(cancelling, 200, [1, 3, 5], 0);
  expect(narrow[0] <= 200 && 200 <= narrow[1]).toBe(false);
  expect(cell[0] <= 200 && 200 <= cell[1]).toBe(true);
});

describe('stationaryPointsAlong drops what float64 alone sees', () => {
  // At Θ₂ = 0.7, Θ₃ = 0.1 (as doubles) ∂ℓ/∂Θ₁ = 3Θ₂Θ₃ − 0.21 is ~6·10⁻¹⁸ > 0, but float64 rounds 3Θ₂, then ×Θ₃, to
  // the double below 0.21: with λ = 1.5·2⁻⁵⁵ its ∂F/∂Θ₁ changes sign, while at 100 digits it stays positive.
  it('a float64 sign change of a derivative positive throughout', () => {
    const l = loss(term(3, 1, 1, 1), term(-0.21, 1, 0, 0));
    const [lambda, theta] = [1.5 * 2 ** -55, [1, 0.7, 0.1]];
    expect(lossPartial(l, theta.map(decimalOf), 0).gt(0)).toBe(true);
    expect(roughBrackets(l, lambda, theta, 0).length).toBeGreaterThan(0);
    expect(stationaryPointsAlong(l, lambda, theta.map(decimalOf), 0)).toEqual([]);
  });
});
