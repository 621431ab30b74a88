/** The complex field: holomorphic far out and near 0 (complex step needs Im f(x + ih) = h·f′(x)), and its order. */
import { Complex } from 'complex.js';
import Fraction from 'fraction.js';
import { describe, expect, test } from 'vitest';
import { complex } from './complex.ts';
import { float64 } from './float64.ts';

describe('complex', () => {
  test('is complex.js arithmetic, with the real part as its number and its sign', () => {
    const z = new Complex(3, 4);
    expect(complex.div(complex.one, z)).toEqual(new Complex(3 / 25, -4 / 25));
    expect(complex.sqrt(new Complex(-4, 0))).toEqual(new Complex(0, 2));
    expect(complex.fromRational(new Fraction(1, 4))).toEqual(new Complex(0.25, 0));
    expect(complex.toNumber(z)).toBe(3);
    expect([complex.sign(complex.neg(z)), complex.sign(new Complex(0, 5)), complex.sign(z)]).toEqual([-1, 0, 1]);
  });

  test('the complex field is analytic far out: tanh and softplus keep Im = f′·Im z', () => {
    const h = 2 ** -50;
    expect(complex.tanh(new Complex(400, h)).im / h).toBe(0); // sech²(400) underflows, no NaN
    expect(complex.tanh(new Complex(20, h)).im / h).toBeCloseTo(4 * Math.exp(-40), 30);
    expect(complex.softplus(new Complex(-40, h)).im / h / Math.exp(-40)).toBeCloseTo(1, 12);
    expect(float64.softplus(-40) / Math.exp(-40)).toBeCloseTo(1, 12);
  });

  test('the fields stay finite and accurate far out and near 0, on and off the real line', () => {
    const h = 2 ** -50;
    expect(float64.softplus(1000)).toBe(1000);
    expect(complex.softplus(new Complex(400, h)).re).toBe(400);
    expect([complex.tanh(new Complex(400, h)).re, complex.tanh(new Complex(-400, h)).re]).toEqual([1, -1]);
    expect(complex.tanh(new Complex(1e-10, 0)).re / Math.tanh(1e-10)).toBeCloseTo(1, 15);
    const z = new Complex(-1, 2); // softplus off the real line is log(1 + e^z), imaginary part and all
    const want = complex.one.add(z.exp()).log();
    const got = complex.softplus(z);
    expect([got.re - want.re, got.im - want.im].map(Math.abs).every((d) => d < 1e-15)).toBe(true);
  });

  test('the complex field keeps Im softplus(z) where e^z is tiny (no Im w² in the subnormals)', () => {
    const z = new Complex(-333.894287109375, 9.618087576379608e-14);
    expect(complex.softplus(z).im / z.exp().im).toBeCloseTo(1, 14);
  });
});
