import { describe, expect, it } from 'vitest';
import { logUniformDensity } from '../impl/log-uniform.ts';
import { cdf, D, densityByDerivative, samplePrior } from './log-uniform.ts';
import { uniformStream } from './prng.ts';

describe('the distribution function F(x) = P(Θ ≤ x) of Θ = ±2^U, U uniform on [−10, 10]', () => {
  it.each([
    [0, 0.5],
    [-0, 0.5], // ln|−0| = −∞ as at +0: F is 1/2 from both sides
    [1, 0.75], // log₂ 1 = 0, the middle of [−10, 10]
    [-1, 0.25],
    [32, 0.875], // P(U ≤ 5) = 3/4 of the positive half
    [-1 / 32, 0.375],
    [2 ** -10, 0.5],
    [2 ** 10, 1],
    [2 ** 11, 1], // beyond the support
    [-(2 ** 11), 0],
  ])('F(%s) = %s', (x, expected) => {
    expect(cdf(new D(x)).toNumber()).toBe(expected);
  });
});

describe('draws from the prior, against its definition with the same uniform stream', () => {
  // U = −10 + 20·v₂ᵢ and the sign − exactly when v₂ᵢ₊₁ < 1/2, for the stream v of uniforms of the seed
  const definition = (seed: number, n: number) => {
    const v = uniformStream(seed);
    return Array.from({ length: n }, () => {
      const magnitude = 2 ** (-10 + 20 * v());
      return v() < 1 / 2 ? -magnitude : magnitude;
    });
  };

  it.each([[1], [42], [-7], [2 ** 31 - 1]])('seed %s: eight draws, both signs among them', (seed) => {
    const draws = Array.from(samplePrior(seed, 8));
    expect(draws).toEqual(definition(seed, 8));
    expect(draws.some((x) => x < 0) && draws.some((x) => x > 0)).toBe(true);
  });

  it('returns exactly n draws, all in the support 2⁻¹⁰ ≤ |Θ| ≤ 2¹⁰', () => {
    const draws = samplePrior(3, 100);
    expect(draws).toHaveLength(100);
    expect(draws.every((x) => Math.abs(x) >= 2 ** -10 && Math.abs(x) <= 2 ** 10)).toBe(true);
  });
});

describe("the exam's density p(Θ) ∝ 1/|Θ| (impl/log-uniform.ts) against the prior's F′", () => {
  it.each([
    [1, 2],
    [-3, 0.75],
    [2 ** -9, 2 ** 9],
  ])('p(%s)/p(%s) = F′ ratio', (a, b) => {
    const truth = densityByDerivative(new D(a)).div(densityByDerivative(new D(b))).toNumber();
    expect(logUniformDensity(a) / logUniformDensity(b) / truth).toBeCloseTo(1, 14);
  });
});
