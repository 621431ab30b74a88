/**
 * Random finite discrete distributions with rational values and probabilities, for exact
 * expectations by enumeration (oracles/discrete.ts). Everything is plain JSON: rationals are
 * strings such as "-3/2", so a counterexample is shown and replayed as it is.
 */
import fc from 'fast-check';
import { q, withMoments, type Marginal } from '../../oracles/discrete.ts';

/** A rational "n/d": shrinks toward 0, then 1, -1, 2, ..., then halves and thirds. */
export const rational: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: -12, max: 12 }), fc.constantFrom(1, 2, 3, 4, 5, 8, 16, 7))
  .map(([n, d]) => q(n).div(d).toFraction());

/** A variance: a rational ≥ 0, shrinking toward 0 and 1 (0 is a constant: it is in the domain). */
export const variance: fc.Arbitrary<string> = rational.map((v) => q(v).abs().toFraction());

/** A distribution as JSON: values and their probabilities, exact. */
export interface DistributionJson {
  values: string[];
  probs: string[];
}

export const toJson = (m: Marginal): DistributionJson => ({ values: m.values.map((v) => v.toFraction()), probs: m.probs.map((p) => p.toFraction()) });
export const fromJson = (m: DistributionJson): Marginal => ({ values: m.values.map(q), probs: m.probs.map(q) });

/** One to three support points (offsets from the mean), shrinking toward two points at ±1. */
const offsets = fc.array(rational, { minLength: 1, maxLength: 2 });

/**
 * Independent wᵢ, xᵢ (i = 1..d) as Problem 6 states them: every wᵢ has mean mean_w and variance
 * var_w, every xᵢ mean mean_x and variance var_x, but each with its own support and
 * probabilities (the exam does not say identically distributed). d from 1 to maxDim; shrinks
 * toward d = 1, means 0 and small integers, two-point laws.
 */
export interface PairsCase {
  d: number;
  mean_w: string;
  var_w: string;
  mean_x: string;
  var_x: string;
  w: DistributionJson[];
  x: DistributionJson[];
}

export const independentPairs = (maxDim: number, wVariance: fc.Arbitrary<string | ((d: number) => string)> = variance): fc.Arbitrary<PairsCase> =>
  fc
    .record({
      mean_w: rational,
      var_w: wVariance,
      mean_x: rational,
      var_x: variance,
      offsets: fc.array(fc.record({ w: offsets, x: offsets }), { minLength: 1, maxLength: maxDim }),
    })
    .map((r) => {
      const d = r.offsets.length;
      const var_w = typeof r.var_w === 'function' ? r.var_w(d) : r.var_w;
      const law = (mean: string, v: string, offs: string[]) => toJson(withMoments(q(mean), q(v), offs.map(q)));
      return {
        d,
        mean_w: r.mean_w,
        var_w,
        mean_x: r.mean_x,
        var_x: r.var_x,
        w: r.offsets.map((o) => law(r.mean_w, var_w, o.w)),
        x: r.offsets.map((o) => law(r.mean_x, r.var_x, o.x)),
      };
    });
