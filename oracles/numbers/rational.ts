/**
 * Exact rationals (fraction.js), and exact q·√r values for the square roots of derivations.
 * Every finite double is a rational, so `fromNumber` loses nothing (the double's dyadic value,
 * not the nearby simple fraction fraction.js would pick for 0.1).
 */
import Fraction from 'fraction.js';
import { dyadicOf } from './dyadic.ts';
import { NotRepresentable, type Field } from './tower.ts';

/** The double x as the rational it is, exactly (fraction.js would approximate 0.1 by 1/10). */
export function exactOf(x: number): Fraction {
  // an integer (a point's drawn grid steps and sizes) built as fraction.js would, without parsing it
  if (Number.isSafeInteger(x)) return build(x < 0 ? -1n : 1n, BigInt(Math.abs(x)), 1n);
  const { m, e } = dyadicOf(x);
  // Stryker disable next-line EqualityOperator: at e = 0 both forms are m
  return e >= 0 ? new Fraction(m * 2n ** BigInt(e)) : new Fraction(m, 2n ** BigInt(-e));
}

// built as the operations below build their results (`build`), not by fraction.js's constructor: one
// object shape for every value they meet, so code optimized for it is not thrown away at a 0 or a 1
const ZERO = build(1n, 0n, 1n);
const ONE = build(1n, 1n, 1n);

// The exact checks (derivations, expectations by enumeration, exact gradients) spend most of their
// time in fraction.js's add/mul: each call first re-parses its argument, and reduces by a gcd taken
// in BigInt steps. Its values are small, so the four operations below build the same reduced
// Fraction (sign s = ±1n, n ≥ 0, d > 0, gcd(n, d) = 1, 0 = 0/1 with s = 1n) directly, with the gcd
// taken in float64 integers wherever both operands are below 2^53 (exact there).

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** gcd(a, b) for a, b ≥ 0 (gcd(0, b) = b). */
function gcd(a: bigint, b: bigint): bigint {
  // integers (d = 1) and unit numerators are most operands
  if (a === 1n || b === 1n) return 1n;
  // Euclid in BigInt steps only while an operand is past 2^53: the remainders fall below it after a
  // few steps (each step roughly halves them), and the rest is exact in float64 integers
  while (a > SAFE || b > SAFE) {
    if (b === 0n) return a;
    const r = a % b;
    a = b;
    b = r;
  }
  const x = gcdOfNumbers(Number(a), Number(b));
  return x === 1 ? 1n : BigInt(x);
}

/** gcd(x, y) for safe integers x, y ≥ 0. */
function gcdOfNumbers(x: number, y: number): number {
  while (y !== 0) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

/** The Fraction s·n/d from its fields, already reduced (fraction.js builds its results so). */
function build(s: bigint, n: bigint, d: bigint): Fraction {
  const f = Object.create(Fraction.prototype) as Fraction;
  f.s = s;
  f.n = n;
  f.d = d;
  return f;
}

/** The Fraction sn/d (d > 0), reduced. */
function fraction(sn: bigint, d: bigint): Fraction {
  const n = sn < 0n ? -sn : sn;
  const g = gcd(n, d);
  return g === 1n ? build(sn < 0n ? -1n : 1n, n, d) : build(sn < 0n ? -1n : 1n, n / g, d / g);
}

// Where every numerator and denominator is below 2^26, a sum's or a product's cross terms are below
// 2^53: computed in float64 integers, exactly, with two BigInts made for the result instead of
// the eight or so of the BigInt path (the derivations' enumerations add up thousands of small ones).
const LIMIT = 2 ** 26;
/** The Fraction num/den (den > 0, both safe integers), reduced. */
function fractionOfNumbers(num: number, den: number): Fraction {
  const n = Math.abs(num);
  const g = gcdOfNumbers(n, den);
  return build(num < 0 ? -1n : 1n, BigInt(n / g), BigInt(den / g));
}

const signed = (a: Fraction): bigint => (a.s < 0n ? -a.n : a.n);
const isZero = (a: Fraction): boolean => a.n === 0n;
/** a = b: reduced forms are equal (the sign aside at 0). */
const same = (a: Fraction, b: Fraction): boolean => a.n === b.n && a.d === b.d && (a.s === b.s || a.n === 0n);

/**
 * a/b ± c/d by Knuth's rule (TAOCP 4.5.1): with g = gcd(b, d), t = a(d/g) ± c(b/g) and
 * h = gcd(t, g), the sum is (t/h)/((b/g)(d/h)), reduced. Every gcd here is of numbers below 2^26,
 * which float64's % takes in small-integer steps; the gcd of the cross product's parts (up to
 * 2^52) took a library call per step and was most of an enumeration's time (P6.bias). The sign of
 * c/d is flipped in place (`minus`), not in a negated copy. No array destructuring in these
 * operations, nor in the others below: code not yet optimized builds the array and walks it.
 */
function sum(a: Fraction, b: Fraction, minus: boolean): Fraction {
  // each part read as a double once and compared there (a part past 2^26 is a double past it too): fewer BigInt operations
  const an = Number(a.n);
  const ad = Number(a.d);
  const bn = Number(b.n);
  const bd = Number(b.d);
  if (an < LIMIT && ad < LIMIT && bn < LIMIT && bd < LIMIT) {
    const x = a.s < 0n ? -an : an;
    const y = (b.s < 0n) !== minus ? -bn : bn;
    if (ad === bd) return fractionOfNumbers(x + y, ad);
    const g = gcdOfNumbers(ad, bd);
    const t = x * (bd / g) + y * (ad / g);
    // t ≠ 0 (b ≠ d, both reduced); where g = 1, t/(bd) is reduced already
    const h = g === 1 ? 1 : gcdOfNumbers(g, Math.abs(t) % g);
    return build(t < 0 ? -1n : 1n, BigInt(Math.abs(t) / h), BigInt((ad / g) * (bd / h)));
  }
  return sumOfBigInts(a, b, minus);
}

/**
 * `sum` past 2^26, in BigInt steps. A function of its own, as `productOfBigInts` is: a path taken
 * rarely is then not inlined into `sum`, nor with it into its callers, whose optimized compilation
 * (in a check's first thousand examples or so, paid in its process time) the BigInt operations
 * made several times longer.
 */
function sumOfBigInts(a: Fraction, b: Fraction, minus: boolean): Fraction {
  const bn = minus ? -signed(b) : signed(b);
  return a.d === b.d ? fraction(signed(a) + bn, a.d) : fraction(signed(a) * b.d + bn * a.d, a.d * b.d);
}
const add = (a: Fraction, b: Fraction): Fraction => sum(a, b, false);
const neg = (a: Fraction): Fraction => build(isZero(a) || a.s < 0n ? 1n : -1n, a.n, a.d);
/**
 * (a/b)·(σ·c/d) = (a/g)(c/h) / ((b/h)(d/g)) with g = gcd(a, d), h = gcd(c, b): reduced, as a/b and
 * c/d are. Its second factor by its fields (σ, c, d), so a quotient passes its divisor's fields
 * swapped instead of building the reciprocal.
 */
function product(a: Fraction, bs: bigint, bn: bigint, bd: bigint): Fraction {
  const an = Number(a.n);
  const cn = Number(bn);
  if (an === 0 || cn === 0) return ZERO;
  const s = a.s === bs ? 1n : -1n;
  const ad = Number(a.d);
  const cd = Number(bd);
  if (an < LIMIT && ad < LIMIT && cn < LIMIT && cd < LIMIT) {
    const g = gcdOfNumbers(an, cd);
    const h = gcdOfNumbers(cn, ad);
    return build(s, BigInt((an / g) * (cn / h)), BigInt((ad / h) * (cd / g)));
  }
  return productOfBigInts(a, s, bn, bd);
}

/** `product` past 2^26 (sign s), in BigInt steps (a function of its own: see `sumOfBigInts`). */
function productOfBigInts(a: Fraction, s: bigint, bn: bigint, bd: bigint): Fraction {
  const g = gcd(a.n, bd);
  const h = gcd(bn, a.d);
  return build(s, g === 1n && h === 1n ? a.n * bn : (a.n / g) * (bn / h), g === 1n && h === 1n ? a.d * bd : (a.d / h) * (bd / g));
}
const mul = (a: Fraction, b: Fraction): Fraction => product(a, b.s, b.n, b.d);
/** fraction.js's valueOf, Number(s·n)/Number(d), without the BigInt product: conversion rounds symmetrically about 0. */
function toNumber(a: Fraction): number {
  const v = Number(a.n) / Number(a.d);
  return a.s < 0n && !isZero(a) ? -v : v;
}
/** a/b for b ≠ 0 (the caller checks): a times b's reciprocal, reduced as b is. */
const quotient = (a: Fraction, b: Fraction): Fraction => product(a, b.s, b.d, b.n);

export const rational: Field<Fraction> = {
  zero: ZERO,
  one: ONE,
  fromNumber: exactOf,
  fromRational: (q) => q,
  add,
  sub: (a, b) => sum(a, b, true),
  mul,
  div(a, b) {
    if (isZero(b)) throw new NotRepresentable(`${a.toFraction()}/0`);
    return quotient(a, b);
  },
  neg,
  toNumber,
  sign: (a) => (isZero(a) ? 0 : a.s < 0n ? -1 : 1),
};

/** q·√r with q, r rational, r ≥ 0; normalized: r is 1 where √r is rational, and q = 0 has r = 1. */
export interface Surd {
  readonly q: Fraction;
  readonly r: Fraction;
}

/** √x if it is rational, else null; x > 0. */
export function exactSqrt(x: Fraction): Fraction | null {
  const root = (n: bigint) => {
    let r = BigInt(Math.floor(Math.sqrt(Number(n))));
    while (r * r > n) r--;
    while ((r + 1n) * (r + 1n) <= n) r++;
    return r;
  };
  const [n, d] = [root(x.n), root(x.d)];
  return n * n === x.n && d * d === x.d ? new Fraction(n, d) : null;
}

const of = (x: Fraction): Surd => ({ q: x, r: ONE });
/** c·√r, normalized (r = 1, the rationals, needs no root). */
function make(c: Fraction, r: Fraction): Surd {
  if (isZero(c) || isZero(r)) return of(ZERO);
  if (same(r, ONE)) return of(c);
  const s = exactSqrt(r);
  return s ? of(mul(c, s)) : { q: c, r };
}

function surdAdd(a: Surd, b: Surd): Surd {
  if (isZero(a.q)) return b;
  if (isZero(b.q)) return a;
  if (a.r === ONE && b.r === ONE) return of(add(a.q, b.q));
  if (same(a.r, b.r)) return make(add(a.q, b.q), a.r);
  const ratio = exactSqrt(quotient(a.r, b.r));
  if (!ratio) throw new NotRepresentable('a sum of unlike surds (√2 + √3) is not q·√r');
  return make(add(mul(a.q, ratio), b.q), b.r);
}
const surdNeg = (a: Surd): Surd => ({ q: neg(a.q), r: a.r });
const cmp = (x: bigint, y: bigint): -1 | 0 | 1 => (x < y ? -1 : x > y ? 1 : 0);
/** The sign of a − b for rationals, by cross-multiplication (no gcd, no parse of the argument as fraction.js's compare does). */
export const compareRationals = (a: Fraction, b: Fraction): -1 | 0 | 1 => cmp(signed(a) * b.d, signed(b) * a.d);
/**
 * The sign of a − b: like signs compared by q where the roots are one (most values: r = 1), else
 * by the squares q²r, cross-multiplied in BigInt (no gcd: only the sign is needed).
 */
function surdCompare(a: Surd, b: Surd): -1 | 0 | 1 {
  const [sa, sb] = [rational.sign(a.q), rational.sign(b.q)];
  if (sa !== sb) return sa < sb ? -1 : 1;
  if (sa === 0) return 0;
  if (same(a.r, b.r)) return compareRationals(a.q, b.q);
  const bySize = cmp(a.q.n * a.q.n * a.r.n * b.q.d * b.q.d * b.r.d, b.q.n * b.q.n * b.r.n * a.q.d * a.q.d * a.r.d);
  return sa < 0 ? (-bySize as -1 | 0 | 1) : bySize;
}

/**
 * Exact q·√r: enough for the square roots of the exam's derivations (σ = √Var, 1/√(1 − p)).
 * add/sub throw NotRepresentable where the result is not q·√r (√2 + √3), sqrt where the argument
 * is not rational (a root of a root) or is negative, div where the divisor is 0.
 */
export const surd: Field<Surd> & {
  /** √a for rational a ≥ 0. */
  sqrt(a: Surd): Surd;
  /** Whether a is rational (r = 1): without fraction.js's equals, which parses its argument. */
  isRational(a: Surd): boolean;
  /** a = b as real numbers. */
  equals(a: Surd, b: Surd): boolean;
  /** The sign of a − b as real numbers (surds have no subtraction in general: √2 − √3 is not q·√r). */
  compare(a: Surd, b: Surd): -1 | 0 | 1;
  /** "3/2", "√2", "1/2·√(3/5)". */
  show(a: Surd): string;
} = {
  zero: of(ZERO),
  one: of(ONE),
  fromNumber: (x) => of(exactOf(x)),
  fromRational: of,
  add: surdAdd,
  sub: (a, b) => surdAdd(a, surdNeg(b)),
  // two rationals (r = 1, most values) multiply to a rational: no root to look for
  mul: (a, b) => (a.r === ONE && b.r === ONE ? of(mul(a.q, b.q)) : make(mul(a.q, b.q), mul(a.r, b.r))),
  div(a, b) {
    if (isZero(b.q)) throw new NotRepresentable('division by 0');
    return make(quotient(a.q, b.q), quotient(a.r, b.r));
  },
  neg: surdNeg,
  toNumber: (a) => toNumber(a.q) * Math.sqrt(toNumber(a.r)),
  sign: (a) => rational.sign(a.q),
  sqrt(a) {
    if (!same(a.r, ONE)) throw new NotRepresentable('a root of a root is not q·√r');
    if (a.q.compare(0) < 0) throw new NotRepresentable(`√${a.q.toFraction()}`);
    return make(ONE, a.q);
  },
  isRational: (a) => same(a.r, ONE),
  equals: (a, b) => surdCompare(a, b) === 0,
  compare: surdCompare,
  show: (a) => (same(a.r, ONE) ? a.q.toFraction() : `${a.q.equals(1) ? '' : `${a.q.toFraction()}·`}√${a.r.d === 1n ? a.r.toFraction() : `(${a.r.toFraction()})`}`),
};
