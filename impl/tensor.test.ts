/** The numpy operations the answers use, against numpy's rules written out entry by entry. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, addInto, mul, scale, sumAxes, Tensor } from './tensor.ts';

const extents = (rank: number) => fc.array(fc.integer({ min: 1, max: 3 }), { minLength: rank, maxLength: rank });
const tensorOf = (shape: number[]) =>
  fc.array(fc.integer({ min: -50, max: 50 }).map((m) => m / 8), { minLength: shape.reduce((a, b) => a * b, 1), maxLength: shape.reduce((a, b) => a * b, 1) }).map((v) => Tensor.of(shape, v));

/** Every multi-index of a shape, in row-major order. */
const indices = (shape: readonly number[]): number[][] =>
  shape.reduce<number[][]>((acc, d) => acc.flatMap((idx) => Array.from({ length: d }, (_, k) => [...idx, k])), [[]]);
const at = (t: Tensor, idx: readonly number[]) => t.data[idx.reduce((flat, k, axis) => flat * t.shape[axis] + k, 0)];

/** An output shape and two operands that broadcast to it: leading axes dropped, some extents 1. */
const broadcastPair = fc.integer({ min: 1, max: 4 }).chain((rank) =>
  extents(rank).chain((out) => {
    const operand = fc.tuple(fc.integer({ min: 0, max: rank - 1 }), fc.array(fc.boolean(), { minLength: rank, maxLength: rank })).map(([drop, ones]) => out.slice(drop).map((d, i) => (ones[i + drop] ? 1 : d)));
    return fc.tuple(fc.constant(out), operand.chain(tensorOf), operand.chain(tensorOf));
  }),
);

describe('elementwise operations broadcast as numpy does', () => {
  it('entry (i…) of a op b reads each operand at the same trailing index, 0 on its extents of 1', () => {
    fc.assert(fc.property(broadcastPair, ([, a, b]) => {
      const sum = add(a, b);
      const product = mul(a, b);
      const read = (t: Tensor, idx: number[]) => at(t, idx.slice(idx.length - t.shape.length).map((k, axis) => (t.shape[axis] === 1 ? 0 : k)));
      const rank = Math.max(a.shape.length, b.shape.length);
      const expectedShape = Array.from({ length: rank }, (_, i) => Math.max(a.shape[a.shape.length - rank + i] ?? 1, b.shape[b.shape.length - rank + i] ?? 1));
      expect(sum.shape).toEqual(expectedShape);
      for (const idx of indices(expectedShape)) {
        expect(at(sum, idx)).toBe(read(a, idx) + read(b, idx));
        expect(at(product, idx)).toBe(read(a, idx) * read(b, idx));
      }
    }));
  });

  it('refuses shapes that do not broadcast, naming them', () => {
    expect(() => add(Tensor.zeros([2, 3]), Tensor.zeros([2]))).toThrowErrorWith('shapes (2,3) and (2) do not broadcast');
  });

  it('scales every entry', () => {
    expect(Array.from(scale(Tensor.of([2], [1, -2]), 3).data)).toEqual([3, -6]);
  });
});

describe('sumAxes sums the listed axes away, in index order', () => {
  const summed = fc.integer({ min: 1, max: 4 }).chain((rank) =>
    extents(rank).chain((shape) => fc.tuple(tensorOf(shape), fc.subarray(Array.from({ length: rank }, (_, i) => i)))),
  );
  it('each kept index gets the sum of the entries that share it', () => {
    fc.assert(fc.property(summed, ([t, axes]) => {
      const out = sumAxes(t, axes);
      const kept = t.shape.map((_, i) => i).filter((i) => !axes.includes(i));
      expect(out.shape).toEqual(kept.map((i) => t.shape[i]));
      const expected = new Map<string, number>();
      for (const idx of indices(t.shape)) {
        const key = kept.map((i) => idx[i]).join();
        expected.set(key, (expected.get(key) ?? 0) + at(t, idx));
      }
      for (const idx of indices(out.shape)) expect(at(out, idx)).toBe(expected.get(idx.join()));
    }));
  });
});

describe('sumAxes on a (2,2,2) tensor of the entries 0 … 7, by hand', () => {
  it.each([
    // the leading axes (the fast path): entries ≡ k mod 2
    [[0, 1], [2], [0 + 2 + 4 + 6, 1 + 3 + 5 + 7]],
    // axis 0 is summed, but not only leading axes: the middle index is kept, flats {0,1,4,5} and {2,3,6,7}
    [[0, 2], [2], [0 + 1 + 4 + 5, 2 + 3 + 6 + 7]],
    [[1, 2], [2], [0 + 1 + 2 + 3, 4 + 5 + 6 + 7]],
  ])('summing axes %j leaves shape %j and %j', (axes, shape, sums) => {
    const out = sumAxes(Tensor.of([2, 2, 2], [0, 1, 2, 3, 4, 5, 6, 7]), axes);
    expect([out.shape, Array.from(out.data)]).toEqual([shape, sums]);
  });
});

describe('tensors', () => {
  it('hold as many values as their shape says, or refuse', () => {
    expect(() => Tensor.of([2, 2], [1, 2, 3])).toThrowErrorWith('tensor of shape (2,2) needs 4 values, got 3');
    expect(Array.from(Tensor.zeros([2, 1]).data)).toEqual([0, 0]);
  });

  it('addInto adds into a gradient of the same shape, and refuses any other', () => {
    const g = Tensor.of([2], [1, 2]);
    addInto(g, Tensor.of([2], [10, 20]));
    expect(Array.from(g.data)).toEqual([11, 22]);
    expect(() => addInto(g, Tensor.zeros([1, 2]))).toThrowErrorWith('cannot add a (1,2) tensor into a (2) gradient');
  });
});
