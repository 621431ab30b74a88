import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { productError, sumError } from './eft.ts';
import { Decimal } from 'decimal.js';
import { dyadic, dyadicOf, dyadicToNumber, errorBound, float64, gamma, PROBABILISTIC_LAMBDA, probabilisticGamma, roundingBound, UNIT_ROUNDOFF, type Field } from './field.ts';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e150, max: 1e150 });

/** Knuth's TwoSum and Dekker's TwoProduct (oracles/eft.ts): float64 results plus their exact rounding errors. */
const twoSum = (a: number, b: number) => [a + b, sumError(a, b, a + b)];
const twoProduct = (a: number, b: number) => [a * b, productError(a, b, a * b)];
const sameDyadic = (x: ReturnType<typeof dyadicOf>, y: ReturnType<typeof dyadicOf>) => dyadic.sub(x, y).m === 0n;

describe('exact dyadic arithmetic', () => {
  test.prop([fc.double({ noNaN: true, noDefaultInfinity: true })])('every double converts exactly and back, denormals included', (x) => {
    expect(dyadicToNumber(dyadicOf(x))).toBe(x === 0 ? 0 : x);
  });

  test.prop([finite, finite])('sums equal the error-free TwoSum: float result plus its exact error', (a, b) => {
    const [s, e] = twoSum(a, b);
    expect(sameDyadic(dyadic.add(dyadicOf(a), dyadicOf(b)), dyadic.add(dyadicOf(s), dyadicOf(e)))).toBe(true);
  });

  const moderate = fc.double({ noNaN: true, min: -1e100, max: 1e100 }).filter((x) => x === 0 || Math.abs(x) > 1e-100);
  test.prop([moderate, moderate])('products equal the error-free TwoProduct', (a, b) => {
    const [p, e] = twoProduct(a, b);
    expect(sameDyadic(dyadic.mul(dyadicOf(a), dyadicOf(b)), dyadic.add(dyadicOf(p), dyadicOf(e)))).toBe(true);
  });
});

describe('float64', () => {
  it('is JavaScript’s own arithmetic, on numbers that are themselves', () => {
    expect([float64.fromNumber(0.1), float64.add(0.1, 0.2), float64.sub(0.1, 0.3), float64.mul(0.1, 3), float64.toNumber(0.3)]).toEqual([0.1, 0.1 + 0.2, 0.1 - 0.3, 0.1 * 3, 0.3]);
  });
});

describe('dyadic edge cases', () => {
  it('refuses what is not a finite number', () => {
    for (const x of [NaN, Infinity, -Infinity]) expect(() => dyadicOf(x)).toThrow(`not a finite number: ${x}`);
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

describe("Higham's γ bound", () => {
  it('γ_k = ku/(1-ku)', () => {
    expect(gamma(2)).toBe((2 * UNIT_ROUNDOFF) / (1 - 2 * UNIT_ROUNDOFF));
  });

  it('counts a difference as a sum: magnitudes add, one more rounding; toNumber is the bound', () => {
    const [a, b] = [{ magnitude: 1, depth: 2 }, { magnitude: 3, depth: 5 }];
    expect(errorBound.sub(a, b)).toEqual({ magnitude: 4, depth: 6 });
    expect(errorBound.toNumber(b)).toBe(roundingBound(b));
  });

  it('counts a product as one rounding after both factors: magnitudes multiply, depths add', () => {
    expect(errorBound.mul({ magnitude: 2, depth: 2 }, { magnitude: 3, depth: 5 })).toEqual({ magnitude: 6, depth: 8 });
  });

  const terms = fc.array(fc.tuple(finite, finite, finite), { minLength: 1, maxLength: 40 });
  test.prop([terms])('bounds the rounding of any float64 sum of products, exactly measured', (terms) => {
    {
      // Σ a·(b + c) − a·c, left to right, in float64, exactly, and as an error bound
      const evaluate = <T,>(f: Field<T>): T =>
        terms.reduce((acc, [a, b, c]) => f.sub(f.add(acc, f.mul(f.fromNumber(a), f.add(f.fromNumber(b), f.fromNumber(c)))), f.mul(f.fromNumber(a), f.fromNumber(c))), f.zero);
      const computed = evaluate(float64);
      const exact = evaluate(dyadic);
      const error = Math.abs(dyadicToNumber(dyadic.sub(dyadicOf(computed), exact)));
      expect(error).toBeLessThanOrEqual(roundingBound(evaluate(errorBound)));
    }
  });
});

describe("Higham and Mary's probabilistic bound", () => {
  it('is used past depth 112, where it is below the worst case, and grows like √depth', () => {
    expect(roundingBound({ magnitude: 1, depth: 112 })).toBe(gamma(112) * (1 + 2 ** -40));
    expect(roundingBound({ magnitude: 1, depth: 113 })).toBe(probabilisticGamma(113) * (1 + 2 ** -40));
    expect(probabilisticGamma(4 * 62_500) / probabilisticGamma(62_500)).toBeCloseTo(2, 3);
  });

  it('is exp(λ√k·u + k·u²/(1 − u)) − 1, to 40 digits', () => {
    const D = Decimal.clone({ precision: 40 });
    const u = new D(2).pow(-53);
    for (const k of [113, 1e6, 1e12]) {
      const exact = u.mul(PROBABILISTIC_LAMBDA).mul(new D(k).sqrt()).plus(u.pow(2).mul(k).div(new D(1).minus(u))).exp().minus(1);
      expect(Math.abs(probabilisticGamma(k) / exact.toNumber() - 1)).toBeLessThan(1e-14);
    }
  });

  it('lets a sum of 62,500 terms without cancellation see a relative error of 1e-12', () => {
    expect(probabilisticGamma(62_502)).toBeLessThan(1e-12 / 3);
  });
});
