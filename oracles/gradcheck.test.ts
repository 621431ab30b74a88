import { describe, expect, test } from 'vitest';
import { dyadicOf, type Field } from './field.ts';
import { checkQuadraticGradient, ENTRYWISE_LIMIT, type GradientClaim, type GradientProblem } from './gradcheck.ts';

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
});
