/**
 * float64's rounding error as numbers, two ways. Static (Higham §3.1): a ring that carries only a
 * magnitude and counts of roundings, and bounds any float64 evaluation of the same sums and
 * products, in any order. Running (Higham §3.3): float64 itself carrying a rigorous bound on its
 * distance from the exact value, a field (division included: oracles/half-dropout.ts's CDF).
 */
import type Fraction from 'fraction.js';
import { dyadicOf } from './dyadic.ts';
import { NotRepresentable, type Field, type Ring } from './tower.ts';

/** Unit roundoff of float64. */
export const UNIT_ROUNDOFF = 2 ** -53;

/** Higham's γ_k = k·u / (1 − k·u). */
export const gamma = (k: number): number => (k * UNIT_ROUNDOFF) / (1 - k * UNIT_ROUNDOFF);

/**
 * Forward error analysis as a ring (Higham, Accuracy and Stability of Numerical Algorithms,
 * §3.1): an element is (magnitude, depth, terms, absolute), where magnitude is the value computed
 * with every input and every term replaced by its absolute value, terms is the number of summands
 * of the sum it is (sums of sums flattened; a product or an input is one term), and depth is the
 * largest number of rounded operations inside any one summand. Any float64 evaluation of the same
 * sums and products, in any association and order of its sums, is then within
 * γ(roundings)·magnitude + absolute of the exact value, where roundings = depth + terms − 1: a
 * sum of n terms, in any order and any binary tree, puts at most n − 1 roundings above each term,
 * and a product of k factors k − 1 however it is associated. A product's underflow allowance holds
 * for its association as written: a partial product formed otherwise may underflow where the
 * written ones do not, its 2^-1075 then multiplied by the other factors (a·(b·c) is off by 2^-75,
 * 3%, where (a·b)·c's bound allows under 2^-121: error-bound.test.ts).
 *
 * absolute is gradual underflow's share (Higham §2.1, (2.8)): a product that lands below 2^-1022
 * is off by up to 2^-1075 absolute, not u relative, and so may be the float64 product of the
 * magnitudes. A sum that lands there is exact. Each product adds SUBNORMAL_SLACK and carries its
 * factors' allowances through by their magnitudes; for inputs and results that stay normal it is a
 * few times 2^-1071, far below γ·magnitude.
 */
export interface ErrorBound {
  readonly magnitude: number;
  readonly depth: number;
  readonly terms: number;
  readonly absolute: number;
}

/** The rounded operations on any path from an input to the result, in any order of its sums: depth + terms − 1 (0 adds nothing: 0 + x is exact). */
export const roundings = (a: ErrorBound): number => a.depth + Math.max(a.terms, 1) - 1;

/**
 * 2^-1071, sixteen of the subnormal range's half-ulps (2^-1075): one product's own underflow, its
 * magnitude's, and the float64 roundings of the absolute term's own update (at most four more).
 */
export const SUBNORMAL_SLACK = 2 ** -1071;

/**
 * The allowed rounding error of a float64 evaluation: γ(roundings)·magnitude, Higham's worst case,
 * which is certain whatever the data (a probabilistic γ̃ ∝ √k, Higham and Mary's, assumes
 * roundings independent with mean zero, which equal terms rounding alike defeat), plus the
 * underflow allowance. Widened by 2^-40 relative because the magnitude itself was summed in
 * float64 (its own relative error is below γ ≪ 2^-40), and by 2^-1074 for the underflow of
 * γ·magnitude itself.
 */
export const roundingBound = (a: ErrorBound): number => (gamma(roundings(a)) * a.magnitude + a.absolute) * (1 + 2 ** -40) + 2 ** -1074;

/**
 * Each bound is computed in float64 from a few nonnegative terms; rounding those sums and products
 * loses less than 8u relative, so every new bound is widened by 2^-49 to stay an upper bound.
 */
// Stryker disable next-line ArithmeticOperator: ×(1 ∓ 2^-49) and ÷ move a bound by 2^-48 of itself, against its own rounding of under 8u
const up = (x: number): number => x * (1 + 2 ** -49);

/** A sum's underflow allowance is its terms', through one more rounding (1 + u), widened by `up`. */
const sum = (a: ErrorBound, b: ErrorBound): ErrorBound => ({ magnitude: a.magnitude + b.magnitude, depth: Math.max(a.depth, b.depth), terms: a.terms + b.terms, absolute: up(a.absolute + b.absolute) });

/**
 * A product's underflow allowance: each factor's carried by the other's value, at most
 * (1 + γ)(magnitude + absolute) ≤ 2(magnitude + absolute) while γ ≤ 1, the two allowances'
 * product, and the product's own SUBNORMAL_SLACK.
 */
const product = (a: ErrorBound, b: ErrorBound): ErrorBound => ({
  magnitude: a.magnitude * b.magnitude,
  depth: roundings(a) + roundings(b) + 1,
  terms: 1,
  absolute: up(2 * (a.magnitude + a.absolute) * b.absolute + 2 * (b.magnitude + b.absolute) * a.absolute + a.absolute * b.absolute) + SUBNORMAL_SLACK,
});

/** Higham's static bound; toNumber is the bound itself (roundingBound). It has no order: sign throws NotRepresentable. */
export const errorBound: Ring<ErrorBound> = {
  zero: { magnitude: 0, depth: 0, terms: 0, absolute: 0 },
  one: { magnitude: 1, depth: 0, terms: 1, absolute: 0 },
  fromNumber: (x) => ({ magnitude: Math.abs(x), depth: 0, terms: 1, absolute: 0 }),
  add: sum,
  sub: sum,
  mul: product,
  // negation is exact in float64
  neg: (a) => a,
  toNumber: roundingBound,
  sign: () => {
    throw new NotRepresentable('an error bound has no sign');
  },
};

/** A float64 value and an upper bound on |value − exact|, where exact is the same expression in ℝ. */
export interface Rounded {
  readonly value: number;
  readonly error: number;
}

/** Round to nearest: |fl(z) − z| ≤ u·|fl(z)| for every normal result (the half-ulp of fl(z)'s binade). */
function rounded(value: number, propagated: number): Rounded {
  if (!Number.isFinite(value) || (value !== 0 && Math.abs(value) < 2 ** -1022)) throw new Error(`float64 left the normal range: ${value}`);
  if (!Number.isFinite(propagated)) throw new NotRepresentable(`a bound of ${propagated} on ${value}`);
  return { value, error: up(propagated + UNIT_ROUNDOFF * Math.abs(value)) };
}

/**
 * An upper bound on |num/den| (den > 0) as a double: both cut to their top 62 bits, a cut numerator
 * rounded up and a cut denominator down, the quotient (at most three roundings of u) widened by
 * 2^-49; below 2^-1000 it is 2^-1000 (Fraction.valueOf, n/d in float64, gives 0 or NaN once n or d
 * passes 2^1024, which no bound may). Its one caller's ratios are distances from a finite double,
 * at most half its ulp (2^970).
 */
function upperRatio(num: bigint, den: bigint): number {
  // Stryker disable next-line EqualityOperator: −0n is 0n
  const a = num < 0n ? -num : num;
  if (a === 0n) return 0;
  const cut = (v: bigint) => Math.max(0, v.toString(2).length - 62);
  const [s, t] = [cut(a), cut(den)];
  // Stryker disable next-line ArithmeticOperator: ÷ or ×(1 − 2^-49) leaves fromRational's own widening by 2^-49 (up) against three roundings of u
  const r = (Number(s > 0 ? (a >> BigInt(s)) + 1n : a) / Number(den >> BigInt(t))) * (1 + 2 ** -49);
  const e = s - t;
  if (Math.log2(r) + e < -1000) return 2 ** -1000;
  // e < 0 only where den was cut, and then r < 2.01 (at most 62 bits over 62 bits), so e ≥ -1002
  // here: 2^e is exact, and r·2^e, between 2^-1000 and 2^970, is normal, so exact too
  return r * 2 ** e;
}

/**
 * |q − x| for a double x = m·2^e, from above: (n·2^-e − m·d)/(d·2^-e) (or (n − m·2^e·d)/d) in
 * integers, unreduced (reducing it as a Fraction costs a gcd of numbers of a hundred digits), and
 * bounded by upperRatio.
 */
function distance(q: Fraction, x: number): number {
  const { m, e } = dyadicOf(x);
  const n = q.s * q.n;
  // Stryker disable next-line EqualityOperator: at e = 0 both branches give n − m·d over d
  const [num, den] = e >= 0 ? [n - (m << BigInt(e)) * q.d, q.d] : [(n << BigInt(-e)) - m * q.d, q.d << BigInt(-e)];
  return upperRatio(num, den);
}

/**
 * float64 with its running error bound: every operation adds its own rounding, u·|result|, to the
 * propagated errors of its operands (for a·b: |a|e_b + |b|e_a + e_a·e_b; for a/b:
 * (e_a + |a/b|e_b) / (|b| − e_b), taken while e_b ≤ |b|/2). A result outside float64's normal
 * range throws Error; a divisor within twice its bound of 0, a sign there, or a bound that is not
 * finite throws NotRepresentable. A term of a bound that underflows is not seen: the bound holds
 * where no such loss (under 2^-1074 each) is multiplied up, as in its one user, half-dropout's
 * binomial CDF (divisors k + 1 ≥ 1 and (b − a)/b ≥ 1/2, terms kept above 2^-900). The gradient
 * check at scale keeps its values in a band instead (compile-float64.ts, BAND).
 */
export const float64WithError: Field<Rounded> = {
  zero: { value: 0, error: 0 },
  one: { value: 1, error: 0 },
  fromNumber: (x) => ({ value: x, error: 0 }),
  fromRational: (q: Fraction) => {
    const value = q.valueOf();
    return { value, error: up(distance(q, value)) };
  },
  add: (a, b) => rounded(a.value + b.value, a.error + b.error),
  sub: (a, b) => rounded(a.value - b.value, a.error + b.error),
  mul: (a, b) => rounded(a.value * b.value, Math.abs(a.value) * b.error + Math.abs(b.value) * a.error + a.error * b.error),
  div: (a, b) => {
    // e_a/(|b| − e_b) + |a/b|·e_b/(|b| − e_b), with |a/b| ≤ |v|(1 + 2u) inside the widening: no
    // product of two magnitudes (|b|·|b| overflowed to ∞ past 2^512, leaving u|v| as the bound)
    const room = Math.abs(b.value) - b.error;
    if (!(room > 0 && room >= Math.abs(b.value) / 2)) throw new NotRepresentable(`division by ${b.value} ± ${b.error}: the divisor may be 0`);
    const value = a.value / b.value;
    return rounded(value, a.error / room + Math.abs(value) * (b.error / room));
  },
  neg: (a) => ({ value: -a.value, error: a.error }),
  toNumber: (a) => a.value,
  sign: (a) => {
    if (a.value === 0 && a.error === 0) return 0;
    if (Math.abs(a.value) <= a.error) throw new NotRepresentable(`the sign of ${a.value} ± ${a.error}`);
    // Stryker disable next-line EqualityOperator: a value 0 has returned (error 0) or thrown (error > 0) above
    return a.value > 0 ? 1 : -1;
  },
};
