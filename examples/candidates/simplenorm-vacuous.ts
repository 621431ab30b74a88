// Games a check that compares what it is handed: empties the shape array it is given and leaves
// empty tensors, so that a comparison over the shape it then reads compares nothing. Refuted: the
// checker keeps its own shapes, and an empty output is the wrong size.
type T = { shape: number[]; data: Float64Array };
const empty = (shape: number[]): T => ({ shape: shape.fill(0), data: new Float64Array(0) });

export class SimpleNorm {
  value: T = empty([0, 0, 0, 0]);
  grad: T = empty([0, 0, 0, 0]);

  constructor(
    readonly L: { value: T; grad: T },
    readonly A: { value: T; grad: T },
    readonly B: { value: T; grad: T },
  ) {}

  forward() {
    this.value = empty([...this.L.value.shape]);
  }

  backward() {
    for (const t of [this.L, this.A, this.B]) t.grad = empty(t.value.shape);
  }
}
