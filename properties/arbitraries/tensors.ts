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
