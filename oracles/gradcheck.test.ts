import { describe, expect, it, test } from 'vitest';
import { dyadic, dyadicOf } from './numbers/dyadic.ts';
import type { Ring } from './numbers/tower.ts';
import { checkEntriesAtScale, checkExactEntries, checkQuadraticGradient, entryName, ENTRYWISE_LIMIT, type EntryTruths, type GradientClaim, type GradientProblem } from './gradcheck.ts';

/** ℓ(x, y) = Σ x_i·y_i + x_0²: gradient y + 2x_0·e_0 for x, x for y. */
const loss = <T>(f: Ring<T>, [x, y]: readonly T[][]): T => x.reduce((acc, xi, i) => f.add(acc, f.mul(xi, y[i])), f.mul(x[0], x[0]));

function claim(n: number, gradX: (x: number[], y: number[]) => number[]): [GradientProblem, Pick<GradientClaim, 'added' | 'tolerance'>] {
  const x = Array.from({ length: n }, (_, i) => i + 1);
  const y = Array.from({ length: n }, (_, i) => 2 - i);
  const problem = {
    params: [
      { name: 'x', shape: [n], value: Float64Array.from(x) },
      { name: 'y', shape: [n], value: Float64Array.from(y) },
    ],
    loss,
    direction: [Float64Array.from(x, (_, i) => 1 / (i + 2)), Float64Array.from(x, (_, i) => -1 / (i + 3))],
  };
  return [problem, { added: [gradX(x, y).map(dyadicOf), x.map(dyadicOf)], tolerance: [new Float64Array(n), new Float64Array(n)] }];
}

const right = (x: number[], y: number[]) => y.map((yi, i) => yi + (i === 0 ? 2 * x[0] : 0));

describe('the quadratic gradient checker', () => {
  test('accepts the true gradient, small and large', () => {
    expect(checkQuadraticGradient(...claim(3, right))).toBeNull();
    expect(checkQuadraticGradient(...claim(4 * ENTRYWISE_LIMIT, right))).toBeNull();
  });

  test('names the wrong entry on a small case', () => {
    const wrong = (x: number[], y: number[]) => right(x, y).map((g, i) => (i === 2 ? g + 1e-12 : g));
    expect(checkQuadraticGradient(...claim(3, wrong))).toMatch(/^x\.grad\[2\]: the answer added .* the true gradient is 0/);
  });

  test('finds an error on a large case along the direction, without the quadratic entry-by-entry check', () => {
    const n = 4 * ENTRYWISE_LIMIT;
    const wrong = (x: number[], y: number[]) => right(x, y).map((g, i) => (i === n - 1 ? g * (1 + 1e-12) : g));
    expect(checkQuadraticGradient(...claim(n, wrong))).toMatch(/^along a direction D the answer's gradient gives /);
  });

  test('checks entry by entry up to ENTRYWISE_LIMIT entries in all, where errors cancelling along the direction are found', () => {
    // 6 + 6 entries; x's direction starts 1/2, 1/3, 1/4: +2^-20 at x[0] and −2^-19 at x[2] cancel along it exactly
    const wrong = (x: number[], y: number[]) => right(x, y).map((g, i) => g + (i === 0 ? 2 ** -20 : i === 2 ? -(2 ** -19) : 0));
    expect(checkQuadraticGradient(...claim(ENTRYWISE_LIMIT / 2, wrong))).toBe(
      'x.grad[0]: the answer added 4.000000953674316, the true gradient is 4 (error 9.54e-7, rounding allows 0.00)',
    );
  });

  test('along the direction, allows exactly what the tolerances allow (to 2^-40), and not twice the error', () => {
    const n = 4 * ENTRYWISE_LIMIT;
    const [j, delta] = [5, 2 ** -20];
    const [problem, gradient] = claim(n, (x, y) => right(x, y).map((g, i) => (i === j ? g + delta : g)));
    const within = (t: number) => checkQuadraticGradient(problem, { ...gradient, tolerance: [Float64Array.from({ length: n }, (_, i) => (i === j ? t : 0)), new Float64Array(n)] });
    expect(within(delta * (1 - 2 ** -45))).toBeNull();
    expect(within(delta / 2)).toMatch(/^along a direction D/);
  });
});

describe('the entry-by-entry checks against double-double truths', () => {
  const x = [{ name: 'x', shape: [2] }];
  // the truth 1 + 2^-60 (hi 1, lo 2^-60), stated to within 2^-110
  const truths = [{ hi: Float64Array.of(3, 1), lo: Float64Array.of(0, 2 ** -60), error: Float64Array.of(0, 2 ** -110) }];

  test('a float64 answer is read as after − before exactly: 1 − (−2^-60) is the truth, with no tolerance', () => {
    const gradient = (after: number) => [{ after: [5, after], before: [2, -(2 ** -60)], tolerance: [0, 0] }];
    expect(checkEntriesAtScale(x, truths, gradient(1))).toBeNull();
    expect(checkEntriesAtScale(x, truths, gradient(1 + 2 ** -52))).toMatch(/^x\.grad\[1\]: the answer added 1\.0000000000000002, the true gradient is 1 /);
  });

  test('an exact answer may differ by the truths’ own error, and no more', () => {
    const exact = (off: number) => [[dyadicOf(3), dyadic.add(dyadic.add(dyadicOf(1), dyadicOf(2 ** -60)), dyadicOf(off))]];
    expect(checkExactEntries(x, truths, exact(0))).toBeNull();
    expect(checkExactEntries(x, truths, exact(2 ** -110))).toBeNull();
    expect(checkExactEntries(x, truths, exact(2 ** -100))).toMatch(/^x\.grad\[1\]: .*its computation allows 7\.70e-34/);
  });
});

describe('entry names', () => {
  it.each([
    ['W', [2, 3], 4, 'W[1,1]'],
    ['T', [2, 3, 4], 23, 'T[1,2,3]'],
    ['b', [5], 3, 'b[3]'],
  ])('%s of shape %j, flat entry %i, is %s', (name, shape, flat, expected) => {
    expect(entryName(name, shape, flat)).toBe(expected);
  });
});

/** One entry x[0] whose true derivative is hi + lo within error. */
const oneEntry = (hi: number, lo: number, error: number): [{ name: string; shape: number[] }[], EntryTruths[]] => [
  [{ name: 'x', shape: [1] }],
  [{ hi: Float64Array.of(hi), lo: Float64Array.of(lo), error: Float64Array.of(error) }],
];

describe('the at-scale check, at the edge of an allowance', () => {
  it.each([
    // the difference 2^-52 is exact: the doubt about it (2u of it) counts for the answer, not against it
    ['an answer off by exactly its tolerance passes', 1, 0, 1 + 2 ** -52, 2 ** -52, null],
    // the truth is 1 + 2^-53, so the answer 1 + 2^-51 is 3·2^-53 off, against 2^-53 allowed
    ['an answer off by three times its tolerance is named', 1, 2 ** -53, 1 + 2 ** -51, 2 ** -53, 'x.grad[0]: the answer added 1.0000000000000004, the true gradient is 1 (error 3.33e-16, rounding allows 1.11e-16)'],
  ])('%s', (_, hi, lo, after, tolerance, expected) => {
    expect(checkEntriesAtScale(...oneEntry(hi, lo, 0), [{ after: [after], before: [0], tolerance: [tolerance] }])).toBe(expected);
  });
});

describe('the exact check, at the edge of the truths’ error', () => {
  const truth = dyadic.add(dyadicOf(1), dyadicOf(2 ** -53));
  it.each([
    ['the truth plus exactly its error passes', 2 ** -100, null],
    // one ulp of the error beyond it: the difference is a double, so nothing rounds and it is refused
    ['the truth plus its error and an ulp of it is refused', 2 ** -100 * (1 + 2 ** -52), 'x.grad[0]: the answer added 1.0000000000000002, the true gradient is 1 (error 7.89e-31, its computation allows 7.89e-31)'],
  ])('%s', (_, off, expected) => {
    expect(checkExactEntries(...oneEntry(1, 2 ** -53, 2 ** -100), [[dyadic.add(truth, dyadicOf(off))]])).toBe(expected);
  });
});
