/**
 * A small field interface, so one piece of oracle code (the index-notation interpreter, a loss)
 * runs in several number systems: float64 as numpy would, exact dyadic rationals, and a
 * rounding-error bound.
 */
export interface Field<T> {
  readonly zero: T;
  fromNumber(x: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  toNumber(a: T): number;
}

export const float64: Field<number> = {
  zero: 0,
  fromNumber: (x) => x,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  toNumber: (a) => a,
};

/**
 * Exact dyadic rationals m·2^e (BigInt m). Every finite double is one, and sums, differences and
 * products of dyadics are dyadic, so float64 inputs are computed on with no rounding at all.
 */
export interface Dyadic {
  readonly m: bigint;
  readonly e: number;
}

const bits = new DataView(new ArrayBuffer(8));

/** The double x as m·2^e, exactly (read off its IEEE-754 bits). */
export function dyadicOf(x: number): Dyadic {
  if (!Number.isFinite(x)) throw new Error(`not a finite number: ${x}`);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut; the bits below give every integer the same value
  if (Number.isInteger(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER) return { m: BigInt(x), e: 0 };
  bits.setFloat64(0, x);
  const hi = bits.getUint32(0);
  const lo = bits.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (biased !== 0) m |= 1n << 52n;
  const e = (biased === 0 ? 1 : biased) - 1075;
  return { m: hi >>> 31 ? -m : m, e };
}

const align = (a: Dyadic, b: Dyadic): [bigint, bigint, number] =>
  // Stryker disable next-line EqualityOperator: at a.e = b.e either branch shifts by 0
  a.e <= b.e ? [a.m, b.m << BigInt(b.e - a.e), a.e] : [a.m << BigInt(a.e - b.e), b.m, b.e];

/**
 * Nearest double to an exact dyadic. Its magnitude is cut to its top 61–64 bits with a sticky
 * last bit (set when anything nonzero was cut), so the one rounding, Number(), is to nearest.
 * Below 2^-1022 the final scaling rounds again.
 */
export function dyadicToNumber(a: Dyadic): number {
  // Stryker disable next-line ConditionalExpression: a shortcut; 0n below gives 0 too
  if (a.m === 0n) return 0;
  // Stryker disable next-line EqualityOperator: −0n is 0n
  const magnitude = a.m < 0n ? -a.m : a.m;
  const excess = Math.max(0, magnitude.toString(16).length * 4 - 64);
  const kept = magnitude >> BigInt(excess);
  const sticky = kept << BigInt(excess) === magnitude ? 0n : 1n;
  // Stryker disable next-line EqualityOperator,ArithmeticOperator: a.m is not 0n here; dividing by ±1 is multiplying by it, exactly
  const m = Number(kept | sticky) * (a.m < 0n ? -1 : 1);
  const e = a.e + excess;
  // split the power so neither factor overflows or flushes to zero on its own
  const half = Math.trunc(e / 2);
  return m * 2 ** half * 2 ** (e - half);
}

export const dyadic: Field<Dyadic> = {
  zero: { m: 0n, e: 0 },
  fromNumber: dyadicOf,
  add(a, b) {
    // Stryker disable next-line ConditionalExpression: shortcuts; aligning with 0n gives the same sum
    if (a.m === 0n) return b;
    // Stryker disable next-line ConditionalExpression: as above
    if (b.m === 0n) return a;
    const [x, y, e] = align(a, b);
    return { m: x + y, e };
  },
  sub(a, b) {
    const [x, y, e] = align(a, b);
    return { m: x - y, e };
  },
  mul: (a, b) => ({ m: a.m * b.m, e: a.e + b.e }),
  toNumber: dyadicToNumber,
};

export const dyadicHalf = (a: Dyadic): Dyadic => ({ m: a.m, e: a.e - 1 });

/**
 * Forward error analysis as a field (Higham, Accuracy and Stability of Numerical Algorithms,
 * §3.1): an element is (magnitude, depth), where magnitude is the value computed with every
 * input and every term replaced by its absolute value, and depth is the largest number of
 * rounded operations on any path from an input to the result. Any float64 evaluation of the same
 * sums and products, in any association and order, is then within γ(depth)·magnitude of the
 * exact value (a sum reordered into any binary tree never has more than n−1 levels).
 */
export interface ErrorBound {
  readonly magnitude: number;
  readonly depth: number;
}

export const errorBound: Field<ErrorBound> = {
  zero: { magnitude: 0, depth: 0 },
  fromNumber: (x) => ({ magnitude: Math.abs(x), depth: 0 }),
  add: (a, b) => ({ magnitude: a.magnitude + b.magnitude, depth: Math.max(a.depth, b.depth) + 1 }),
  sub: (a, b) => ({ magnitude: a.magnitude + b.magnitude, depth: Math.max(a.depth, b.depth) + 1 }),
  mul: (a, b) => ({ magnitude: a.magnitude * b.magnitude, depth: a.depth + b.depth + 1 }),
  toNumber: (a) => roundingBound(a),
};

/** Unit roundoff of float64. */
export const UNIT_ROUNDOFF = 2 ** -53;

/** Higham's γ_k = k·u / (1 − k·u). */
export const gamma = (k: number): number => (k * UNIT_ROUNDOFF) / (1 - k * UNIT_ROUNDOFF);

/**
 * Higham & Mary's probabilistic γ̃(k) = exp(λ√k·u + k·u²/(1−u)) − 1 (SIAM J. Sci. Comput. 41(5),
 * 2019, Theorem 2.4): if rounding errors are independent with mean zero, a product of k factors
 * 1 + δ is within γ̃(k) of 1 except with probability 2·exp(−λ²(1−u)²/2). At λ = 10.6 that is
 * below 1e-24, so a check of fewer than 10^12 rounded terms in all (a union bound) raises a false
 * alarm with probability below 1e-12. It grows like √k where γ(k) grows like k.
 */
export const PROBABILISTIC_LAMBDA = 10.6;

export const probabilisticGamma = (k: number): number =>
  Math.expm1(
    PROBABILISTIC_LAMBDA * Math.sqrt(k) * UNIT_ROUNDOFF +
      // Stryker disable next-line ArithmeticOperator: ÷(1 − u), ×(1 − u) and ÷(1 + u) differ by 2u of a term of k·10^-32
      (k * UNIT_ROUNDOFF ** 2) / (1 - UNIT_ROUNDOFF),
  );

/**
 * The allowed rounding error of a float64 evaluation: γ(depth)·magnitude, Higham's worst case,
 * which is certain; past depth 112, where it is the smaller, Higham–Mary's γ̃(depth)·magnitude,
 * which can only be wrong with probability 1e-24 per term. Widened by 2^-40 relative because the
 * magnitude itself was summed in float64 (its own relative error is below γ(depth) ≪ 2^-40).
 */
export const roundingBound = (a: ErrorBound): number => Math.min(gamma(a.depth), probabilisticGamma(a.depth)) * a.magnitude * (1 + 2 ** -40);
