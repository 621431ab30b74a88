/**
 * Decimal floating point (decimal.js) at a chosen number of significant digits, default 50: the
 * oracle's number system where the math is not rational. Each operation is correctly rounded or
 * within a unit or two of its last digit; tanh far from 0 and softplus far below 0 are computed
 * without the cancellation and the slowness of their textbook formulas.
 */
import { Decimal } from 'decimal.js';
import type Fraction from 'fraction.js';
import { memo } from '../memo.ts';
import { dyadicOf } from './dyadic.ts';
import { quad, type Quad } from './quad.ts';
import { NotRepresentable, type Analytic } from './tower.ts';

/** The double x as a decimal, exactly, whatever its exponent (m·2^−k = m·5^k·10^−k). */
export function decimalOf(D: Decimal.Constructor, x: number): Decimal {
  // a safe integer is exact as decimal.js reads a number (its shortest digits are its digits); −0 is 0
  if (Number.isSafeInteger(x)) return new D(x === 0 ? 0 : x);
  const { m, e } = dyadicOf(x);
  return e >= 0 ? new D((m << BigInt(e)).toString()) : new D(`${m * 5n ** BigInt(-e)}e${e}`);
}

/**
 * Digits enough to hold a sum of doubles exactly: from 2^1024 (309 digits before the point) to
 * 2^-1074 (1074 after it).
 */
const SUM_OF_DOUBLES = Decimal.clone({ precision: 1400 });

/**
 * A quad-double's exact value (the sum of its components) as a decimal of D, rounded once to D's
 * precision (summed in D, each partial sum would round: one digit off where the first rounds
 * toward a tie the later components decide, and a component alone would keep all its digits).
 */
export const decimalOfQuad = (D: Decimal.Constructor, a: Quad): Decimal =>
  new D(
    [a.x1, a.x2, a.x3]
      .reduce((sum, x) => (x === 0 ? sum : sum.plus(decimalOf(SUM_OF_DOUBLES, x))), decimalOf(SUM_OF_DOUBLES, a.x0))
      .toSignificantDigits(D.precision, D.rounding),
  );

/** The rational q as a decimal of D, rounded once to D's precision. */
export const decimalOfRational = (D: Decimal.Constructor, q: Fraction): Decimal => new D(q.n.toString()).mul(q.s.toString()).div(q.d.toString());

/**
 * The decimal field at `digits` significant digits. Division by 0, log of a number ≤ 0 and √ of a
 * negative number throw NotRepresentable. Elements are plain decimal.js Decimals (rounded to
 * `digits` by every operation; fromNumber and fromRational's inputs are exact).
 */
export function decimal(digits = 50): Analytic<Decimal> {
  const D = Decimal.clone({ precision: digits });
  // wide enough that 1 + w is exact for any |w| ≥ 10^−digits held at `digits` digits
  const Wide = Decimal.clone({ precision: 2 * digits + 10 });
  const ONE = new D(1);
  /** log(1 + w), also where 1 + w would round to 1 (below 10^−digits, w − w²/2 is exact to 2·digits). */
  const log1p = (w: Decimal): Decimal =>
    w.abs().lt(new D(10).pow(-digits)) ? w.minus(w.pow(2).div(2)) : new D(new Wide(w).plus(1).ln().toSignificantDigits(digits));
  /**
   * tanh v for |v| ≥ 20 from e = e^−2|v|: (1 − e)/(1 + e), without cancellation out there.
   * decimal.js's own tanh takes 78 ms at v = 10^4 and does not finish at 10^6.
   */
  const tanhFar = (v: Decimal): Decimal => {
    const e = v.abs().mul(-2).exp();
    const t = ONE.minus(e).div(ONE.plus(e));
    return v.isNegative() ? t.neg() : t;
  };
  /**
   * exp, fromNumber and fromRational remembered by their argument: a check's examples draw their
   * values from a few hundred small dyadics, and exp at 50 digits (~40 µs) of the same Decimal is
   * the same Decimal (immutable). Each memo is emptied when it passes MEMO_LIMIT entries.
   */
  const exp = memo((a: Decimal) => a.exp(), { key: (a) => a.toString(), size: MEMO_LIMIT });
  const dyadic = memo((x: number) => decimalOf(D, x), { key: String, size: MEMO_LIMIT });
  // a derivation's points and polynomial coefficients are a few small rationals, converted at
  // every line they are read on (a 50-digit division each: a tenth of the decimal work in npm test)
  const rationalOf = memo((q: Fraction) => decimalOfRational(D, q), { key: (q) => `${q.s}:${q.n}/${q.d}`, size: MEMO_LIMIT });
  // integers (a direction's 2^21 values) are cheap and would only crowd the memo; the small ones
  // (a check's outGrad and gradsBefore, most of its drawn values) are made once (Decimals are immutable)
  const small = Array.from({ length: 2 * SMALL + 1 }, (_, k) => decimalOf(D, k - SMALL));
  const fromNumber = (x: number) => (Number.isSafeInteger(x) ? (x >= -SMALL && x <= SMALL ? small[x + SMALL] : decimalOf(D, x)) : dyadic(x));
  return {
    zero: new D(0),
    one: ONE,
    fromNumber,
    fromRational: rationalOf,
    add: (a, b) => a.plus(b),
    sub: (a, b) => a.minus(b),
    mul: (a, b) => a.mul(b),
    div(a, b) {
      if (b.isZero()) throw new NotRepresentable(`${a.toString()}/0`);
      return a.div(b);
    },
    neg: (a) => a.neg(),
    toNumber: (a) => a.toNumber(),
    sign: (a) => (a.isZero() ? 0 : a.isNegative() ? -1 : 1),
    exp,
    log(a) {
      if (!a.isPositive() || a.isZero()) throw new NotRepresentable(`log ${a.toString()}`);
      return a.ln();
    },
    sqrt(a) {
      if (a.isNegative() && !a.isZero()) throw new NotRepresentable(`√${a.toString()}`);
      return a.sqrt();
    },
    tanh: (a) => (a.abs().lt(20) ? a.tanh() : tanhFar(a)),
    sin: (a) => a.sin(),
    cos: (a) => a.cos(),
    softplus: (a) => (a.gt(0) ? a.plus(log1p(a.neg().exp())) : log1p(a.exp())),
  };
}

/** Integers −SMALL … SMALL are made once per instance of decimal(…). */
const SMALL = 64;
/** Entries a memo of decimal(…) holds before it is emptied: bounded memory over any run. */
const MEMO_LIMIT = 4096;

/** The systems inQuadElseDecimal runs f in: one quad-double, and decimal(digits) per precision asked. */
const QUAD = quad();
const DECIMALS = new Map<number, Analytic<Decimal>>();

/**
 * f over quad-double (oracles/numbers/quad.ts, within 2^-190 per operation), or, where it throws
 * NotRepresentable there (a value leaves quad's band, or has no value: decimal then says which),
 * over decimal at D's precision. f's results are given as decimals of D by its `toDecimal`: a
 * quad's exact value rounded once (decimalOfQuad), a decimal's rounded to D. The oracles that
 * need 50 or 60 digits and would pay decimal.js's cost on every operation (P3's moments, P5's jets).
 */
export function inQuadElseDecimal<R>(D: Decimal.Constructor, f: <T>(N: Analytic<T>, toDecimal: (a: T) => Decimal) => R): R {
  try {
    return f(QUAD, (a) => decimalOfQuad(D, a));
  } catch (e) {
    if (!(e instanceof NotRepresentable)) throw e;
    let N = DECIMALS.get(D.precision);
    if (!N) DECIMALS.set(D.precision, (N = decimal(D.precision)));
    return f(N, (a) => new D(a));
  }
}
