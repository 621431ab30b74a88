/**
 * Problem 2's oracle for a student's optimizer (properties/p2.ts): momentum as velocity (v^0 = 0)
 * unrolled, in exact rationals, written independently of impl/momentum.ts's steps. Unrolling v^{r} = μv^{r−1} + ηg^{r−1} gives
 * v^t = η Σ_{s<t} μ^{t−1−s} g^s and Θ^t = Θ^0 − Σ_{r≤t} v^r = Θ^0 − η Σ_{s<t} (1 + μ + … + μ^{t−1−s}) g^s,
 * where g^s = ∇ℓ^s at Θ^s: each Θ^t is rebuilt from Θ^0 and every gradient so far.
 */
import type Fraction from 'fraction.js';
import { rational } from './numbers/rational.ts';

export interface VelocityTruth {
  /** Θ^0 … Θ^T. */
  theta: Fraction[][];
  /** g^0 … g^T: the gradient at each Θ^t (a module's float64 run is given them). */
  grads: Fraction[][];
}

const ZERO = rational.zero;
const ONE = rational.one;

export function velocityTruth(mu: Fraction, eta: Fraction, theta0: readonly Fraction[], steps: number, grad: (t: number, theta: readonly Fraction[]) => readonly Fraction[]): VelocityTruth {
  // μ^k, and 1 + μ + … + μ^{k−1}, a sum of powers (no division: μ may be 0), for k = 0 … steps
  const powers = [ONE];
  const partial = [ZERO];
  for (let k = 1; k <= steps; k++) {
    powers.push(powers[k - 1].mul(mu));
    partial.push(partial[k - 1].add(powers[k - 1]));
  }
  // η times each, once: every Θ^t below reads them
  const etaPartial = partial.map((p) => eta.mul(p));
  const grads: Fraction[][] = [];
  const theta: Fraction[][] = [[...theta0]];
  for (let t = 1; t <= steps; t++) {
    grads.push([...grad(t - 1, theta[t - 1])]);
    theta.push(theta0.map((p, i) => grads.reduce((acc, g, s) => acc.sub(etaPartial[t - s].mul(g[i])), p)));
  }
  grads.push([...grad(steps, theta[steps])]);
  return { theta, grads };
}
