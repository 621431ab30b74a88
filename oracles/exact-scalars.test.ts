/** The exact conversion of doubles, and the running error bound against exact values. */
import Fraction from 'fraction.js';
import { describe, expect, test } from 'vitest';
import { exactOf, float64, float64WithError as F, rationals, within } from './exact-scalars.ts';

describe('exactOf', () => {
  test('reads a double as the rational it is, not a nearby simple fraction', () => {
    expect(exactOf(0.1).toFraction()).toBe('3602879701896397/36028797018963968');
    expect(exactOf(-3).toFraction()).toBe('-3');
    expect(exactOf(2 ** 60).equals(new Fraction(2n ** 60n))).toBe(true);
  });
});

describe('float64WithError', () => {
  const r = (n: number, d = 1) => new Fraction(n, d);
  test('0.1 + 0.2 is within its bound of 3/10, and the bound is a few ulps', () => {
    const s = F.add(F.fromRational(r(1, 10)), F.fromRational(r(2, 10)));
    expect(within(s, r(3, 10))).toBe(true);
    expect(s.error).toBeLessThan(1e-16);
    expect(s.error).toBeGreaterThan(0);
  });
  test('division: 1/(1 − 1/3) = 3/2 within its bound; a divisor that may be 0 is refused', () => {
    const q = F.div(F.one, F.sub(F.one, F.fromRational(r(1, 3))));
    expect(within(q, r(3, 2))).toBe(true);
    expect(() => F.div(F.one, { value: 1e-20, error: 1e-19 })).toThrow(/may be 0/);
  });
  test('a long recursion stays within its bound of the exact value', () => {
    let x = F.fromRational(r(1, 3));
    let exact = r(1, 3);
    const mu = r(9, 10);
    for (let t = 0; t < 200; t++) {
      x = F.add(F.mul(F.fromRational(mu), x), F.fromRational(r(1, 7)));
      exact = rationals.add(mu.mul(exact), r(1, 7));
    }
    expect(within(x, exact)).toBe(true);
    expect(x.error / Math.abs(x.value)).toBeLessThan(1e-13);
  });
  test('each bound covers the worst case of its inputs, and a quotient’s is not much more', () => {
    const [a, b] = [{ value: 3, error: 2 ** -40 }, { value: 5, error: 2 ** -42 }];
    const [hiA, hiB, loB] = [exactOf(3).add(exactOf(2 ** -40)), exactOf(5).add(exactOf(2 ** -42)), exactOf(5).sub(exactOf(2 ** -42))];
    expect(within(F.add(a, b), hiA.add(hiB))).toBe(true);
    expect(within(F.sub(a, b), hiA.sub(loB))).toBe(true);
    expect(within(F.mul(a, b), hiA.mul(hiB))).toBe(true);
    // errors large enough that e_a·e_b shows: (3 + 1/2)(5 + 1/4) = 15 + 3/4 + 5/2 + 1/8, 3/8 of it beyond the linear terms' 3/4 + 5/2
    expect(within(F.mul({ value: 3, error: 0.5 }, { value: 5, error: 0.25 }), new Fraction(147, 8))).toBe(true);
    const q = F.div(a, b);
    expect(within(q, hiA.div(loB))).toBe(true);
    expect(q.error).toBeLessThan(1.01 * ((2 ** -40 * 5 + 3 * 2 ** -42) / 25) + 2 ** -53 * 0.6);
  });
  test('a value off by exactly its bound is within it; results outside the normal range are refused', () => {
    expect(within({ value: 1, error: 2 ** -52 }, new Fraction(1).add(new Fraction(1, 2 ** 52)))).toBe(true);
    expect(() => F.div(F.one, F.zero)).toThrow(/may be 0/);
    expect(() => F.mul({ value: 1e200, error: 0 }, { value: 1e200, error: 0 })).toThrow('float64 left the normal range: Infinity');
    expect(() => F.mul({ value: 2 ** -520, error: 0 }, { value: 2 ** -520, error: 0 })).toThrow(/left the normal range/);
    expect(F.mul({ value: 2 ** -511, error: 0 }, { value: 2 ** -511, error: 0 }).value).toBe(2 ** -1022);
  });
  test('plain float64, for simulations, is JavaScript’s own arithmetic', () => {
    expect([float64.add(0.1, 0.2), float64.sub(0.1, 0.3), float64.mul(0.1, 3), float64.div(1, 3)]).toEqual([0.1 + 0.2, 0.1 - 0.3, 0.1 * 3, 1 / 3]);
  });
  test('a value off by more than its bound is not within it', () => {
    expect(within({ value: 1, error: 2 ** -60 }, new Fraction(1).add(new Fraction(1, 2 ** 50)))).toBe(false);
  });
});
