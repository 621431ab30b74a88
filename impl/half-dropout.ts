/**
 * Problem 8: "half dropout". At train time each mask entry is 1/2 with probability α and 1
 * otherwise, y_i = Relu(Σ_j W_ij μ_j x_j); at test time the mask is replaced by its mean.
 */
import Fraction from 'fraction.js';

/** A test-time rule: y from α, W and x, in exact rationals. */
export type TestRule = (alpha: Fraction, W: readonly (readonly Fraction[])[], x: readonly Fraction[]) => Fraction[];

export const relu = (z: Fraction): Fraction => (z.gt(0) ? z : new Fraction(0));

/** y_i = Relu(c(α) Σ_j W_ij x_j) for a weight scale c(α). */
export const scaledRule =
  (scale: (alpha: Fraction) => Fraction): TestRule =>
  (alpha, W, x) =>
    W.map((row) => relu(scale(alpha).mul(row.reduce((s, w, j) => s.add(w.mul(x[j])), new Fraction(0)))));

/** The exam's answer: E[μ_j] = α·1/2 + (1 − α)·1 = 1 − α/2, so y_i = Relu((1 − α/2) Σ_j W_ij x_j). */
export const halfDropoutTest: TestRule = scaledRule((alpha) => new Fraction(1).sub(alpha.div(2)));
