/**
 * The course's EDF vocabulary (mcallester/ttic-31230 02MLP/edf.py): a node has a `value` and a
 * `grad` of the same shape; `forward()` sets the value from the inputs' values, `backward()` adds
 * (`+=`) this node's contribution into its inputs' gradients, so gradients that arrive along
 * several paths accumulate.
 */
import { Tensor, type Shape } from './tensor.ts';

export abstract class CompNode {
  value: Tensor;
  grad: Tensor;

  constructor(shape: Shape) {
    this.value = Tensor.zeros(shape);
    this.grad = Tensor.zeros(shape);
  }

  abstract forward(): void;
  abstract backward(): void;
}

/** An input or a parameter: its value is given, it has nothing to propagate to. */
export class Leaf extends CompNode {
  constructor(value: Tensor) {
    super(value.shape);
    this.value = value;
  }

  forward(): void {}
  backward(): void {}
}
