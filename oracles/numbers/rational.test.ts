/** Exact rationals and q·√r values, on answers worked out by hand. */
import fc from 'fast-check';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { compareRationals, exactOf, exactSqrt, rational as Q, surd as S } from './rational.ts';
import { NotRepresentable } from './tower.ts';

const f = (n: number, d = 1) => new Fraction(n, d);

describe('exactOf', () => {
  it('reads a double as the rational it is, not a nearby simple fraction', () => {
    expect(exactOf(0.1).toFraction()).toBe('3602879701896397/36028797018963968');
    expect(exactOf(-3).toFraction()).toBe('-3');
    expect(exactOf(2 ** 60).equals(new Fraction(2n ** 60n))).toBe(true);
    expect(Q.fromNumber(0.1).equals(exactOf(0.1))).toBe(true);
  });
});

describe('rational', () => {
  it('computes exactly: 1/3 + 1/6 = 1/2, (1/2)/(3/4) = 2/3, −(2/3) · 3 = −2', () => {
    expect(Q.add(f(1, 3), f(1, 6)).toFraction()).toBe('1/2');
    expect(Q.div(f(1, 2), f(3, 4)).toFraction()).toBe('2/3');
    expect(Q.mul(Q.neg(f(2, 3)), f(3)).toFraction()).toBe('-2');
    expect(Q.sub(Q.one, Q.zero).toFraction()).toBe('1');
    expect(Q.toNumber(f(1, 4))).toBe(0.25);
  });
  it('throws NotRepresentable on division by 0', () => {
    expect(() => Q.div(Q.one, Q.zero)).toThrow(NotRepresentable);
  });
  it('has the sign of the rational', () => {
    expect([Q.sign(f(-1, 3)), Q.sign(Q.zero), Q.sign(f(1, 3))]).toEqual([-1, 0, 1]);
  });
  // its operations build their Fractions without fraction.js's arithmetic: the same reduced fields
  // as fraction.js's, for small values and for values past 2^53 (where the gcd leaves float64)
  it("gives fraction.js's own results, field for field, small and past 2^53", () => {
    const big = fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n });
    const small = fc.bigInt({ min: -40n, max: 40n });
    // about 2^26, where the operations leave float64 integers for BigInt
    const mid = fc.bigInt({ min: -(2n ** 27n), max: 2n ** 27n });
    const value = fc.tuple(fc.oneof(small, mid, big, fc.constant(0n)), fc.oneof(small, mid, big).filter((d) => d !== 0n)).map(([n, d]) => new Fraction(n, d));
    const fields = (x: Fraction) => ({ s: x.s, n: x.n, d: x.d });
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(fields(Q.add(a, b))).toEqual(fields(a.add(b)));
        expect(fields(Q.sub(a, b))).toEqual(fields(a.sub(b)));
        expect(fields(Q.mul(a, b))).toEqual(fields(a.mul(b)));
        expect(fields(Q.neg(a))).toEqual(fields(a.neg()));
        if (!b.equals(0)) expect(fields(Q.div(a, b))).toEqual(fields(a.div(b)));
        expect(Q.sign(a)).toBe(Math.sign(a.compare(0)));
        expect(compareRationals(a, b)).toBe(Math.sign(a.compare(b)));
        expect(Object.is(Q.toNumber(a), a.valueOf())).toBe(true);
      }),
    );
    expect(fields(Q.mul(f(6, 35), f(-14, 9)))).toEqual({ s: -1n, n: 4n, d: 15n });
    expect(fields(Q.add(f(2 ** 52 + 1, 3), f(1, 3)))).toEqual({ s: 1n, n: BigInt(2 ** 52 + 2) / 3n, d: 1n });
    expect(fields(Q.neg(Q.zero))).toEqual({ s: 1n, n: 0n, d: 1n });
    expect([Q.toNumber(f(-3, 4)), Q.toNumber(new Fraction(-(10n ** 400n), 3n)), Q.toNumber(new Fraction(10n ** 400n, 10n ** 399n + 1n))]).toEqual([-0.75, -Infinity, NaN]);
  });
});

describe('surd', () => {
  const sqrt = (n: number, d = 1) => S.sqrt(S.fromRational(f(n, d)));
  it('takes rational square roots to rationals, others to q·√r', () => {
    expect(exactSqrt(f(9, 4))?.toFraction()).toBe('3/2');
    expect(exactSqrt(f(2))).toBeNull();
    expect(S.show(sqrt(9, 4))).toBe('3/2');
    expect(S.show(sqrt(8))).toBe('√8');
    expect(S.show(S.mul(S.fromRational(f(1, 2)), sqrt(3, 5)))).toBe('1/2·√(3/5)');
  });
  it('adds like surds and multiplies to rationals: √8 − √2 = √2, √2·√2 = 2, √2/√8 = 1/2', () => {
    expect(S.equals(S.sub(sqrt(8), sqrt(2)), sqrt(2))).toBe(true);
    expect(S.show(S.mul(sqrt(2), sqrt(2)))).toBe('2');
    expect(S.show(S.div(sqrt(2), sqrt(8)))).toBe('1/2');
    expect(S.equals(sqrt(2), sqrt(3))).toBe(false);
    expect(S.equals(sqrt(2), S.neg(sqrt(2)))).toBe(false);
    expect(S.toNumber(S.mul(S.fromNumber(3), sqrt(2)))).toBeCloseTo(3 * Math.SQRT2, 15);
    expect([S.sign(S.neg(sqrt(2))), S.sign(S.zero), S.sign(S.one)]).toEqual([-1, 0, 1]);
  });
  it('compares as real numbers: −√2 < −4/3 < 0 < 4/3 < √2 < 3/2, √8 = 2·√2, 1/2 = 2/4', () => {
    const r = (n: number, d = 1) => S.fromRational(f(n, d));
    const order = [S.neg(sqrt(2)), r(-4, 3), S.zero, r(4, 3), sqrt(2), r(3, 2)];
    order.forEach((a, i) => order.forEach((b, j) => expect(S.compare(a, b)).toBe(Math.sign(i - j))));
    expect(S.compare(sqrt(8), S.mul(r(2), sqrt(2)))).toBe(0);
    expect(S.compare(r(1, 2), r(2, 4))).toBe(0);
    expect(S.compare(S.neg(sqrt(3)), S.neg(sqrt(2)))).toBe(-1);
    expect(S.compare(sqrt(1, 3), r(1, 2))).toBe(1);
  });
  it('throws NotRepresentable where the result is not q·√r', () => {
    expect(() => S.add(sqrt(2), sqrt(3))).toThrow(NotRepresentable);
    expect(() => S.sqrt(sqrt(2))).toThrow(NotRepresentable);
    expect(() => sqrt(-1)).toThrow(NotRepresentable);
    expect(() => S.div(S.one, S.zero)).toThrow(NotRepresentable);
  });
  it('keeps q = 0 at r = 1, and a rational times a rational at r = 1', () => {
    expect(S.mul(sqrt(2), S.zero)).toEqual({ q: f(0), r: f(1) });
    expect(S.sub(sqrt(2), sqrt(2))).toEqual({ q: f(0), r: f(1) });
    expect(S.mul(S.fromRational(f(2, 3)), S.fromRational(f(-3, 4)))).toEqual({ q: f(-1, 2), r: f(1) });
    expect(S.div(sqrt(3), sqrt(3))).toEqual({ q: f(1), r: f(1) });
    expect(S.mul(sqrt(3, 4), S.fromRational(f(2)))).toEqual({ q: f(2), r: f(3, 4) });
  });
});
