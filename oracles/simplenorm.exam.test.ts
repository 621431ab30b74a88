/**
 * Problem 1's part c oracle runs the exam's part b as the claim file states it (the program
 * P1.backward verifies), through the notation engine: known answers worked by hand, in float64 and
 * in the error-bound ring the check's tolerance comes from.
 */
import { describe, expect, it } from 'vitest';
import { errorBound, roundings, SUBNORMAL_SLACK, type ErrorBound } from './numbers/error-bound.ts';
import { float64 } from './numbers/float64.ts';
import { NotationError } from './notation/index.ts';
import type { Ring } from './numbers/tower.ts';
import { backwardByNotation, fieldTensor, partBOf, partBProgram } from './simplenorm.ts';

/** One pixel of two channels: L = (1, 2), A = (2, 3), B = (1, −1), L'.grad = (1, 2); A.grad already holds (1, 1). */
function onePixel<T>(N: Ring<T>, A = [2, 3]) {
  const t = (shape: number[], values: number[]) => fieldTensor(N, shape, values);
  const x = { L: t([1, 1, 1, 2], [1, 2]), A: t([A.length], A), B: t([2], [1, -1]) };
  const grads = { L: t([1, 1, 1, 2], [0, 0]), A: t([2], [1, 1]), B: t([2], [0, 0]) };
  backwardByNotation(N, x, t([1, 1, 1, 2], [1, 2]), grads);
  return grads;
}

describe("the oracle's part b", () => {
  it("is program backward of p1.claims, the program P1.backward verifies as part a's gradient, as the exam writes it", () => {
    const { file, program } = partBProgram();
    expect(file.claims.find((c) => c.id === 'P1.backward')?.args).toEqual(['backward', 'of', 'forward']);
    expect(program.statements.map((s) => s.text)).toEqual([
      "for b, x, y, c: L.grad[b, x, y, c] += L'.grad[b, x, y, c] * A[c]",
      "for b, x, y, c: A.grad[c] += L'.grad[b, x, y, c] * (L[b, x, y, c] + B[c])",
      "for b, x, y, c: B.grad[c] += L'.grad[b, x, y, c] * A[c]",
    ]);
  });

  it('runs in float64, accumulating into what is there: one pixel of two channels, by hand', () => {
    const grads = onePixel(float64);
    // L.grad += G·A = (2, 6); A.grad += G·(L + B) = (1 + 1·2, 1 + 2·1); B.grad += G·A = (2, 6)
    expect([grads.L.data, grads.A.data, grads.B.data]).toEqual([[2, 6], [3, 3], [2, 6]]);
  });

  it("runs in Higham's error-bound ring: each entry's magnitude and roundings, by hand", () => {
    const grads = onePixel(errorBound);
    // two terms, the gradient's value before and one product (so one product's underflow
    // allowance); depth: the roundings inside the product
    const e = (magnitude: number, depth: number): ErrorBound => ({ magnitude, depth, terms: 2, absolute: SUBNORMAL_SLACK });
    // L.grad: 0 + |G·A| = 2, 6: a product, then a sum (2 roundings)
    expect(grads.L.data).toEqual([e(2, 1), e(6, 1)]);
    // A.grad: |1| + |G|·(|L| + |B|) = 1 + 1·2, 1 + 2·3: a sum inside a product, then a sum (3 roundings)
    expect(grads.A.data).toEqual([e(3, 2), e(7, 2)]);
    expect(grads.B.data).toEqual([e(2, 1), e(6, 1)]);
    expect([...grads.L.data, ...grads.A.data].map(roundings)).toEqual([2, 2, 3, 3]);
  });

  it('sums A.grad and B.grad over every b, x, y: two examples of one channel', () => {
    const t = (shape: number[], values: number[]) => fieldTensor(float64, shape, values);
    const x = { L: t([2, 1, 1, 1], [1, 5]), A: t([1], [3]), B: t([1], [2]) };
    const grads = { L: t([2, 1, 1, 1], [0, 0]), A: t([1], [0]), B: t([1], [0]) };
    backwardByNotation(float64, x, t([2, 1, 1, 1], [1, 10]), grads);
    // L.grad = G·A = (3, 30); A.grad = 1·(1 + 2) + 10·(5 + 2) = 73; B.grad = 1·3 + 10·3 = 33
    expect([grads.L.data, grads.A.data, grads.B.data]).toEqual([[3, 30], [73], [33]]);
  });

  it('a claim file without program backward, or with an ill-formed one, is a one-line error naming the line', () => {
    const decl = 'size N in 1..2\nindex b in 1..N\nindex c in 1..N\ntensor L[b], A[c]\n';
    expect(() => partBOf(`${decl}program forward\n  for b: L[b] += A[b]\n`, 'p.claims')).toThrow(new NotationError("p.claims: no program backward (part b's loops)"));
    expect(() => partBOf(`${decl}program backward\n  for b: L.grad[b] += A[c]\n`, 'p.claims')).toThrow(new NotationError('p.claims:6: index "c" is not bound here (not a loop index, not a sum\'s)'));
    expect(partBOf(`${decl}program backward\n  for b: L.grad[b] += A[b]\n`, 'p.claims').program.statements).toHaveLength(1);
  });

  it('a tensor of the wrong shape is a one-line error naming the claim file', () => {
    expect(() => onePixel(float64, [2, 3, 4])).toThrowErrorWith(/^exams\/midterm-practice\/p1\.claims:\d+: A has shape \[3\] \(3 entries\) where its declaration gives \[2\]$/);
  });
});
