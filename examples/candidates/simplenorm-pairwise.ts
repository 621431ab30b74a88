// Correct, summing in another order (pairwise, as numpy does): differs from the reference only by
// float64 rounding, which the claims allow for.
import { SimpleNorm as Loops } from './simplenorm-correct.ts';

const pairwise = (xs: number[]): number => (xs.length === 1 ? xs[0] : pairwise(xs.slice(0, xs.length >> 1)) + pairwise(xs.slice(xs.length >> 1)));

export class SimpleNorm extends Loops {
  override backward() {
    const C = this.A.value.data.length;
    const channel = (c: number, term: (i: number) => number) =>
      pairwise(Array.from(this.grad.data.keys()).filter((i) => i % C === c).map(term));
    this.L.grad.data.forEach((_, i) => (this.L.grad.data[i] += this.grad.data[i] * this.A.value.data[i % C]));
    for (let c = 0; c < C; c++) {
      this.A.grad.data[c] += channel(c, (i) => this.grad.data[i] * (this.L.value.data[i] + this.B.value.data[c]));
      this.B.grad.data[c] += channel(c, (i) => this.grad.data[i] * this.A.value.data[c]);
    }
  }
}
