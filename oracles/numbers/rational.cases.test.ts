/** Surds' edges: the sums and roots that are not q·√r refused with messages that say so, and √0 = 0. */
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { surd as S } from './rational.ts';
import { NotRepresentable } from './tower.ts';

const n = (x: number) => S.fromNumber(x);

describe('surd where the result is not q·√r', () => {
  it('√2 + √3 is refused (not read as one of them); √2 + √8 = 3√2 is not', () => {
    expect(() => S.add(S.sqrt(n(2)), S.sqrt(n(3)))).toThrow(new NotRepresentable('a sum of unlike surds (√2 + √3) is not q·√r'));
    expect(S.equals(S.add(S.sqrt(n(2)), S.sqrt(n(8))), S.mul(n(3), S.sqrt(n(2))))).toBe(true);
  });

  it('division by 0, a root of a root, a root of a negative: each says which', () => {
    expect(() => S.div(n(1), S.zero)).toThrow(new NotRepresentable('division by 0'));
    expect(() => S.sqrt(S.sqrt(n(2)))).toThrow(new NotRepresentable('a root of a root is not q·√r'));
    expect(() => S.sqrt(S.fromRational(new Fraction(-9, 4)))).toThrow(new NotRepresentable('√-9/4'));
  });

  it('√0 = 0', () => {
    expect(S.equals(S.sqrt(S.zero), S.zero)).toBe(true);
  });
});
