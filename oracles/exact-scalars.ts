/**
 * Scalars with division, in two number systems, so one piece of code (an optimizer, a layer) runs
 * exactly and in float64: exact rationals (fraction.js), and float64 carrying a rigorous bound on
 * its distance from the exact value (running error analysis, Higham §3.3). oracles/field.ts has no
 * division, which η′ = η/(1 − μ) needs.
 */
import Fraction from 'fraction.js';
import { dyadicOf, UNIT_ROUNDOFF } from './field.ts';

export interface Scalars<T> {
  readonly zero: T;
  readonly one: T;
  fromRational(q: Fraction): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
}

/** The double x as the rational it is, exactly (fraction.js would approximate 0.1 by 1/10). */
export function exactOf(x: number): Fraction {
  const { m, e } = dyadicOf(x);
  // Stryker disable next-line EqualityOperator: at e = 0 both forms are m
  return e >= 0 ? new Fraction(m * 2n ** BigInt(e)) : new Fraction(m, 2n ** BigInt(-e));
}

export const rationals: Scalars<Fraction> = {
  zero: new Fraction(0),
  one: new Fraction(1),
  fromRational: (q) => q,
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  div: (a, b) => a.div(b),
};

/** Plain float64, as a student's code runs (for simulations; checks use float64WithError). */
export const float64: Scalars<number> = {
  zero: 0,
  one: 1,
  fromRational: (q) => q.valueOf(),
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
};

/** A float64 value and an upper bound on |value − exact|, where exact is the same expression in ℝ. */
export interface Rounded {
  readonly value: number;
  readonly error: number;
}

/**
 * Each bound is computed in float64 from a few nonnegative terms; rounding those sums and products
 * loses less than 8u relative, so every new bound is widened by 2^-49 to stay an upper bound.
 */
// Stryker disable next-line ArithmeticOperator: ×(1 ∓ 2^-49) and ÷ move a bound by 2^-48 of itself, against its own rounding of under 8u
const up = (x: number): number => x * (1 + 2 ** -49);

/** Round to nearest: |fl(z) − z| ≤ u·|fl(z)| for every normal result (the half-ulp of fl(z)'s binade). */
function rounded(value: number, propagated: number): Rounded {
  if (!Number.isFinite(value) || (value !== 0 && Math.abs(value) < 2 ** -1022)) throw new Error(`float64 left the normal range: ${value}`);
  return { value, error: up(propagated + UNIT_ROUNDOFF * Math.abs(value)) };
}

/**
 * float64 with its running error bound: every operation adds its own rounding, u·|result|, to the
 * propagated errors of its operands (for a·b: |a|e_b + |b|e_a + e_a·e_b; for a/b:
 * (e_a|b| + |a|e_b) / (|b|(|b| − e_b)), valid while e_b < |b|).
 */
export const float64WithError: Scalars<Rounded> = {
  zero: { value: 0, error: 0 },
  one: { value: 1, error: 0 },
  fromRational: (q) => {
    const value = q.valueOf();
    return { value, error: up(Math.abs(q.sub(exactOf(value)).valueOf())) };
  },
  add: (a, b) => rounded(a.value + b.value, a.error + b.error),
  sub: (a, b) => rounded(a.value - b.value, a.error + b.error),
  mul: (a, b) => rounded(a.value * b.value, Math.abs(a.value) * b.error + Math.abs(b.value) * a.error + a.error * b.error),
  div: (a, b) => {
    const denominator = Math.abs(b.value) * (Math.abs(b.value) - b.error);
    if (!(denominator > 0)) throw new Error(`division by ${b.value} ± ${b.error}: the divisor may be 0`);
    return rounded(a.value / b.value, (a.error * Math.abs(b.value) + Math.abs(a.value) * b.error) / denominator);
  },
};

/** |x − exact| ≤ x.error, decided exactly (the bound itself is a double, so a dyadic rational). */
export const within = (x: Rounded, exact: Fraction): boolean => exact.sub(exactOf(x.value)).abs().compare(exactOf(x.error)) <= 0;
