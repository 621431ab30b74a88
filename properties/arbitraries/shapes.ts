import fc from 'fast-check';

export type Shape4 = [number, number, number, number];

const TIES = [(s: Shape4): Shape4 => s, ([b, h, w]: Shape4): Shape4 => [b, h, w, b], ([b, , , c]: Shape4): Shape4 => [b, c, c, c]];

/**
 * Shapes (B, H, W, C) with every extent in 1..maxDim. A third are drawn with B = C and a third
 * with H = W = C, so a broadcast or a sum over the wrong axis runs instead of failing on the shape,
 * and is caught by its values. The ties are only how shapes are drawn: a shape shrinks one extent
 * at a time, freely, so a counterexample reaches the smallest shape that still fails, tied or not.
 */
class BhwcShape extends fc.Arbitrary<Shape4> {
  constructor(private readonly maxDim: number) {
    super();
  }

  generate(mrng: fc.Random): fc.Value<Shape4> {
    const free: Shape4 = [0, 0, 0, 0].map(() => mrng.nextInt(1, this.maxDim)) as Shape4;
    return new fc.Value(TIES[mrng.nextInt(0, TIES.length - 1)](free), undefined);
  }

  canShrinkWithoutContext(value: unknown): value is Shape4 {
    return Array.isArray(value) && value.length === 4 && value.every((d) => Number.isInteger(d) && d >= 1 && d <= this.maxDim);
  }

  /** Every shape with one extent made smaller, the smallest first. */
  shrink(shape: Shape4): fc.Stream<fc.Value<Shape4>> {
    const smaller = shape.flatMap((d, axis) =>
      Array.from({ length: d - 1 }, (_, k) => shape.map((e, i) => (i === axis ? k + 1 : e)) as Shape4),
    );
    return fc.Stream.of(...smaller.map((s) => new fc.Value(s, undefined)));
  }
}

export const bhwcShape = (maxDim: number): fc.Arbitrary<Shape4> => new BhwcShape(maxDim);
