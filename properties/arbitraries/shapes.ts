import fc from 'fast-check';

export type Shape4 = [number, number, number, number];

/**
 * Shapes (B, H, W, C) with every extent in 1..maxDim. A third of them have B = C and a third
 * H = W = C, so a broadcast or a sum over the wrong axis runs instead of failing on the shape,
 * and is caught by its values. Shrinks toward (1, 1, 1, 1).
 */
export function bhwcShape(maxDim: number): fc.Arbitrary<Shape4> {
  const dim = fc.integer({ min: 1, max: maxDim });
  return fc.oneof(
    { withCrossShrink: true },
    fc.tuple(dim, dim, dim, dim),
    fc.tuple(dim, dim, dim).map(([b, h, w]): Shape4 => [b, h, w, b]),
    fc.tuple(dim, dim).map(([b, c]): Shape4 => [b, c, c, c]),
  );
}
