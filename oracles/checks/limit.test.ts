/** The limit reading: known sequences worked by hand, and what each result accepts. */
import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { classifyLimit, limitHolds, limitPoint, LIMIT_EXPONENTS } from './limit.ts';

const D = Decimal.clone({ precision: 50 });
/** f at x = 2^-128, 2^-256, 2^-512, 2^-1024 (toward 0+). */
const toward0 = (f: (x: Decimal) => Decimal) => LIMIT_EXPONENTS.map((e) => f(new D(2).pow(-e)));
const ZERO = new D(0);

describe('classifyLimit', () => {
  it('λ ln x + c falls by steps that double (128λ ln 2, 256λ ln 2, …): -infinity', () => {
    expect(classifyLimit(toward0((x) => x.ln().mul('0.001').plus(50)), 1e-40, ZERO)).toBe('-infinity');
  });
  it('−ln ln(1/x) falls by equal steps ln 2: still -infinity (steps that do not shrink)', () => {
    expect(classifyLimit(toward0((x) => new D(1).div(x).ln().ln().neg()), 1e-40, ZERO)).toBe('-infinity');
  });
  it('1/x grows: +infinity', () => {
    expect(classifyLimit(toward0((x) => new D(1).div(x)), 1e-40, ZERO)).toBe('+infinity');
  });
  it('a polynomial, x ln x and a constant settle: finite', () => {
    expect(classifyLimit(toward0((x) => x.pow(4).mul(-8).plus(x.mul(3)).plus(2)), 1e-40, ZERO)).toBe('finite');
    expect(classifyLimit(toward0((x) => x.mul(x.ln())), 1e-40, ZERO)).toBe('finite');
    expect(classifyLimit(toward0(() => new D(7)), 1e-40, ZERO)).toBe('finite');
  });
  it('values that neither settle nor keep falling: no verdict', () => {
    expect(classifyLimit([1, 0, 1, 0].map((v) => new D(v)), 1e-40, ZERO)).toBeNull();
    // falling, but by shrinking steps that do not halve: 8, 6, 5
    expect(classifyLimit([19, 11, 5, 0].map((v) => new D(v)), 1e-40, ZERO)).toBeNull();
  });
  it('steps within the allowance are rounding: finite, never -infinity; the allowance is relative to each step\'s own values', () => {
    expect(classifyLimit([new D(1), new D('1').minus('1e-45'), new D('1').minus('2e-45'), new D('1').minus('3e-45')], 1e-40, ZERO)).toBe('finite');
    expect(classifyLimit([new D(1), new D('1').minus('1e-45'), new D('1').minus('2e-45'), new D('1').minus('3e-45')], 1e-40, new D('1e-50'))).toBe('finite');
    // λ/x from 2^128 to 2^1024: the first steps are tiny beside the last value, not beside their own
    expect(classifyLimit(toward0((x) => new D(1).div(x)), 1e-40, new D(4))).toBe('+infinity');
  });
  it('a step is rounding against the larger of its own two values, the later one included', () => {
    // steps 0, −0.9, 0: 0.9 is within 0.5 × 1.9 (the later value), not within 0.5 × 1 (the earlier)
    expect(classifyLimit([1, 1, 1.9, 1.9].map((v) => new D(v)), 0.5, ZERO)).toBe('finite');
  });
});

describe('limitHolds and the points', () => {
  it.each([
    ['-infinity', '-infinity', true],
    ['-infinity', 'finite', false],
    ['+infinity', '+infinity', true],
    ['finite', 'finite', true],
    ['finite', '-infinity', false],
    ['bounded below', 'finite', true],
    ['bounded below', '+infinity', true],
    ['bounded below', '-infinity', false],
    ['bounded above', '-infinity', true],
    ['bounded above', '+infinity', false],
  ] as const)('%s with a reading %s: %s', (result, reading, holds) => {
    expect(limitHolds(result, reading)).toBe(holds);
  });
  it('0+ is 2^-128 …, 0- −2^-128 …, +infinity 2^128 …, -infinity −2^128 …', () => {
    expect(LIMIT_EXPONENTS.map((e) => limitPoint('0+', e).shown)).toEqual(['2^-128', '2^-256', '2^-512', '2^-1024']);
    expect(limitPoint('0-', 128)).toEqual({ sign: -1, power: -128, shown: '-2^-128' });
    expect(limitPoint('+infinity', 1024)).toEqual({ sign: 1, power: 1024, shown: '2^1024' });
    expect(limitPoint('-infinity', 256)).toEqual({ sign: -1, power: 256, shown: '-2^256' });
  });
});
