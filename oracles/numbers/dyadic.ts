/**
 * Exact dyadic rationals m·2^e (BigInt m). Every finite double is one, and sums, differences and
 * products of dyadics are dyadic, so float64 inputs are computed on with no rounding at all.
 * A ring, not a field: 1/3 is not dyadic (use rational.ts for quotients).
 */
import type { Ring } from './tower.ts';

export interface Dyadic {
  readonly m: bigint;
  readonly e: number;
}

const bits = new DataView(new ArrayBuffer(8));

/** The double x as m·2^e, exactly (read off its IEEE-754 bits); throws on ±Infinity and NaN. */
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

export const dyadic: Ring<Dyadic> = {
  zero: { m: 0n, e: 0 },
  one: { m: 1n, e: 0 },
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
  neg: (a) => ({ m: -a.m, e: a.e }),
  toNumber: dyadicToNumber,
  sign: (a) => (a.m > 0n ? 1 : a.m < 0n ? -1 : 0),
};

/** a/2, exactly. */
export const dyadicHalf = (a: Dyadic): Dyadic => ({ m: a.m, e: a.e - 1 });
