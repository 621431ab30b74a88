/** Problem 1's oracles: the exam's own += notation for SimpleNorm, run by the interpreter. */
import { Dot2, productError } from './eft.ts';
import type { EntryTruths } from './gradcheck.ts';
import type { Ring } from './numbers/tower.ts';
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

export function fieldTensor<T>(field: Ring<T>, shape: readonly number[], values: ArrayLike<number>): FieldTensor<T> {
  return { shape, data: Array.from(values, (x) => field.fromNumber(x)) };
}

const zerosLike = <T>(field: Ring<T>, t: FieldTensor<T>): FieldTensor<T> => ({ shape: t.shape, data: t.data.map(() => field.zero) });

/** L' from part a, starting from zero as the += notation does. */
export function forwardByNotation<T>(field: Ring<T>, x: SimpleNormTensors<T>): FieldTensor<T> {
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

/** The loss whose gradient the backward computes: ℓ = Σ L'.grad · L', with L'.grad held fixed. */
export function lossByNotation<T>(field: Ring<T>, x: SimpleNormTensors<T>, outGrad: FieldTensor<T>): T {
  const out = forwardByNotation(field, x);
  return out.data.reduce((acc, v, i) => field.add(acc, field.mul(outGrad.data[i], v)), field.zero);
}

/**
 * SimpleNorm at scale, as flat float64 arrays (channel last, so entry i is in channel i mod C):
 * the loops below are part a's and part b's expressions written once more over typed arrays,
 * because the interpreter's field objects cost microseconds per entry. Tests hold them to the
 * interpreter's results on small cases.
 */
export interface SimpleNormArrays {
  L: Float64Array;
  A: Float64Array;
  B: Float64Array;
  /** L'.grad */
  G: Float64Array;
}

/**
 * Every entry's derivative of the loss Σ L'.grad·L' (L' from part a), by forward mode with a unit
 * tangent per entry: part a's A[c]·(L[i] + B[c]) moves by A[c] under a unit change of L[i], by
 * L[i] + B[c] under one of A[c], by A[c] under one of B[c], and the loss by L'.grad[i] times that,
 * summed over the entries the change touches (one for L[i], a channel for A[c] and B[c]). So all
 * of them cost one pass; products are exact (TwoProduct) and sums are Dot2's, so each derivative
 * is a double-double within a stated error.
 */
export function lossGradientByForwardMode(x: SimpleNormArrays): Record<'L' | 'A' | 'B', EntryTruths> {
  const C = x.A.length;
  const L = { hi: new Float64Array(x.L.length), lo: new Float64Array(x.L.length), error: new Float64Array(x.L.length) };
  const A = Array.from({ length: C }, () => new Dot2());
  const B = Array.from({ length: C }, () => new Dot2());
  for (let i = 0, c = 0; i < x.L.length; i++, c = c + 1 === C ? 0 : c + 1) {
    const g = x.G[i];
    L.hi[i] = g * x.A[c];
    L.lo[i] = productError(g, x.A[c], L.hi[i]);
    A[c].addProduct(g, x.L[i]);
    A[c].addProduct(g, x.B[c]);
    B[c].addProduct(g, x.A[c]);
  }
  const truths = (sums: Dot2[]): EntryTruths => ({
    hi: Float64Array.from(sums, (d) => d.value),
    lo: Float64Array.from(sums, (d) => d.rest),
    error: Float64Array.from(sums, (d) => d.error()),
  });
  return { L, A: truths(A), B: truths(B) };
}

/**
 * Part b's forward error analysis in closed form: what running PART_B in the errorBound field
 * gives, entry by entry, summed in the interpreter's order; each tensor has one depth.
 * L.grad[i] += G·A has depth 2; A.grad[c] accumulates m = B·H·W terms G·(L + B) of depth 2
 * (depth m + 2); B.grad[c] m terms G·A of depth 1 (depth m + 1).
 */
export function backwardErrorBounds(
  x: SimpleNormArrays,
  before: { L: Float64Array; A: Float64Array; B: Float64Array },
): Record<'L' | 'A' | 'B', { magnitude: Float64Array; depth: number }> {
  const C = x.A.length;
  const m = x.L.length / C;
  const L = before.L.map(Math.abs);
  const A = before.A.map(Math.abs);
  const B = before.B.map(Math.abs);
  for (let i = 0, c = 0; i < x.L.length; i++, c = c + 1 === C ? 0 : c + 1) {
    const g = Math.abs(x.G[i]);
    L[i] += g * Math.abs(x.A[c]);
    A[c] += g * (Math.abs(x.L[i]) + Math.abs(x.B[c]));
    B[c] += g * Math.abs(x.A[c]);
  }
  return { L: { magnitude: L, depth: 2 }, A: { magnitude: A, depth: m + 2 }, B: { magnitude: B, depth: m + 1 } };
}
