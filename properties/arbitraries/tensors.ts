import fc from 'fast-check';
import { scalar } from './scalars.ts';

/**
 * The values of a tensor of any size, without making them depend on the shape (fast-check's
 * chain shrinks poorly): a short list of scalars, repeated cyclically to fill the tensor. Shapes
 * and values then shrink independently, toward one repeated small integer. Longer lists (up to
 * every entry distinct) come with larger profiles.
 */
export const cyclicValues = (maxLength: number): fc.Arbitrary<number[]> => fc.array(scalar, { minLength: 1, maxLength });

export const fill = (values: readonly number[], size: number): number[] =>
  Array.from({ length: size }, (_, i) => values[i % values.length]);

/**
 * A tensor of this shape filled from the list as if it were the corner of a tensor with every
 * extent maxDim: entry (i, j, ...) takes the value at that entry's place in the larger one. So
 * when a shape shrinks, the entries that remain keep their values, and a counterexample shrinks
 * as a human would cut a tensor down, by dropping its last slices.
 */
export function fillCorner(values: readonly number[], shape: readonly number[], maxDim: number): number[] {
  const size = shape.reduce((a, b) => a * b, 1);
  return Array.from({ length: size }, (_, flat) => {
    let inBox = 0;
    let scale = 1;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      inBox += (flat % shape[axis]) * scale;
      flat = Math.floor(flat / shape[axis]);
      scale *= maxDim;
    }
    return values[inBox % values.length];
  });
}

/** The tensor without slice k along an axis: numpy's np.delete(t, k, axis). */
export function dropSlice(values: readonly number[], shape: readonly number[], axis: number, k: number): number[] {
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  return values.filter((_, flat) => Math.floor(flat / inner) % shape[axis] !== k);
}

/**
 * An arbitrary whose values, once fast-check's own shrinking can go no further, also shrink by
 * dropping a slice of their tensors, any slice along any axis: the one step a greedy shrinker of
 * values and extents can miss, when the entries that fail are not in the first slices.
 */
export class SliceShrinking<T> extends fc.Arbitrary<T> {
  constructor(
    private readonly inner: fc.Arbitrary<T>,
    private readonly slicesDropped: (value: T) => T[],
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<T> {
    const v = this.inner.generate(mrng, biasFactor);
    return new fc.Value(v.value_, { inner: v.context });
  }

  canShrinkWithoutContext(value: unknown): value is T {
    return false;
  }

  shrink(value: T, context: unknown): fc.Stream<fc.Value<T>> {
    const own = context as { inner: unknown } | undefined;
    const inner = own ? this.inner.shrink(value, own.inner).map((v) => new fc.Value(v.value_, { inner: v.context })) : fc.Stream.nil<fc.Value<T>>();
    return inner.join(fc.Stream.of(...this.slicesDropped(value)).map((v) => new fc.Value(v, undefined)));
  }
}
