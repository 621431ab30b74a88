import { describe, expect, test } from 'vitest';
import { dyadic, dyadicOf, type Field } from './field.ts';
import { checkEntriesAtScale, checkExactEntries, checkQuadraticGradient, ENTRYWISE_LIMIT, type GradientClaim, type GradientProblem } from './gradcheck.ts';

/** ℓ(x, y) = Σ x_i·y_i + x_0²: gradient y + 2x_0·e_0 for x, x for y. */
const loss = <T>(f: Field<T>, [x, y]: readonly T[][]): T => x.reduce((acc, xi, i) => f.add(acc, f.mul(xi, y[i])), f.mul(x[0], x[0]));

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
