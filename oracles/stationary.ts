/**
 * The oracle for Problem 4's stationary points: the objective F(Θ) = ℓ(Θ) + λ Σᵢ ln Θᵢ (Θᵢ > 0)
 * evaluated at 100 digits, its partial derivatives by central differences of F itself (never by
 * the formula under test), the exact partial derivatives of the polynomial ℓ, and the stationary
 * points of F along each coordinate, refined to 20 digits.
 */
import { Decimal } from 'decimal.js';
import { decimalOf as exactDecimal } from './numbers/decimal.ts';

/** cₖ·Θ₁^p₁·Θ₂^p₂·…: one term of a polynomial loss. */
export interface Term {
  coef: number;
  powers: number[];
}

/** A smooth loss ℓ(Θ) on d ≤ 3 parameters: a polynomial with small dyadic coefficients, plain JSON. */
export interface PolynomialLoss {
  dim: number;
  terms: Term[];
}

export const D = Decimal.clone({ precision: 100 });
export type Dec = InstanceType<typeof D>;

/** A double as a decimal, exactly (every digit of its binary value). */
export const decimalOf = (x: number): Dec => exactDecimal(D, x);

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

/** A bracket of a sign change of ∂F/∂Θᵢ: `cell` between grid points, `narrow` inside it by float64 bisection. */
export interface Bracket {
  cell: [number, number];
  narrow: [number, number];
}

/**
 * The sign changes of ∂F/∂Θᵢ along t ∈ [2⁻¹⁰, 2¹⁰], located in float64 (from ℓ's derivative plus
 * λ/t, with the other coordinates at `theta`): between consecutive points of a grid of 401 where it
 * is not 0 (so a zero on the grid is bracketed by its neighbours; one at 2^±10 itself is not), each
 * narrowed by 40 steps of bisection to 2⁻⁴⁰ of its width (below lo·10⁻¹³ for one or two grid steps).
 * Only to locate brackets: float64 may place them wrongly where the terms cancel, which is why
 * stationaryPointsAlong confirms them at 100 digits.
 */
export function roughBrackets(l: PolynomialLoss, lambda: number, theta: readonly number[], i: number): Bracket[] {
  const at = [...theta];
  const partial = (t: number) => {
    at[i] = t;
    let sum = lambda / t;
    // (a term without Θᵢ contributes coef·0·… = 0)
    for (const term of l.terms) sum += term.powers.reduce((acc, p, j) => acc * at[j] ** (j === i ? p - 1 : p), term.coef * term.powers[i]);
    return sum;
  };
  const narrow = (lo: number, hi: number, loSign: number): [number, number] => {
    for (let n = 0; n < 40; n++) {
      const mid = (lo + hi) / 2;
      if (Math.sign(partial(mid)) === loSign) lo = mid;
      else hi = mid;
    }
    return [lo, hi];
  };
  const brackets: Bracket[] = [];
  let from: [number, number] | undefined; // the last grid point where the derivative is not 0, and its sign
  for (let k = 0; k <= 400; k++) {
    const t = 2 ** (-10 + (20 * k) / 400);
    const sign = Math.sign(partial(t));
    if (sign === 0) continue;
    if (from?.[1] === -sign) brackets.push({ cell: [from[0], t], narrow: narrow(from[0], t, from[1]) });
    from = [t, sign];
  }
  return brackets;
}

/**
 * The zero of f in [lo, hi] by Illinois (regula falsi that halves the value at an end kept twice
 * running: stays in the bracket, converges superlinearly), to a bracket [a, b] with b − a ≤ 10⁻²⁰a,
 * its midpoint returned. Undefined unless f(lo) and f(hi) have strictly opposite signs. At a
 * multiple zero its secant steps crawl in from one end ((t − 1.3)³ on [1, 2] is still [1.3, 2] after
 * 200 steps), so after 200 steps it bisects.
 */
export function illinois(f: (t: Dec) => Dec, [lo, hi]: readonly [number, number]): Dec | undefined {
  let [a, b] = [decimalOf(lo), decimalOf(hi)];
  let [fa, fb] = [f(a), f(b)];
  if (!fa.times(fb).lt(0)) return undefined;
  let side = 0;
  for (let steps = 0; b.minus(a).gt(a.times('1e-20')); steps++) {
    const c = steps < 200 ? a.minus(fa.times(b.minus(a)).div(fb.minus(fa))) : a.plus(b).div(2);
    const fc = f(c);
    if (fc.isZero()) return c;
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
  return a.plus(b).div(2);
}

/**
 * Stationary points of t ↦ F(Θ with Θᵢ = t) for t ∈ [2⁻¹⁰, 2¹⁰]: each of roughBrackets' sign
 * changes is confirmed and refined by Illinois on the central-difference derivative of F at 100
 * digits, to 10⁻²⁰ relative (far below the float64 spacing of the point the answer is given) — on
 * the narrowed bracket, or on its grid cell if float64 narrowed it wrongly; a bracket without a sign
 * change at 100 digits on either is dropped.
 */
export function stationaryPointsAlong(l: PolynomialLoss, lambda: number, theta: readonly Dec[], i: number): Dec[] {
  const lam = decimalOf(lambda);
  const exact = (t: Dec) => objectivePartial(l, lam, along(theta, i, t), i);
  return roughBrackets(l, lambda, theta.map((v) => v.toNumber()), i).flatMap(({ cell, narrow }) => illinois(exact, narrow) ?? illinois(exact, cell) ?? []);
}
