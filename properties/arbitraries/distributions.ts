/**
 * Rationals and variances for the discrete-law oracle's tests (oracles/discrete.ts's withMoments):
 * plain JSON strings such as "-3/2", so a counterexample is shown and replayed as it is.
 */
import fc from 'fast-check';
import { q } from '../../oracles/discrete.ts';

/** A rational "n/d": shrinks toward 0, then 1, -1, 2, ..., then halves and thirds. */
export const rational: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: -12, max: 12 }), fc.constantFrom(1, 2, 3, 4, 5, 8, 16, 7))
  .map(([n, d]) => q(n).div(d).toFraction());

/** A variance: a rational ≥ 0, shrinking toward 0 and 1 (0 is a constant: it is in the domain). */
export const variance: fc.Arbitrary<string> = rational.map((v) => q(v).abs().toFraction());
