/**
 * The `limit` line of claim files (exams/README.md): `limit EXPR as x -> 0+ is -infinity` — how
 * EXPR behaves as the real x approaches 0 from above (0+), from below (0-), or grows without bound
 * (+infinity, -infinity). It states what an exam's "argmin" presupposes or rules out: P4's
 * ℓ(Θ) + λ ln Θ → −∞ as Θ → 0⁺, so the objective has no minimum.
 *
 * A sampled check, not a proof. EXPR is computed at 50 digits at the four points
 * x = 2^-128, 2^-256, 2^-512, 2^-1024 (toward 0; ±2^128 … ±2^1024 toward ±infinity), and read from
 * the three steps between its values, dₖ = vₖ − vₖ₊₁:
 *   -infinity  every step positive and none shorter than the one before: the values fall, and not
 *              toward a floor (λ ln x's step doubles from point to point, as x's exponent does;
 *              a function with a finite limit has steps that tend to 0);
 *   +infinity  the same, every step negative;
 *   finite     each step at most half the one before (or within the decimal allowance of 0):
 *              the values settle (a polynomial's steps shrink as x itself);
 *   otherwise  no verdict: the claim fails, saying so.
 * `bounded below` holds where the reading is finite or +infinity, `bounded above` where it is
 * finite or -infinity. The points are so far out that a polynomial's terms are below the 50 digits
 * against ln x's, and so near (2^-1024, not 10^-10^6) that x^4 and ln x are computed without
 * underflow; a function that turns only beyond 2^-1024 would be misread.
 */
import { Decimal } from 'decimal.js';
import type { LimitLine } from '../notation/index.ts';

/** The points' exponents: x = 2^-(2^k) toward 0 (k = 7 … 10). */
export const LIMIT_EXPONENTS = [128, 256, 512, 1024] as const;

/** The j-th point x for the approach, as the text of an exact power of 2 and its sign and exponent. */
export function limitPoint(approach: LimitLine['approach'], exponent: number): { sign: 1 | -1; power: number; shown: string } {
  const sign = approach === '0-' || approach === '-infinity' ? -1 : 1;
  const power = approach === '0+' || approach === '0-' ? -exponent : exponent;
  return { sign, power, shown: `${sign === -1 ? '-' : ''}2^${power}` };
}

export type LimitReading = '-infinity' | '+infinity' | 'finite';

/**
 * What the values at the points say: -infinity, +infinity, finite, or null (no verdict). A step
 * within `relative` of the larger of its two values (and of `magnitude`, the example's) is rounding.
 */
export function classifyLimit(values: readonly Decimal[], relative: number, magnitude: Decimal): LimitReading | null {
  const steps = values.slice(1).map((v, k) => values[k].minus(v));
  const allowance = values.slice(1).map((v, k) => Decimal.max(magnitude, v.abs(), values[k].abs()).mul(relative));
  // (equal steps, as −ln ln(1/x)'s, may differ by rounding: within the allowance)
  const growing = (sign: 1 | -1) => steps.every((d, k) => d.mul(sign).gt(allowance[k]) && (k === 0 || d.mul(sign).plus(allowance[k]).gte(steps[k - 1].mul(sign))));
  if (growing(1)) return '-infinity';
  if (growing(-1)) return '+infinity';
  if (steps.every((d, k) => k === 0 || d.abs().lte(allowance[k]) || d.abs().lte(steps[k - 1].abs().div(2)))) return 'finite';
  return null;
}

/** Whether the reading makes the line's result hold. */
export function limitHolds(result: LimitLine['result'], reading: LimitReading): boolean {
  if (result === 'bounded below') return reading !== '-infinity';
  if (result === 'bounded above') return reading !== '+infinity';
  return result === reading;
}
