/** float64 is JavaScript's own arithmetic; its softplus on both branches against log(1 + e^a) to 40 digits (Python's decimal). */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { float64 as F } from './float64.ts';

describe('float64', () => {
  it('is JavaScript’s own arithmetic, on numbers that are themselves', () => {
    expect([F.fromNumber(0.1), F.add(0.1, 0.2), F.sub(0.1, 0.3), F.mul(0.1, 3), F.div(1, 3), F.neg(2), F.toNumber(0.3)]).toEqual([0.1, 0.1 + 0.2, 0.1 - 0.3, 0.1 * 3, 1 / 3, -2, 0.3]);
    expect(F.fromRational(new Fraction(1, 10))).toBe(0.1);
  });

  it('divides by 0 as IEEE-754 does', () => {
    expect([F.div(1, 0), F.div(-1, 0), F.div(0, 0)]).toEqual([Infinity, -Infinity, NaN]);
  });

  it('has sign −1, 0, 1, and 0 for −0 and NaN', () => {
    expect([F.sign(-2), F.sign(0), F.sign(-0), F.sign(3), F.sign(NaN)]).toEqual([-1, 0, 0, 1, 0]);
  });

  it.each([
    [2, 2.126928011042972496443726806358304431434],
    [0.5, 0.9740769841801066808729973550811707497557],
    [-3, 0.04858735157374205875892591985468999794217],
    [-800, 0], // e^-800 underflows; log1p keeps it 0 rather than NaN
  ])('softplus(%d) = log(1 + e^a) to a few ulps', (a, expected) => {
    expect(Math.abs(F.softplus(a) - expected)).toBeLessThanOrEqual(4 * 2 ** -53 * expected);
  });

  it('softplus(−40) keeps its relative accuracy where 1 + e^a rounds to 1', () => {
    // log(1 + e^-40) = e^-40 − e^-80/2 + …, and e^-80 is 2^-115 of e^-40
    expect(F.softplus(-40)).toBe(Math.exp(-40));
  });
});
