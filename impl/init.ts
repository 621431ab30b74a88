/**
 * Problem 6a: the initialization of a and b in z = σ(a(y + b)), y = Σᵢ wᵢxᵢ (i = 1..d), so that
 * a(y + b) has zero mean and unit variance, given the moments of the independent wᵢ and xᵢ.
 * Exact rationals: 1/a is a square root, so the rule gives its square (1/a)², and a = 1/√that.
 */
import type Fraction from 'fraction.js';

export interface Moments {
  readonly d: Fraction;
  readonly mean_w: Fraction;
  readonly var_w: Fraction;
  readonly mean_x: Fraction;
  readonly var_x: Fraction;
}

export interface Init {
  readonly b: Fraction;
  /** (1/a)²: the exam's 1/a = √(this). */
  readonly inverseASquared: Fraction;
}

export type InitRule = (m: Moments) => Init;

export const examInit: InitRule = ({ d, mean_w, var_w, mean_x, var_x }) => ({
  // b = −E[Σᵢ wᵢxᵢ] = −dμ_wμ_x
  b: d.mul(mean_w).mul(mean_x).neg(),
  // 1/a = √(d(μ_w²σ_x² + μ_x²σ_w² + σ_x²σ_w²))
  inverseASquared: d.mul(mean_w.pow(2).mul(var_x).add(mean_x.pow(2).mul(var_w)).add(var_x.mul(var_w))),
});
