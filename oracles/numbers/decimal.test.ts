/** decimal(50) against values to 60 digits from mpmath at 80 digits (the doubles' exact values as arguments). */
import { Decimal } from 'decimal.js';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { decimal, decimalOfQuad } from './decimal.ts';
import { quad } from './quad.ts';
import { NotRepresentable } from './tower.ts';

const N = decimal(50);
/** |got − want| ≤ 10^−48·|want|: two units of the 50th digit. */
const close = (got: Decimal, want: string) => got.minus(want).abs().lte(new Decimal(want).abs().mul('1e-48'));

describe('decimal(50)', () => {
  it('reads a double exactly, every digit of its binary value', () => {
    expect(N.fromNumber(0.1).toFixed()).toBe('0.1000000000000000055511151231257827021181583404541015625');
    // 2^−1074 = 5^1074·10^−1074: 751 significant digits, beyond toPrecision's 100
    expect(N.fromNumber(2 ** -1074).sd()).toBe(751);
    expect(N.toNumber(N.fromNumber(2 ** -1074))).toBe(2 ** -1074);
    expect(N.fromNumber(-(2 ** 70)).toFixed()).toBe('-1180591620717411303424');
    expect(N.toNumber(N.fromNumber(0.1))).toBe(0.1);
  });

  it('rounds a rational to 50 digits, and 1/3·3 to 1 within that', () => {
    expect(N.fromRational(new Fraction(-1, 3)).toString()).toBe('-0.' + '3'.repeat(50));
    expect(N.mul(N.fromRational(new Fraction(1, 3)), N.fromNumber(3)).minus(1).abs().lte('1e-49')).toBe(true);
    expect(decimal(10).fromRational(new Fraction(2, 3)).toString()).toBe('0.6666666667');
  });

  it.each([
    ['exp(1)', N.exp(N.one), '2.718281828459045235360287471352662497757247093699959575'],
    ['log(2)', N.log(N.fromNumber(2)), '0.693147180559945309417232121458176568075500134360255254'],
    ['√2', N.sqrt(N.fromNumber(2)), '1.41421356237309504880168872420969807856967187537694807'],
    ['sin(1)', N.sin(N.one), '0.841470984807896506652502321630298999622563060798371065'],
    ['cos(1)', N.cos(N.one), '0.540302305868139717400936607442976603732310420617922227'],
    ['tanh(0.5)', N.tanh(N.fromNumber(0.5)), '0.462117157260009758502318483643672548730289280330113038'],
    // 1 − 2e^−50 + 2e^−100: far from 0, where decimal.js's own tanh is slow
    ['tanh(−25)', N.tanh(N.fromNumber(-25)), '-0.9999999999999999999996142500304072164433966058382141179'],
    ['tanh(1e-30)', N.tanh(N.fromNumber(1e-30)), '1.000000000000000083336420607585985350931336026868654502e-30'],
    ['softplus(2)', N.softplus(N.fromNumber(2)), '2.126928011042972496443726806358304431434333062808358358'],
    // log(1 + e^−200) = e^−200 − e^−400/2: 1 + e^−200 rounds to 1 at 50 digits
    ['softplus(−200)', N.softplus(N.fromNumber(-200)), '1.383896526736737530648681456979084685403047582339477209e-87'],
    ['softplus(−80)', N.softplus(N.fromNumber(-80)), '1.804851387845415172312128357350027404883660436802122381e-35'],
  ])('%s to 50 digits', (_, got, want) => {
    expect(close(got, want)).toBe(true);
  });

  it('takes tanh far out at once (decimal.js’s own does not finish at 10^6)', () => {
    expect([N.tanh(N.fromNumber(1e6)).toString(), N.tanh(N.fromNumber(-1e6)).toString()]).toEqual(['1', '-1']);
  });

  it('throws NotRepresentable where a real result does not exist, and has a sign', () => {
    expect(() => N.div(N.one, N.zero)).toThrow(NotRepresentable);
    expect(() => N.log(N.zero)).toThrow(NotRepresentable);
    expect(() => N.sqrt(N.fromNumber(-1))).toThrow(NotRepresentable);
    expect(N.sqrt(N.zero).isZero()).toBe(true);
    expect([N.sign(N.fromNumber(-2)), N.sign(N.zero), N.sign(N.one)]).toEqual([-1, 0, 1]);
    expect(N.sub(N.add(N.one, N.one), N.neg(N.one)).toString()).toBe('3');
  });

  it('remembers exp and fromNumber by value: one value however it was made, the same digits each call; integers exact', () => {
    const e = '2.7182818284590452353602874713526624977572470936999595749669676';
    const [a, b] = [N.exp(N.fromNumber(1)), N.exp(N.fromRational(new Fraction(1)))];
    expect(close(a, e) && close(b, e)).toBe(true);
    expect(N.exp(N.fromNumber(0.25)).eq(N.exp(N.fromRational(new Fraction(1, 4))))).toBe(true);
    // a neighbour of a remembered value is not confused with it
    expect(N.exp(N.fromNumber(0.25 + 2 ** -54)).eq(N.exp(N.fromNumber(0.25)))).toBe(false);
    expect(N.fromNumber(2 ** 53 - 1).toFixed()).toBe('9007199254740991');
    expect(N.fromNumber(-0).isZero()).toBe(true);
    expect(N.fromNumber(-3).toFixed()).toBe('-3');
  });
});

describe('decimalOfQuad', () => {
  it('rounds a quad-double’s exact value once to D’s precision: one component alone as well, and where rounding the partial sums would round twice', () => {
    const Q = quad();
    const D5 = Decimal.clone({ precision: 5 });
    // 1e-30 as a double has 118 significant digits
    expect(decimalOfQuad(D5, Q.fromNumber(1e-30)).toString()).toBe('1e-30');
    // 1.00005 + 10^-45: x0 + x1 falls just below 1.00005 (rounded down to 1 at 5 digits), x2 lifts it above (1.0001)
    const q = Q.add(Q.one, Q.fromRational(new Fraction(5n * 10n ** 40n + 1n, 10n ** 45n)));
    expect(decimalOfQuad(D5, q).toString()).toBe('1.0001');
    expect(decimalOfQuad(Decimal.clone({ precision: 50 }), Q.fromRational(new Fraction(-1, 3))).toString()).toBe('-0.' + '3'.repeat(50));
  });
});
