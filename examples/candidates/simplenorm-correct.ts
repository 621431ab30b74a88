// A correct SimpleNorm written the way a student might: loops, not the reference's numpy calls.
export class SimpleNorm {
  value: { shape: readonly number[]; data: Float64Array };
  grad: { shape: readonly number[]; data: Float64Array };

  constructor(
    readonly L: { value: { shape: readonly number[]; data: Float64Array }; grad: { data: Float64Array } },
    readonly A: { value: { data: Float64Array }; grad: { data: Float64Array } },
    readonly B: { value: { data: Float64Array }; grad: { data: Float64Array } },
  ) {
    this.value = { shape: L.value.shape, data: new Float64Array(L.value.data.length) };
    this.grad = { shape: L.value.shape, data: new Float64Array(L.value.data.length) };
  }

  forward() {
    const C = this.A.value.data.length;
    this.value.data = this.L.value.data.map((l, i) => this.A.value.data[i % C] * (l + this.B.value.data[i % C]));
  }

  backward() {
    const C = this.A.value.data.length;
    this.L.value.data.forEach((l, i) => {
      const c = i % C;
      const g = this.grad.data[i];
      this.L.grad.data[i] += g * this.A.value.data[c];
      this.A.grad.data[c] += g * (l + this.B.value.data[c]);
      this.B.grad.data[c] += g * this.A.value.data[c];
    });
  }
}
