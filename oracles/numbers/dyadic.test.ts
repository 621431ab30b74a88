/** Exact dyadic arithmetic against the error-free transformations, and its conversions at the edges of the doubles. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dyadic, dyadicHalf, dyadicOf, dyadicToNumber } from './dyadic.ts';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e150, max: 1e150 });

/**
 * The independent oracle: Knuth's TwoSum and Dekker's TwoProduct (Ogita, Rump & Oishi, SIAM J.
 * Sci. Comput. 26(6), 2005), float64 results plus their exact rounding errors, computed in float64
 * (TwoProduct is exact while nothing underflows or overflows: operands within 1e±100 here).
 */
function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const z = s - a;
  return [s, a - (s - z) + (b - z)];
}
/** Dekker's splitting constant 2^27 + 1: a float64 splits into two halves of 26 bits. */
const SPLITTER = 134_217_729;
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const [ah, bh] = [a, b].map((x) => SPLITTER * x - (SPLITTER * x - x));
  const [al, bl] = [a - ah, b - bh];
  return [p, al * bl - (p - ah * bh - al * bh - ah * bl)];
}
const sameDyadic = (x: ReturnType<typeof dyadicOf>, y: ReturnType<typeof dyadicOf>) => dyadic.sub(x, y).m === 0n;

describe('exact dyadic arithmetic', () => {
  it('every double converts exactly and back, denormals included', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      expect(dyadicToNumber(dyadicOf(x))).toBe(x === 0 ? 0 : x);
    }));
  });

  it('sums equal the error-free TwoSum: float result plus its exact error', () => {
    fc.assert(fc.property(finite, finite, (a, b) => {
      const [s, e] = twoSum(a, b);
      expect(sameDyadic(dyadic.add(dyadicOf(a), dyadicOf(b)), dyadic.add(dyadicOf(s), dyadicOf(e)))).toBe(true);
    }));
  });

  const moderate = fc.double({ noNaN: true, min: -1e100, max: 1e100 }).filter((x) => x === 0 || Math.abs(x) > 1e-100);
  it('products equal the error-free TwoProduct', () => {
    fc.assert(fc.property(moderate, moderate, (a, b) => {
      const [p, e] = twoProduct(a, b);
      expect(sameDyadic(dyadic.mul(dyadicOf(a), dyadicOf(b)), dyadic.add(dyadicOf(p), dyadicOf(e)))).toBe(true);
    }));
  });
});

describe('dyadic edge cases', () => {
  it('refuses what is not a finite number', () => {
    for (const x of [NaN, Infinity, -Infinity]) expect(() => dyadicOf(x)).toThrowErrorWith(`not a finite number: ${x}`);
  });

  it.each([
    // subnormals have no implicit leading bit, and the exponent of the smallest normals
    [2 ** -1074, 1n, -1074],
    [2 ** -1022 - 2 ** -1074, 2n ** 52n - 1n, -1074],
    [-3 * 2 ** -1074, -3n, -1074],
    [2 ** -1022, 2n ** 52n, -1074],
    [0.75, 3n * 2n ** 51n, -53],
  ])('reads %d as m·2^e = %d·2^%d', (x, m, e) => {
    expect(dyadicOf(x)).toEqual({ m, e });
  });

  it.each([
    [1n, -1074, 2 ** -1074],
    // 2^-600 is a double, but 2^-1200 on the way to it is not
    [1n, -600, 2 ** -600],
    [6n, -1, 3],
    [-(2n ** 1100n), -1100, -1],
    // 2^1100 − 1 has 1100 bits: cut to its top 64 (sticky) it rounds to 2^1100, times 2^-1100
    [2n ** 1100n - 1n, -1100, 1],
  ])('reads %d·2^%d as the double %d', (m, e, x) => {
    expect(dyadicToNumber({ m, e })).toBe(x);
  });

  it('rounds to nearest just off a tie, where bits below the 64th decide', () => {
    // 2^64 + 2^11 + 4 is just above the midpoint of 2^64 and 2^64 + 2^12; 2^64 + 3·2^11 − 2 just below that of 2^64 + 2^12 and 2^64 + 2^13
    expect(dyadicToNumber({ m: 2n ** 64n + 2n ** 11n + 4n, e: 0 })).toBe(2 ** 64 + 2 ** 12);
    expect(dyadicToNumber({ m: -(2n ** 64n + 3n * 2n ** 11n - 2n), e: 0 })).toBe(-(2 ** 64 + 2 ** 12));
  });
});

describe('the ring', () => {
  it('has 0, 1, negation, halving and the sign of m', () => {
    const x = dyadicOf(0.75);
    expect(dyadicToNumber(dyadic.mul(dyadic.one, x))).toBe(0.75);
    expect(dyadicToNumber(dyadic.add(dyadic.zero, dyadic.neg(x)))).toBe(-0.75);
    expect(dyadicToNumber(dyadicHalf(x))).toBe(0.375);
    expect([dyadic.sign(dyadic.neg(x)), dyadic.sign(dyadic.zero), dyadic.sign(x)]).toEqual([-1, 0, 1]);
    expect(dyadic.fromNumber(0.5)).toEqual(dyadicOf(0.5));
  });
});
