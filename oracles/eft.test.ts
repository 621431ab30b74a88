import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { allSafe, Dot2, SAFE_MAGNITUDE } from './eft.ts';
import { dyadic, dyadicOf, dyadicToNumber } from './numbers/dyadic.ts';

/** Safe-range values, with the cancellations that defeat a plain float64 sum. */
const safe = fc.oneof(
  fc.double({ noNaN: true, min: -(2 ** 100), max: 2 ** 100 }).filter((x) => allSafe([x])),
  fc.constantFrom(0, 1, -1, 2 ** 60, -(2 ** 60), 2 ** -60),
);

describe('Dot2', () => {
  test.prop([fc.array(fc.tuple(safe, safe), { maxLength: 60 })])('is within its stated error of the exact dot product', (pairs) => {
    const sum = new Dot2();
    let exact = dyadic.zero;
    for (const [a, b] of pairs) {
      sum.addProduct(a, b);
      sum.add(a);
      exact = dyadic.add(exact, dyadic.add(dyadic.mul(dyadicOf(a), dyadicOf(b)), dyadicOf(a)));
    }
    const error = Math.abs(dyadicToNumber(dyadic.sub(dyadic.add(dyadicOf(sum.value), dyadicOf(sum.rest)), exact)));
    expect(error).toBeLessThanOrEqual(sum.error());
  });

  test.prop([fc.integer({ min: 1, max: 1000 })])('is exact where a float64 sum loses everything: 2^60 + k − 2^60', (k) => {
    const sum = new Dot2();
    for (const x of [2 ** 60, k, -(2 ** 60)]) sum.add(x);
    expect(sum.value + sum.rest).toBe(k);
    expect((2 ** 60 + k - 2 ** 60) % 256).toBe(0); // float64 keeps only multiples of its spacing there
  });

  it('states γ(2n)²·Σ|terms| as its error, widened by no more than a hair', () => {
    const sum = new Dot2();
    sum.add(1);
    sum.addProduct(-2, 3); // a product counts as two terms (it and its rounding error), of magnitude |−2·3| = 6
    const [n, magnitude] = [3, 7];
    const g = (2 * n * 2 ** -53) / (1 - 2 * n * 2 ** -53);
    expect(sum.error()).toBeGreaterThanOrEqual(g * g * magnitude);
    expect(sum.error()).toBeLessThan(g * g * magnitude * (1 + 2 ** -30));
  });

  it('the safe range excludes what would underflow or overflow', () => {
    expect(allSafe([0, SAFE_MAGNITUDE.min, -SAFE_MAGNITUDE.max])).toBe(true);
    expect(allSafe([SAFE_MAGNITUDE.min / 2])).toBe(false);
    expect(allSafe([Infinity])).toBe(false);
  });
});
