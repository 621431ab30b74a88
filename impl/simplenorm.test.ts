import { describe, expect, it } from 'vitest';
import { Leaf } from './edf.ts';
import { SimpleNorm } from './simplenorm.ts';
import { Tensor } from './tensor.ts';

describe('SimpleNorm', () => {
  const leaf = (shape: number[]) => new Leaf(Tensor.zeros(shape));
  it.each([
    ['L not of rank 4', [1, 1, 1, 3, 2], [3], [3]],
    ['A not of shape (C)', [1, 1, 1, 3], [2], [3]],
    ['B not of shape (C)', [1, 1, 1, 3], [3], [3, 1]],
  ])('refuses %s', (_, L, A, B) => {
    expect(() => new SimpleNorm(leaf(L), leaf(A), leaf(B))).toThrowErrorWith('SimpleNorm needs L of shape (B,H,W,C) and A, B of shape (C)');
  });
});

describe('an EDF node', () => {
  it('starts with value and grad zeros of its shape, so the first backward’s += is the gradient itself', () => {
    const node = new SimpleNorm(new Leaf(Tensor.zeros([1, 1, 2, 3])), new Leaf(Tensor.of([3], [1, 2, 3])), new Leaf(Tensor.zeros([3])));
    for (const t of [node.value, node.grad, node.L.grad]) expect(t).toEqual(Tensor.zeros([1, 1, 2, 3]));
  });
});
