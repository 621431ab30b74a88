/**
 * Dual numbers over any instance of the tower (DESIGN.md §3): forward-mode derivatives. A dual
 * number is a value and a short list of tangents, the value's derivatives along as many
 * directions at once (one for a check along a random direction, one per entry for a check entry
 * by entry). Each operation computes its value and, beside it, the rule that carries the
 * tangents through it (the chain rule, as micrograd writes each backward rule beside its forward).
 *
 * The tangents are exactly as exact as the base: over rationals every derivative of a program of
 * + − × ÷ is exact; over decimal(50) each rule rounds like the base does.
 *
 * A missing tangent is zero: a constant has none (`d: []`), so literals and values no direction
 * touches cost nothing, and a list shorter than another is read as padded with zeros.
 */
import type Fraction from 'fraction.js';
import { has, type Analytic, type Field, type Ring } from './tower.ts';

export interface Dual<T> {
  /** The value. */
  readonly v: T;
  /** Its derivative along direction k, for k < d.length; zero past the end. */
  readonly d: readonly T[];
}

/** Tangent k of a (zero past the end of its list). */
export const tangent = <T>(R: Ring<T>, a: Dual<T>, k: number): T => (k < a.d.length ? a.d[k] : R.zero);

/** The derivatives ka·a′ + kb·b′ of a function of a and b with partial derivatives ka and kb (kb: b does not matter). */
// plain loops, not Array.from with a callback: these run once or twice per operation of every
// forward-mode check, most often with one tangent (a check along a random direction)
function chain<T>(R: Ring<T>, a: Dual<T>, ka: T, b?: Dual<T>, kb?: T): T[] {
  const [na, nb] = [a.d.length, b ? b.d.length : 0];
  const out = new Array<T>(Math.max(na, nb));
  for (let k = 0; k < out.length; k++) {
    const da = k < na ? R.mul(a.d[k], ka) : R.zero;
    out[k] = k < nb ? R.add(da, R.mul(b!.d[k], kb!)) : da;
  }
  return out;
}

/** a′ + b′ (or a′ − b′), without multiplying by ±1. */
function sumTangents<T>(R: Ring<T>, a: Dual<T>, b: Dual<T>, minus: boolean): T[] {
  const [na, nb] = [a.d.length, b.d.length];
  const out = new Array<T>(Math.max(na, nb));
  for (let k = 0; k < out.length; k++) {
    const db = k < nb ? b.d[k] : R.zero;
    out[k] = k >= na ? (minus ? R.neg(db) : db) : minus ? R.sub(a.d[k], db) : R.add(a.d[k], db);
  }
  return out;
}

const instances = new WeakMap<object, Ring<Dual<never>>>();

/**
 * Dual numbers over `base`, at the base's level: over a Ring the ring operations, over a Field
 * also ÷ and rational constants, over an Analytic field also exp, log, sqrt, tanh, sin, cos and
 * softplus. One instance per base (memoized), so a program compiled for it is compiled once.
 * `sign` and `toNumber` read the value (relu, max and |·| branch on it, each branch analytic).
 * An operation the base cannot carry out (1/0, √2 in rationals) throws the base's NotRepresentable,
 * and so does a derivative that does not exist there (√ and log at 0 with a tangent).
 */
export function dual<T>(base: Analytic<T>): Analytic<Dual<T>>;
export function dual<T>(base: Field<T>): Field<Dual<T>>;
export function dual<T>(base: Ring<T>): Ring<Dual<T>>;
export function dual<T>(base: Ring<T>): Ring<Dual<T>> {
  const known = instances.get(base) as Ring<Dual<T>> | undefined;
  if (known) return known;
  const R = base;
  const constant = (v: T): Dual<T> => ({ v, d: [] });
  const ring: Ring<Dual<T>> = {
    zero: constant(R.zero),
    one: constant(R.one),
    fromNumber: (x) => constant(R.fromNumber(x)),
    toNumber: (a) => R.toNumber(a.v),
    sign: (a) => R.sign(a.v),
    add: (a, b) => ({ v: R.add(a.v, b.v), d: sumTangents(R, a, b, false) }),
    sub: (a, b) => ({ v: R.sub(a.v, b.v), d: sumTangents(R, a, b, true) }),
    neg: (a) => ({ v: R.neg(a.v), d: a.d.map((t) => R.neg(t)) }),
    // (ab)′ = a′b + ab′
    mul: (a, b) => ({ v: R.mul(a.v, b.v), d: chain(R, a, b.v, b, a.v) }),
  };
  let made: Ring<Dual<T>> = ring;
  if (has(R, 'div')) {
    const F = R as Field<T>;
    const reciprocals = new WeakMap<Dual<T>, Dual<T>>();
    const reciprocal = (b: Dual<T>): Dual<T> => {
      const hit = reciprocals.get(b);
      // Stryker disable next-line ConditionalExpression: a cache; computing 1/b again gives the same
      if (hit) return hit;
      const r = F.div(F.one, b.v);
      const r2 = F.neg(F.mul(r, r));
      const out = { v: r, d: b.d.map((t) => F.mul(t, r2)) };
      reciprocals.set(b, out);
      return out;
    };
    const field: Field<Dual<T>> = {
      ...ring,
      fromRational: (q: Fraction) => constant(F.fromRational(q)),
      // a/b = a·(1/b), (1/b)′ = −b′/b²: one division per divisor, remembered per dual number, so
      // a softmax's p[b, j] = exp(s[b, j])/Z[b] divides once per row, not twice per entry
      div: (a, b) => ring.mul(a, reciprocal(b)),
    };
    made = field;
    if (has(R, 'exp')) {
      const A = R as Analytic<T>;
      /**
       * f(a) with f′(a) = df(value of f, a): the derivative is computed only where a tangent needs
       * it. Dual numbers are immutable, so f(a) is remembered per a: a program that reads exp(s[b, j])
       * in two statements (a softmax) pays for one exp at 50 digits (~100 µs), not two.
       */
      const unary = (f: (x: T) => T, df: (fx: T, x: T) => T) => {
        const known = new WeakMap<Dual<T>, Dual<T>>();
        return (a: Dual<T>): Dual<T> => {
          const hit = known.get(a);
          // Stryker disable next-line ConditionalExpression: a cache; computing f(a) again gives the same
          if (hit) return hit;
          const v = f(a.v);
          const fa = a.d.length === 0 ? constant(v) : { v, d: chain(A, a, df(v, a.v)) };
          known.set(a, fa);
          return fa;
        };
      };
      const two = A.fromNumber(2);
      const analytic: Analytic<Dual<T>> = {
        ...field,
        // exp′ = exp
        exp: unary(A.exp, (e) => e),
        // log′(x) = 1/x
        log: unary(A.log, (_, x) => A.div(A.one, x)),
        // √′(x) = 1/(2√x)
        sqrt: unary(A.sqrt, (s) => A.div(A.one, A.mul(two, s))),
        // tanh′ = 1 − tanh² = 4e/(1 + e)² with e = e^(−2|x|): 1 − tanh² would cancel far from 0
        // (at x = 30 it keeps 24 of 50 digits), this sum of positive terms keeps them all
        tanh: unary(A.tanh, (_, x) => {
          // Stryker disable next-line EqualityOperator: at x = 0 either sign gives e = 1
          const e = A.exp(A.mul(A.fromNumber(A.sign(x) < 0 ? 2 : -2), x));
          const s = A.add(A.one, e);
          return A.div(A.mul(A.fromNumber(4), e), A.mul(s, s));
        }),
        // sin′ = cos, cos′ = −sin
        sin: unary(A.sin, (_, x) => A.cos(x)),
        cos: unary(A.cos, (_, x) => A.neg(A.sin(x))),
        // softplus′(x) = σ(x) = e^x/(1 + e^x) = e^(x − softplus(x)): no overflow for any x
        softplus: unary(A.softplus, (sp, x) => A.exp(A.sub(x, sp))),
      };
      made = analytic;
    }
  }
  instances.set(base, made as Ring<Dual<never>>);
  return made;
}
