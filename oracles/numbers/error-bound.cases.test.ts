/** error-bound.ts's edges: an exact zero result is in range (zero is not subnormal), and the messages a user can meet. */
import { describe, expect, it } from 'vitest';
import { errorBound, float64WithError as F } from './error-bound.ts';
import { NotRepresentable } from './tower.ts';

describe('float64 with its running error bound', () => {
  it('1 − 1 is exactly 0 with no error: zero is in the normal range, only nonzero values below 2^-1022 leave it', () => {
    expect(F.sub(F.one, F.one)).toEqual({ value: 0, error: 0 });
    expect(F.sign(F.sub(F.one, F.one))).toBe(0);
  });

  it('says what has no sign: a static error bound has none at all', () => {
    expect(() => errorBound.sign(errorBound.one)).toThrow(new NotRepresentable('an error bound has no sign'));
  });
});

describe('the sign of a rounded value', () => {
  it('is refused where the interval value ± error holds 0, its ends included: 0 ± 1e-20, 1e-20 ± 1e-20', () => {
    expect(() => F.sign({ value: 0, error: 1e-20 })).toThrow(new NotRepresentable('the sign of 0 ± 1e-20'));
    expect(() => F.sign({ value: 1e-20, error: 1e-20 })).toThrow(new NotRepresentable('the sign of 1e-20 ± 1e-20'));
    expect(F.sign({ value: -2e-20, error: 1e-20 })).toBe(-1);
  });
});
