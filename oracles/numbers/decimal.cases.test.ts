/**
 * decimal(50)'s NotRepresentable messages: they reach a user as the reason a claim has no value
 * ("SPEC has no value here: log -2"), so each names the operation and its argument.
 */
import { Decimal } from 'decimal.js';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { decimal } from './decimal.ts';
import { NotRepresentable } from './tower.ts';


describe('decimal(50) where a real result does not exist', () => {
  it('names the operation and the argument: 3/0, log 0, log -2, √-4', () => {
    const N = decimal(50);
    expect(() => N.div(N.fromNumber(3), N.zero)).toThrow(new NotRepresentable('3/0'));
    expect(() => N.log(N.zero)).toThrow(new NotRepresentable('log 0'));
    expect(() => N.log(N.fromNumber(-2))).toThrow(new NotRepresentable('log -2'));
    expect(() => N.sqrt(N.fromNumber(-4))).toThrow(new NotRepresentable('√-4'));
  });
});

/** |got − want| ≤ 10^−48·|want|. */
const close = (got: Decimal, want: Decimal | string) => got.minus(want).abs().lte(new Decimal(want).abs().mul('1e-48'));

// Each test builds its own decimal(50): an instance built at import, before Stryker switches a
// mutant on, would hide every mutant of decimal() itself (its operations, its wide precision).
describe('decimal(50), built and computed inside each test (decimal.test.ts computes its table at import)', () => {
  it('field operations on values worked by hand: 1/2 + 1/4, 1/2 − 1/4, 1/2 · 1/4, (1/2)/(1/4), −2, 1/3 rounded', () => {
    const N = decimal(50);
    const [h, Q] = [N.fromNumber(0.5), N.fromRational(new Fraction(1, 4))];
    expect([N.add(h, Q), N.sub(h, Q), N.mul(h, Q), N.div(h, Q), N.neg(N.fromNumber(2))].map((x) => N.toNumber(x))).toEqual([0.75, 0.25, 0.125, 2, -2]);
    expect([N.sign(N.fromNumber(-3)), N.sign(N.zero), N.sign(N.one)]).toEqual([-1, 0, 1]);
    expect(N.fromRational(new Fraction(1, 3)).toString()).toBe(`0.${'3'.repeat(50)}`);
  });

  it('e, ln 2 and √2 to 50 digits (their well-known expansions); sin² + cos² = 1; tanh from its definition', () => {
    const N = decimal(50);
    expect(close(N.exp(N.one), '2.7182818284590452353602874713526624977572470936999595749669')).toBe(true);
    expect(close(N.log(N.fromNumber(2)), '0.69314718055994530941723212145817656807550013436025525412068')).toBe(true);
    expect(close(N.sqrt(N.fromNumber(2)), '1.4142135623730950488016887242096980785696718753769480731767')).toBe(true);
    const [s, c] = [N.sin(N.one), N.cos(N.one)];
    expect(close(N.add(N.mul(s, s), N.mul(c, c)), '1')).toBe(true);
    // tanh v = (e^{2v} − 1)/(e^{2v} + 1), near 0 (decimal.js's tanh) and far out (|v| ≥ 20, tanhFar)
    for (const v of [0.5, -25, 25]) {
      const e2 = N.exp(N.fromNumber(2 * v));
      expect(close(N.tanh(N.fromNumber(v)), N.div(N.sub(e2, N.one), N.add(e2, N.one))), `tanh ${v}`).toBe(true);
    }
  });

  it('softplus v = log(1 + e^v): at 2, and at −80 and −112 where 1 + e^v needs over 50 digits (e^−112 ≈ 2.3e-49: log(1 + w) = w − w²/2 + …)', () => {
    const N = decimal(50);
    expect(close(N.softplus(N.fromNumber(2)), N.log(N.add(N.one, N.exp(N.fromNumber(2)))))).toBe(true);
    for (const v of [-80, -112]) {
      const w = N.exp(N.fromNumber(v));
      expect(close(N.softplus(N.fromNumber(v)), N.sub(w, N.div(N.mul(w, w), N.fromNumber(2)))), `softplus ${v}`).toBe(true);
    }
  });
});
