/**
 * The oracles for Problem 4's prior: the log-uniform prior as defined (log₂|Θ| uniform on
 * [−10, 10], sign + or − with probability 1/2 each, which is what a density in |Θ| assumes),
 * its distribution function at high precision, its density as that function's derivative, and
 * samples drawn from the definition. Nothing here assumes the density the exam gives.
 */
import { uniformStream } from './prng.ts';
import { Decimal } from 'decimal.js';
import { decimalOf as exactDecimal } from './numbers/decimal.ts';

export const D = Decimal.clone({ precision: 50 });
export type Dec = InstanceType<typeof D>;

export const LOG2_MIN = -10;
export const LOG2_MAX = 10;

/** A double as a decimal, exactly (every digit of its binary value). */
export const decimalOf = (x: number): Dec => exactDecimal(D, x);

/** P(log₂|Θ| ≤ u) for U uniform on [−10, 10]. */
const uniformCdf = (u: Dec): Dec => D.min(1, D.max(0, u.minus(LOG2_MIN).div(LOG2_MAX - LOG2_MIN)));

const LN2 = new D(2).ln();

/** F(x) = P(Θ ≤ x): half the mass on each side, |Θ| = 2^U (at x = ±0, ln gives −∞ and F is 1/2). */
export function cdf(x: Dec): Dec {
  const inner = uniformCdf(x.abs().ln().div(LN2)).div(2);
  return x.isPositive() ? inner.plus(0.5) : new D(0.5).minus(inner);
}

/**
 * F′(x) by a central difference at 50 digits with step h = 10⁻²⁰|x|: inside the support
 * F′ = c/|x|, so the truncation h²|F‴|/6 = h²·c/|x|³/3 is 10⁻⁴⁰/3 of F′, and rounding
 * 10⁻⁵⁰/h is 10⁻³⁰ of it relative (x must be at least h inside ±2^±10, as generated).
 */
export function densityByDerivative(x: Dec): Dec {
  const h = x.abs().times('1e-20');
  return cdf(x.plus(h)).minus(cdf(x.minus(h))).div(h.times(2));
}


/** n draws of Θ from the definition: U uniform on [−10, 10], Θ = ±2^U. */
export function samplePrior(seed: number, n: number): Float64Array {
  const next = uniformStream(seed);
  const draws = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const u = LOG2_MIN + (LOG2_MAX - LOG2_MIN) * next();
    draws[k] = (next() < 0.5 ? -1 : 1) * 2 ** u;
  }
  return draws;
}
