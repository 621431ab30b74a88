/**
 * Problem 1's part b statements in the oracle are the exam's answer: parsed, they are exactly the
 * statements of the exam's part b (the exam's juxtaposition a product), written here as trees, and
 * they run. The module is imported inside the test: a statement that does not parse throws
 * while it loads, which fails every file importing it before any test runs, and Stryker counts no
 * failed test then. Its dependencies are loaded here, outside any test, so that only its own
 * module code counts as covered by this test.
 */
import { describe, expect, it } from 'vitest';
import { float64 } from './numbers/float64.ts';
import './index-notation.ts';
import type { Statement } from './index-notation.ts';

type Expr = Statement['rhs'];

const ALL = ['b', 'x', 'y', 'c'];
const ref = (tensor: string, indices: string[]): Expr => ({ kind: 'ref', tensor, indices });
const times = (left: Expr, right: Expr): Expr => ({ kind: 'op', op: '*', left, right });
const plus = (left: Expr, right: Expr): Expr => ({ kind: 'op', op: '+', left, right });
const statement = (tensor: string, indices: string[], rhs: Expr) => ({ loops: ALL, target: { tensor, indices }, rhs });

const normalized = plus(ref('L.value', ALL), ref('B.value', ['c']));

const EXAM = {
  PART_B: [
    // L.grad[b,x,y,c] += L'.grad[b,x,y,c] A.value[c]
    statement('L.grad', ALL, times(ref("L'.grad", ALL), ref('A.value', ['c']))),
    // A.grad[c] += L'.grad[b,x,y,c] (L.value[b,x,y,c] + B.value[c])
    statement('A.grad', ['c'], times(ref("L'.grad", ALL), normalized)),
    // B.grad[c] += L'.grad[b,x,y,c] A.value[c]
    statement('B.grad', ['c'], times(ref("L'.grad", ALL), ref('A.value', ['c']))),
  ],
};

describe("the oracle's SimpleNorm statements", () => {
  it('are the exam’s part b, and it runs: one pixel of two channels, by hand', async () => {
    const oracle = await import('./simplenorm.ts');
    expect({ PART_B: oracle.PART_B }).toMatchObject(EXAM);
    const t = (shape: number[], values: number[]) => oracle.fieldTensor(float64, shape, values);
    const x = { L: t([1, 1, 1, 2], [1, 2]), A: t([2], [2, 3]), B: t([2], [1, -1]) };
    const grads = { L: t([1, 1, 1, 2], [0, 0]), A: t([2], [1, 1]), B: t([2], [0, 0]) };
    oracle.backwardByNotation(float64, x, t([1, 1, 1, 2], [1, 2]), grads);
    // L.grad += G·A = (2, 6); A.grad += G·(L + B) = (1 + 2, 1 + 2); B.grad += G·A = (2, 6)
    expect([grads.L.data, grads.A.data, grads.B.data]).toEqual([[2, 6], [3, 3], [2, 6]]);
  });
});
