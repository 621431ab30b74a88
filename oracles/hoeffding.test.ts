import { describe, expect, it, test } from 'vitest';
import { hoeffding } from './hoeffding.ts';

describe('the Hoeffding tolerance t with 2·exp(−2nt²/R²) = falseAlarm', () => {
  // falseAlarm = 2e^(−L) makes t = R·√(L / 2n) exactly
  it.each([
    [10_000, 8, 1, 0.02],
    [50, 1, 1, 0.1],
    [8, 16, 1, 1],
    [8, 16, 3, 3],
    [50, 1, 0.5, 0.05],
  ])('n = %s, falseAlarm = 2e^-%s, range %s: t = %s', (n, L, range, t) => {
    const falseAlarm = 2 * Math.exp(-L);
    expect(hoeffding(n, falseAlarm, range)).toBeCloseTo(t, 14);
    expect((2 * Math.exp((-2 * n * hoeffding(n, falseAlarm, range) ** 2) / range ** 2)) / falseAlarm).toBeCloseTo(1, 12);
  });

  test('the range defaults to 1 (a fraction of draws), and t shrinks as 1/√n', () => {
    expect(hoeffding(100, 1e-9)).toBe(hoeffding(100, 1e-9, 1));
    expect(hoeffding(400, 1e-9) / hoeffding(100, 1e-9)).toBeCloseTo(0.5, 14);
  });
});
