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
  const { m, e } = dyadicOf(x);
  // Stryker disable next-line EqualityOperator: at e = 0 both forms are m
  return e >= 0 ? new Fraction(m * 2n ** BigInt(e)) : new Fraction(m, 2n ** BigInt(-e));
}

const ZERO = new Fraction(0);
const ONE = new Fraction(1);

export const rational: Field<Fraction> = {
  zero: ZERO,
  one: ONE,
  fromNumber: exactOf,
  fromRational: (q) => q,
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  div(a, b) {
    if (b.equals(0)) throw new NotRepresentable(`${a.toFraction()}/0`);
    return a.div(b);
  },
  neg: (a) => a.neg(),
  toNumber: (a) => a.valueOf(),
  sign: (a) => Math.sign(a.compare(0)) as -1 | 0 | 1,
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
/** c·√r, normalized. */
function make(c: Fraction, r: Fraction): Surd {
  if (c.equals(0) || r.equals(0)) return of(ZERO);
  const s = exactSqrt(r);
  return s ? of(c.mul(s)) : { q: c, r };
}

function add(a: Surd, b: Surd): Surd {
  if (a.q.equals(0)) return b;
  if (b.q.equals(0)) return a;
  if (a.r.equals(b.r)) return make(a.q.add(b.q), a.r);
  const ratio = exactSqrt(a.r.div(b.r));
  if (!ratio) throw new NotRepresentable('a sum of unlike surds (√2 + √3) is not q·√r');
  return make(a.q.mul(ratio).add(b.q), b.r);
}
const neg = (a: Surd): Surd => ({ q: a.q.neg(), r: a.r });

/**
 * Exact q·√r: enough for the square roots of the exam's derivations (σ = √Var, 1/√(1 − p)).
 * add/sub throw NotRepresentable where the result is not q·√r (√2 + √3), sqrt where the argument
 * is not rational (a root of a root) or is negative, div where the divisor is 0.
 */
export const surd: Field<Surd> & {
  /** √a for rational a ≥ 0. */
  sqrt(a: Surd): Surd;
  /** a = b as real numbers. */
  equals(a: Surd, b: Surd): boolean;
  /** "3/2", "√2", "1/2·√(3/5)". */
  show(a: Surd): string;
} = {
  zero: of(ZERO),
  one: of(ONE),
  fromNumber: (x) => of(exactOf(x)),
  fromRational: of,
  add,
  sub: (a, b) => add(a, neg(b)),
  mul: (a, b) => make(a.q.mul(b.q), a.r.mul(b.r)),
  div(a, b) {
    if (b.q.equals(0)) throw new NotRepresentable('division by 0');
    return make(a.q.div(b.q), a.r.div(b.r));
  },
  neg,
  toNumber: (a) => a.q.valueOf() * Math.sqrt(a.r.valueOf()),
  sign: (a) => rational.sign(a.q),
  sqrt(a) {
    if (!a.r.equals(1)) throw new NotRepresentable('a root of a root is not q·√r');
    if (a.q.compare(0) < 0) throw new NotRepresentable(`√${a.q.toFraction()}`);
    return make(ONE, a.q);
  },
  equals: (a, b) => a.q.s === b.q.s && a.q.pow(2).mul(a.r).equals(b.q.pow(2).mul(b.r)),
  show: (a) => (a.r.equals(1) ? a.q.toFraction() : `${a.q.equals(1) ? '' : `${a.q.toFraction()}·`}√${a.r.d === 1n ? a.r.toFraction() : `(${a.r.toFraction()})`}`),
};
