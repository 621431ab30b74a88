/**
 * A witness's inputs: every input a grader needs to recompute it by hand (sizes, tensors, reals as
 * the fractions drawn, the function values), and the failure line that carries them first.
 */
import { describe, expect, test } from 'vitest';
import { failureAt, inputsText } from './witness.ts';

const line4 = { sizes: { T: 1 }, values: { x: [1] }, outGrad: {}, gradsBefore: {}, directionSeed: 3, reals: { beta: 0.875, gamma: 1 } };

describe('a witness', () => {
  test("quiz2-p1b's: the sizes, the tensors, and the reals as fractions (beta = 7/8 leaves 7 where the recurrence leaves 1)", () => {
    expect(inputsText(line4)).toBe('T = 1; x = [1]; beta = 7/8, gamma = 1');
    expect(failureAt('z[1]: line4 leaves 7, recurrence 1', line4)).toBe('at T = 1; x = [1]; beta = 7/8, gamma = 1: z[1]: line4 leaves 7, recurrence 1');
  });

  test('the function values drawn, cut after the last nonzero one; tensors nested by their shapes', () => {
    const x = { sizes: { I: 1, T: 2 }, values: { W0: [0], x: [1, 1] }, reals: { eta: 1 }, calls: [-1, 0.5, ...Array(30).fill(0)] };
    expect(inputsText(x, (name) => (name === 'x' ? [2, 1] : [1]))).toBe(
      "I = 1, T = 2; W0 = [0]; x = [[1],[1]]; eta = 1; function values [-1, 1/2] (then 0), the k-th to the k-th distinct call, SPEC's run first",
    );
    expect(inputsText({ ...x, calls: [2] })).toMatch(/; function values \[2\], the k-th/);
  });

  test('a gradient case shows its output gradients and what .grad held before; a counterexample of another shape is its failure alone', () => {
    expect(inputsText({ sizes: { B: 1 }, values: { h: [2] }, outGrad: { R: [1] }, gradsBefore: { h: [3] } })).toBe('B = 1; h = [2]; R.grad = [1] (outGrad); h.grad = [3] (before)');
    expect(inputsText({ alpha: 0.5 })).toBeNull();
    expect(failureAt('differs', 'alpha = 1')).toBe('differs');
  });
});
