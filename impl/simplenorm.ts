/** Problem 1: the initialization-only "simple normalization" layer L' = SimpleNorm(L, A, B). */
import { CompNode, type Leaf } from './edf.ts';
import { add, addInto, mul, sumAxes } from './tensor.ts';

/** L has shape (B, H, W, C); A and B have shape (C). */
export class SimpleNorm extends CompNode {
  constructor(
    readonly L: Leaf,
    readonly A: Leaf,
    readonly B: Leaf,
  ) {
    super(L.value.shape);
    const C = L.value.shape[3];
    if (L.value.shape.length !== 4 || A.value.shape.join() !== `${C}` || B.value.shape.join() !== `${C}`) {
      throw new Error(`SimpleNorm needs L of shape (B,H,W,C) and A, B of shape (C)`);
    }
  }

  // part a:  ∀ b,x,y,c   L'.value[b,x,y,c] += A.value[c] * (L.value[b,x,y,c] + B.value[c])
  forward(): void {
    this.value = mul(this.A.value, add(this.L.value, this.B.value));
  }

  // part b:  ∀ b,x,y,c   L.grad[b,x,y,c] += L'.grad[b,x,y,c] A.value[c]
  //                      A.grad[c]       += L'.grad[b,x,y,c] (L.value[b,x,y,c] + B.value[c])
  //                      B.grad[c]       += L'.grad[b,x,y,c] A.value[c]
  backward(): void {
    addInto(this.L.grad, mul(this.grad, this.A.value));
    addInto(this.A.grad, sumAxes(mul(this.grad, add(this.L.value, this.B.value)), [0, 1, 2]));
    addInto(this.B.grad, sumAxes(mul(this.grad, this.A.value), [0, 1, 2]));
  }
}

/** What a SimpleNorm answer is: anything built like the course's node class. */
export type SimpleNormClass = new (L: Leaf, A: Leaf, B: Leaf) => CompNode;
