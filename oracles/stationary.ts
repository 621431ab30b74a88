/**
 * The oracle for Problem 4's stationary points: the objective F(Θ) = ℓ(Θ) + λ Σᵢ ln Θᵢ (Θᵢ > 0)
 * evaluated at 100 digits, its partial derivatives by central differences of F itself (never by
 * the formula under test), the exact partial derivatives of the polynomial ℓ, and the stationary
 * points of F along each coordinate, refined to 20 digits.
 */
import { Decimal } from 'decimal.js';
import type { PolynomialLoss } from '../properties/arbitraries/losses.ts';

export const D = Decimal.clone({ precision: 100 });
export type Dec = InstanceType<typeof D>;

/** A double as a decimal, exactly for every double generated here (at most 100 significant digits). */
export const decimalOf = (x: number): Dec => new D(x.toPrecision(100));

/** ℓ(Θ), to 100 digits. */
export function loss(l: PolynomialLoss, theta: readonly Dec[]): Dec {
  let sum = new D(0);
  for (const t of l.terms) sum = t.powers.reduce((acc, p, i) => acc.times(theta[i].pow(p)), decimalOf(t.coef)).plus(sum);
  return sum;
}

/** ∂ℓ/∂Θᵢ, by differentiating each monomial. */
export function lossPartial(l: PolynomialLoss, theta: readonly Dec[], i: number): Dec {
  let sum = new D(0);
  for (const t of l.terms) {
    if (t.powers[i] === 0) continue;
    const term = t.powers.reduce((acc, p, j) => acc.times(theta[j].pow(j === i ? p - 1 : p)), decimalOf(t.coef).times(t.powers[i]));
    sum = sum.plus(term);
  }
  return sum;
}

/** F(Θ) = ℓ(Θ) + λ Σ ln Θᵢ. */
export const objective = (l: PolynomialLoss, lambda: Dec, theta: readonly Dec[]): Dec =>
  theta.reduce((acc, t) => acc.plus(lambda.times(t.ln())), loss(l, theta));

const along = (theta: readonly Dec[], i: number, t: Dec) => theta.map((v, j) => (j === i ? t : v));

/**
 * Σ |cₖ Θ^pₖ| + 8λ: the size of the terms of F along a coordinate (|ln Θᵢ| < 7 on [2⁻¹⁰, 2¹⁰]),
 * which bounds the central difference's error below.
 */
export function magnitude(l: PolynomialLoss, lambda: number, theta: readonly Dec[]): number {
  let sum = 8 * lambda;
  for (const t of l.terms) sum += t.powers.reduce((acc, p, i) => acc.times(theta[i].pow(p)), decimalOf(t.coef)).abs().toNumber();
  return sum;
}

/**
 * ∂F/∂Θᵢ by a central difference of F with h = 10⁻³⁵Θᵢ (the terms λ ln Θⱼ, j ≠ i, are the same at
 * both ends and cancel exactly, so they are left out). With M = magnitude(…): the truncation
 * h²|F‴|/6 ≤ 10⁻⁷⁰·(4³M + 2λ)/Θᵢ/6 and the rounding 2·10⁻¹⁰⁰·M/h = 2·10⁻⁶⁵·M/Θᵢ, together below
 * 10⁻⁶⁰·M/Θᵢ — the oracle's error allowance, however much the terms of ∂ℓ/∂Θᵢ cancel.
 */
export function objectivePartial(l: PolynomialLoss, lambda: Dec, theta: readonly Dec[], i: number): Dec {
  const h = theta[i].times('1e-35');
  const [up, down] = [theta[i].plus(h), theta[i].minus(h)];
  const diff = loss(l, along(theta, i, up)).minus(loss(l, along(theta, i, down))).plus(lambda.times(up.ln().minus(down.ln())));
  return diff.div(h.times(2));
}

/**
 * Stationary points of t ↦ F(Θ with Θᵢ = t) for t ∈ [2⁻¹⁰, 2¹⁰]: sign changes of ∂F/∂Θᵢ are
 * bracketed on a grid of 400 points and narrowed by bisection in float64 (from ℓ's derivative plus
 * λ/t — only to locate brackets), and each is then confirmed and refined by regula falsi (Illinois) on the
 * central-difference derivative of F at 100 digits, to 10⁻²⁰ relative (far below the float64
 * spacing of the point the answer is given); a bracket without a sign change there, or a
 * refinement that leaves the bracket, is dropped.
 */
export function stationaryPointsAlong(l: PolynomialLoss, lambda: number, theta: readonly Dec[], i: number): Dec[] {
  const lam = decimalOf(lambda);
  const at = theta.map((v) => v.toNumber());
  const roughPartial = (t: number) => {
    at[i] = t;
    let sum = lambda / t;
    for (const term of l.terms) if (term.powers[i] > 0) sum += term.powers.reduce((acc, p, j) => acc * at[j] ** (j === i ? p - 1 : p), term.coef * term.powers[i]);
    return sum;
  };
  const grid = Array.from({ length: 401 }, (_, k) => 2 ** (-10 + (20 * k) / 400));
  const exact = (t: Dec) => objectivePartial(l, lam, along(theta, i, t), i);
  const roots: Dec[] = [];
  for (let k = 0; k < 400; k++) {
    if (Math.sign(roughPartial(grid[k])) * Math.sign(roughPartial(grid[k + 1])) >= 0) continue;
    // Narrow the bracket in float64 first (bisection to ~1e-13), then confirm it at 100 digits.
    let [lo, hi] = [grid[k], grid[k + 1]];
    const loSign = Math.sign(roughPartial(lo));
    while (hi - lo > lo * 1e-13) {
      const mid = (lo + hi) / 2;
      if (Math.sign(roughPartial(mid)) === loSign) lo = mid;
      else hi = mid;
    }
    let [a, b] = [decimalOf(lo), decimalOf(hi)];
    let [fa, fb] = [exact(a), exact(b)];
    if (fa.isZero() || fb.isZero() || fa.isNegative() === fb.isNegative()) {
      [a, b] = [decimalOf(grid[k]), decimalOf(grid[k + 1])];
      [fa, fb] = [exact(a), exact(b)];
    }
    if (fa.isZero() || fb.isZero() || fa.isNegative() === fb.isNegative()) continue;
    // Illinois (regula falsi that halves a stale end): stays in the bracket, converges superlinearly.
    let side = 0;
    for (let it = 0; it < 200 && b.minus(a).gt(a.times('1e-20')); it++) {
      const c = a.minus(fa.times(b.minus(a)).div(fb.minus(fa)));
      const fc = exact(c);
      if (fc.isZero()) {
        a = b = c;
        break;
      }
      if (fc.isNegative() === fa.isNegative()) {
        [a, fa] = [c, fc];
        if (side === -1) fb = fb.div(2);
        side = -1;
      } else {
        [b, fb] = [c, fc];
        if (side === 1) fa = fa.div(2);
        side = 1;
      }
    }
    roots.push(a.plus(b).div(2));
  }
  return roots;
}
