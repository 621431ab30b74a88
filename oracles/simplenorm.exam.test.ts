/**
 * Problem 1's += statements in the oracle are the exam's answers: parsed, they are exactly the
 * statements of the exam's parts a and b (the exam's juxtaposition a product), written here as trees,
 * and part a runs. The module is imported inside the test: a statement that does not parse throws
 * while it loads, which fails every file importing it before any test runs, and Stryker counts no
 * failed test then. Its dependencies are loaded here, outside any test, so that only its own
 * module code counts as covered by this test.
 */
import { describe, expect, it } from 'vitest';
import './eft.ts';
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
  // ∀b,x,y,c: L'.value[b,x,y,c] += A.value[c] * (L.value[b,x,y,c] + B.value[c])
  PART_A: [statement("L'.value", ALL, times(ref('A.value', ['c']), normalized))],
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
  it('are the exam’s parts a and b, and part a runs: L′ = A·(L + B) on one pixel of two channels', async () => {
    const oracle = await import('./simplenorm.ts');
    expect({ PART_A: oracle.PART_A, PART_B: oracle.PART_B }).toMatchObject(EXAM);
    const x = { L: oracle.fieldTensor(float64, [1, 1, 1, 2], [1, 2]), A: oracle.fieldTensor(float64, [2], [2, 3]), B: oracle.fieldTensor(float64, [2], [1, -1]) };
    expect(oracle.forwardByNotation(float64, x)).toEqual({ shape: [1, 1, 1, 2], data: [4, 3] });
  });
});
