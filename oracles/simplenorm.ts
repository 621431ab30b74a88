/** Problem 1's oracles: the exam's own += notation for SimpleNorm, run by the interpreter. */
import type { Field } from './field.ts';
import { parseStatement, runNotation, type FieldTensor } from './index-notation.ts';

/** Part a, as the exam writes it. */
export const PART_A = ["forall b,x,y,c: L'.value[b,x,y,c] += A.value[c] * (L.value[b,x,y,c] + B.value[c])"].map(parseStatement);

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

export function fieldTensor<T>(field: Field<T>, shape: readonly number[], values: ArrayLike<number>): FieldTensor<T> {
  return { shape, data: Array.from(values, (x) => field.fromNumber(x)) };
}

const zerosLike = <T>(field: Field<T>, t: FieldTensor<T>): FieldTensor<T> => ({ shape: t.shape, data: t.data.map(() => field.zero) });

/** L' from part a, starting from zero as the += notation does. */
export function forwardByNotation<T>(field: Field<T>, x: SimpleNormTensors<T>): FieldTensor<T> {
  const out = zerosLike(field, x.L);
  runNotation(field, PART_A, {
    "L'.value": out,
    'L.value': x.L,
    'A.value': x.A,
    'B.value': x.B,
  });
  return out;
}

/** Part b's loops, accumulating into the given gradients (which it updates in place). */
export function backwardByNotation<T>(
  field: Field<T>,
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

/** The loss whose gradient the backward computes: ℓ = Σ L'.grad · L', with L'.grad held fixed. */
export function lossByNotation<T>(field: Field<T>, x: SimpleNormTensors<T>, outGrad: FieldTensor<T>): T {
  const out = forwardByNotation(field, x);
  return out.data.reduce((acc, v, i) => field.add(acc, field.mul(outGrad.data[i], v)), field.zero);
}
