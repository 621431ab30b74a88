import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { dyadic, dyadicOf, dyadicToNumber, errorBound, float64, gamma, roundingBound, UNIT_ROUNDOFF, type Field } from './field.ts';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e150, max: 1e150 });

/** Knuth's TwoSum and Dekker's TwoProduct: float64 results plus their exact rounding errors. */
function twoSum(a: number, b: number): [number, number] {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}
function split(a: number): [number, number] {
  const c = 134217729 * a; // 2^27 + 1
  const hi = c - (c - a);
  return [hi, a - hi];
}
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}
const sameDyadic = (x: ReturnType<typeof dyadicOf>, y: ReturnType<typeof dyadicOf>) => dyadic.sub(x, y).m === 0n;

describe('exact dyadic arithmetic', () => {
  test.prop([fc.double({ noNaN: true, noDefaultInfinity: true })])('every double converts exactly and back, denormals included', (x) => {
    expect(dyadicToNumber(dyadicOf(x))).toBe(x === 0 ? 0 : x);
  });

  test.prop([finite, finite])('sums equal the error-free TwoSum: float result plus its exact error', (a, b) => {
    const [s, e] = twoSum(a, b);
    expect(sameDyadic(dyadic.add(dyadicOf(a), dyadicOf(b)), dyadic.add(dyadicOf(s), dyadicOf(e)))).toBe(true);
  });

  const moderate = fc.double({ noNaN: true, min: -1e100, max: 1e100 }).filter((x) => x === 0 || Math.abs(x) > 1e-100);
  test.prop([moderate, moderate])('products equal the error-free TwoProduct', (a, b) => {
    const [p, e] = twoProduct(a, b);
    expect(sameDyadic(dyadic.mul(dyadicOf(a), dyadicOf(b)), dyadic.add(dyadicOf(p), dyadicOf(e)))).toBe(true);
  });
});

describe("Higham's γ bound", () => {
  it('γ_k = ku/(1-ku)', () => {
    expect(gamma(2)).toBe((2 * UNIT_ROUNDOFF) / (1 - 2 * UNIT_ROUNDOFF));
  });

  const terms = fc.array(fc.tuple(finite, finite, finite), { minLength: 1, maxLength: 40 });
  test.prop([terms])('bounds the rounding of any float64 sum of products, exactly measured', (terms) => {
    {
      // Σ a·(b + c), left to right, in float64, exactly, and as an error bound
      const evaluate = <T,>(f: Field<T>): T =>
        terms.reduce((acc, [a, b, c]) => f.add(acc, f.mul(f.fromNumber(a), f.add(f.fromNumber(b), f.fromNumber(c)))), f.zero);
      const computed = evaluate(float64);
      const exact = evaluate(dyadic);
      const error = Math.abs(dyadicToNumber(dyadic.sub(dyadicOf(computed), exact)));
      expect(error).toBeLessThanOrEqual(roundingBound(evaluate(errorBound)));
    }
  });
});
