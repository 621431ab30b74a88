import fc from 'fast-check';
import type { PolynomialLoss } from '../../oracles/stationary.ts';

const coefficient = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.integer({ min: -8, max: 8 }), weight: 3 },
  { arbitrary: fc.tuple(fc.integer({ min: -255, max: 255 }), fc.integer({ min: 1, max: 8 })).map(([m, e]) => m / 2 ** e), weight: 1 },
);

/**
 * Random polynomial losses of degree ≤ 4 in each parameter, with cross terms, in 1 … min(3, maxDim)
 * parameters and up to 6 terms. Shrinks toward ℓ = 0 in one parameter, then single terms with
 * coefficient 1 and small powers (ℓ = Θ₁, ℓ = Θ₁², …).
 */
export const polynomialLoss = (maxDim: number): fc.Arbitrary<PolynomialLoss> =>
  fc
    .record({
      dim: fc.integer({ min: 1, max: Math.max(1, Math.min(3, maxDim)) }),
      terms: fc.array(fc.record({ coef: coefficient, powers: fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })) }), { maxLength: 6 }),
    })
    .map(({ dim, terms }) => ({ dim, terms: terms.map((t) => ({ coef: t.coef, powers: t.powers.slice(0, dim) })) }));

/** ℓ written out, for a counterexample read at a glance. */
export const showLoss = (loss: PolynomialLoss): string =>
  loss.terms.length === 0
    ? '0'
    : loss.terms
        .map((t) => [String(t.coef), ...t.powers.flatMap((p, i) => (p === 0 ? [] : [p === 1 ? `Θ${i + 1}` : `Θ${i + 1}^${p}`]))].join('·'))
        .join(' + ');
