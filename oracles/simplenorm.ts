/** Problem 1's oracle for part c: the exam's part b += notation for SimpleNorm, run by the interpreter. */
import type { Ring } from './numbers/tower.ts';
import { parseStatement, runNotation, type FieldTensor } from './index-notation.ts';

/** Part b, as the exam writes it (the exam's juxtaposition written as *). */
export const PART_B = [
  "forall b,x,y,c: L.grad[b,x,y,c] += L'.grad[b,x,y,c] * A.value[c]",
  "forall b,x,y,c: A.grad[c] += L'.grad[b,x,y,c] * (L.value[b,x,y,c] + B.value[c])",
  "forall b,x,y,c: B.grad[c] += L'.grad[b,x,y,c] * A.value[c]",
].map(parseStatement);

/** SimpleNorm's tensors in some field: the inputs and (for the backward) the gradients. */
export interface SimpleNormTensors<T> {
  L: FieldTensor<T>;
  A: FieldTensor<T>;
  B: FieldTensor<T>;
}

export function fieldTensor<T>(field: Ring<T>, shape: readonly number[], values: ArrayLike<number>): FieldTensor<T> {
  return { shape, data: Array.from(values, (x) => field.fromNumber(x)) };
}

/** Part b's loops, accumulating into the given gradients (which it updates in place). */
export function backwardByNotation<T>(
  field: Ring<T>,
  x: SimpleNormTensors<T>,
  outGrad: FieldTensor<T>,
  grads: SimpleNormTensors<T>,
): void {
  runNotation(field, PART_B, {
    "L'.grad": outGrad,
    'L.value': x.L,
    'A.value': x.A,
    'B.value': x.B,
    'L.grad': grads.L,
    'A.grad': grads.A,
    'B.grad': grads.B,
  });
}
