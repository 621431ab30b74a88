/** Dual numbers on derivatives worked out by hand: exactly over rationals, to 48 digits over decimal(50). */
import { Decimal } from 'decimal.js';
import Fraction from 'fraction.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { decimal } from './decimal.ts';
import { dual, tangent, type Dual } from './dual.ts';
import { float64 } from './float64.ts';
import { rational } from './rational.ts';
import { has, NotRepresentable, type Analytic, type Field } from './tower.ts';

// a fresh instance per test (dual memoizes per base): built while the test runs, as mutation testing needs
let Q: Field<Dual<Fraction>>;
beforeEach(() => {
  Q = dual({ ...rational });
});
const frac = (n: number, d = 1) => new Fraction(n, d);
/** x as a variable: its tangent along direction `k` of `n` is 1. */
const variable = <T>(v: T, one: T, zero: T, k = 0, n = 1): Dual<T> => ({ v, d: Array.from({ length: n }, (_, i) => (i === k ? one : zero)) });
const qvar = (x: number, k = 0, n = 1) => variable(rational.fromNumber(x), rational.one, rational.zero, k, n);
const show = (a: Fraction) => a.toFraction();

describe('dual over rationals (exact)', () => {
  it('d/dx (x³ − 2x) at 3 is 25; value 21', () => {
    const x = qvar(3);
    const y = Q.sub(Q.mul(Q.mul(x, x), x), Q.mul(Q.fromNumber(2), x));
    expect([show(y.v), show(tangent(rational, y, 0))]).toEqual(['21', '25']);
  });
  it('d/dx x/(1 + x²) at 2 is (1 − x²)/(1 + x²)² = −3/25', () => {
    const x = qvar(2);
    const y = Q.div(x, Q.add(Q.one, Q.mul(x, x)));
    expect([show(y.v), show(y.d[0])]).toEqual(['2/5', '-3/25']);
  });
  it('two directions at once: xy/(x + y) at (1, 2) has partials y²/(x+y)² = 4/9 and x²/(x+y)² = 1/9', () => {
    const [x, y] = [qvar(1, 0, 2), qvar(2, 1, 2)];
    const f = Q.div(Q.mul(x, y), Q.add(x, y));
    expect([show(f.v), ...f.d.map(show)]).toEqual(['2/3', '4/9', '1/9']);
  });
  it('d/dx of −x, of 1/x and of c − x at 4: −1, −1/16, −1; a missing tangent is zero', () => {
    const x = qvar(4, 0, 1);
    const y = qvar(5, 1, 2);
    expect(show(Q.neg(x).d[0])).toBe('-1');
    expect(show(Q.div(Q.one, x).d[0])).toBe('-1/16');
    expect(Q.sub(Q.fromRational(frac(1, 3)), x).d.map(show)).toEqual(['-1']);
    // x has one tangent, y two: x + y reads x's second as 0
    expect(Q.add(x, y).d.map(show)).toEqual(['1', '1']);
    expect(Q.sub(x, y).d.map(show)).toEqual(['1', '-1']);
    expect(Q.sub(Q.one, y).d.map(show)).toEqual(['0', '-1']);
    expect(tangent(rational, x, 5)).toBe(rational.zero);
  });
  it('constants carry no tangents, and a quotient of constants none either', () => {
    expect(Q.fromNumber(3).d).toEqual([]);
    expect(Q.div(Q.fromNumber(1), Q.fromNumber(3)).d).toEqual([]);
    expect(show(Q.div(Q.fromNumber(1), Q.fromNumber(3)).v)).toBe('1/3');
  });
  it('branches on the value: sign and toNumber read it, not the tangent', () => {
    expect(Q.sign({ v: frac(-1, 2), d: [frac(5)] })).toBe(-1);
    expect(Q.sign({ v: frac(0), d: [frac(5)] })).toBe(0);
    expect(Q.toNumber({ v: frac(3, 4), d: [frac(5)] })).toBe(0.75);
  });
  it('is at the base level: rationals give a field without exp; one instance per base', () => {
    expect(has(Q, 'div')).toBe(true);
    expect(has(Q, 'exp')).toBe(false);
    expect(dual(rational)).toBe(dual(rational));
    const { div: _, ...ring } = rational;
    expect(has(dual(ring), 'div')).toBe(false);
    expect(show(dual(ring).mul(qvar(3), qvar(3)).d[0])).toBe('6');
  });
  it('throws the base NotRepresentable on 1/0', () => {
    expect(() => Q.div(qvar(1), Q.zero)).toThrow(NotRepresentable);
  });
});

const N = decimal(50);
let A: Analytic<Dual<Decimal>>;
beforeEach(() => {
  A = dual({ ...N });
});
const Wide = Decimal.clone({ precision: 70 });
const dvar = (x: number): Dual<Decimal> => ({ v: N.fromNumber(x), d: [N.one] });
/** d/dx f at x, against the derivative computed independently at 70 digits: agree to 48 digits. */
function expectDerivative(f: (x: Dual<Decimal>) => Dual<Decimal>, x: number, truth: Decimal.Value) {
  const y = f(dvar(x));
  const error = new Wide(y.d[0].toString()).minus(truth).abs();
  expect(error.lte(new Wide(truth).abs().mul('1e-48').plus('1e-60')), `d/dx at ${x}: ${y.d[0]} vs ${truth}`).toBe(true);
}

describe('dual over decimal(50)', () => {
  const e = (x: Decimal.Value) => new Wide(x).exp();
  it('exp′ = exp: at 0 it is 1, at 1 it is e', () => {
    expectDerivative(A.exp, 0, 1);
    expectDerivative(A.exp, 1, e(1));
  });
  it('log′(x) = 1/x: 1/4 at 4', () => expectDerivative(A.log, 4, '0.25'));
  it('√′(x) = 1/(2√x): 1/4 at 4, 1/(2√2) at 2', () => {
    expectDerivative(A.sqrt, 4, '0.25');
    expectDerivative(A.sqrt, 2, new Wide(1).div(new Wide(8).sqrt()));
  });
  it('tanh′ = sech² = 4/(eˣ + e⁻ˣ)²: 1 at 0, 0.41997… at 1, e^(−60)-small at 30', () => {
    expectDerivative(A.tanh, 0, 1);
    for (const x of [1, -30]) expectDerivative(A.tanh, x, new Wide(4).div(e(x).plus(e(-x)).pow(2)));
  });
  it('softplus′ = σ = 1/(1 + e⁻ˣ): 1/2 at 0, at 3, and e^(−50)-small at −50', () => {
    for (const x of [0, 3, -50]) expectDerivative(A.softplus, x, new Wide(1).div(e(-x).plus(1)));
  });
  it('sin′ = cos and cos′ = −sin at 1', () => {
    expectDerivative(A.sin, 1, new Wide(1).cos());
    expectDerivative(A.cos, 1, new Wide(1).sin().neg());
  });
  it('the quotient rule: d/dx eˣ/(1 + x²) at 1 is e(1 − x)²/(1 + x²)² = 0, at 2 it is e²/25', () => {
    const f = (x: Dual<Decimal>) => A.div(A.exp(x), A.add(A.one, A.mul(x, x)));
    expectDerivative(f, 1, 0);
    expectDerivative(f, 2, e(2).div(25));
  });
  it('the chain rule: d/dx log(softplus(x)) at 0 is σ(0)/softplus(0) = 1/(2 ln 2)', () => {
    expectDerivative((x) => A.log(A.softplus(x)), 0, new Wide(1).div(new Wide(2).ln().mul(2)));
  });
  it('√ at 0 has a value and no derivative: a constant is fine, a variable throws NotRepresentable', () => {
    expect(A.sqrt(A.zero).v.isZero()).toBe(true);
    expect(() => A.sqrt(dvar(0))).toThrow(NotRepresentable);
  });
  it('is analytic over an analytic base, float64 too', () => {
    expect(has(A, 'softplus')).toBe(true);
    expect(dual({ ...float64 }).exp({ v: 0, d: [2] }).d).toEqual([2]);
  });
  it('tanh′ far from 0 in float64 is 0, not NaN: e^(−2|x|) never overflows where e^(2|x|) would', () => {
    const F = dual({ ...float64 });
    expect([400, -400].map((x) => F.tanh({ v: x, d: [1] }).d[0])).toEqual([0, 0]);
    expect(F.tanh({ v: 0, d: [1] }).d[0]).toBe(1);
  });
});
