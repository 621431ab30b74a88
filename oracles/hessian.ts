/**
 * The oracle for Problem 5: HΔΘ of a loss, by second-order forward mode ("jets") over quad-double
 * (oracles/numbers/quad.ts: every operation within 2^-190 ≈ 6·10^-58 of its result, relative), or
 * over decimal.js at 60 significant digits where a value of the case leaves quad's band (e^−500,
 * tanh's sech² at θ = 10^10). No complex arithmetic, no reverse mode: every node carries its value
 * v, its gradient g = ∂v/∂Θ, its derivative along ΔΘ, d = ∂v/∂ΔΘ, and h = ∂²v/∂Θ∂ΔΘ, so at the
 * root h = HΔΘ, with a relative error near 10^-57 (rounding alone, no truncation).
 *
 * Beside the exact jet, each node carries in float64 the jet's magnitudes (mv, mg, md, mh): the
 * same rules with every term replaced by its absolute value, and every derivative factor f⁽ᵏ⁾(v)
 * by |f⁽ᵏ⁾(v)| + mv·|f⁽ᵏ⁺¹⁾(v)|, which also covers the rounding of v itself (|f''| by what a
 * program's f'' is rounded relative to, where that cancels: tanh's). mh_j is then the sum,
 * over every way the program's rounding errors reach (HΔΘ)_j, of the magnitude they are relative
 * to; any float64 evaluation whose paths have at most K roundings each is within γ(K)·mh_j of the
 * exact value (Higham §3.1, to first order), whatever order the program sums its terms in. It
 * does not depend on forward or reverse mode: both sum the same products of local derivatives.
 */
import { Decimal } from 'decimal.js';
import { decimalOf as exactDecimal, inQuadElseDecimal } from './numbers/decimal.ts';
import type { Analytic } from './numbers/tower.ts';

/** The decimals HΔΘ is given in (60 significant digits). */
export const D = Decimal.clone({ precision: 60 });
export type Dec = InstanceType<typeof D>;

/** A node's jet over the number system T, and its float64 magnitudes (module comment). */
export interface Jet<T> {
  v: T;
  g: T[];
  d: T;
  h: T[];
  mv: number;
  mg: number[];
  md: number;
  mh: number[];
}

/** A double as a decimal, exactly (every digit of its binary value). */
export const decimalOf = (x: number): Dec => exactDecimal(D, x);

/**
 * f(v) and its first three derivatives: to the system's precision for f, f', f''; f''' for
 * magnitudes only; and, where a program's f'' cancels, the magnitude its rounding is relative to (else |f''|).
 */
type Derivatives<T> = (v: T) => [T, T, T, number, number?];

function derivativesIn<T>(N: Analytic<T>): Record<'exp' | 'log' | 'sqrt' | 'sin' | 'cos' | 'tanh' | 'softplus' | 'recip', Derivatives<T>> {
  const n = (x: number) => N.fromNumber(x);
  const inv = (x: T) => N.div(N.one, x);
  const sq = (x: T) => N.mul(x, x);
  const toNumber = (x: T) => N.toNumber(x);
  /** σ(v) = 1/(1 + e^−v), without cancellation on either side */
  const sigmoid = (v: T) => inv(N.add(N.one, N.exp(N.neg(v))));
  return {
    exp: (v) => {
      const e = N.exp(v);
      return [e, e, e, toNumber(e)];
    },
    log: (v) => [N.log(v), inv(v), N.neg(inv(sq(v))), 2 * toNumber(inv(N.mul(sq(v), v)))],
    sqrt: (v) => {
      const s = N.sqrt(v);
      return [s, inv(N.mul(n(2), s)), N.neg(inv(N.mul(n(4), N.mul(v, s)))), (3 / 8) * toNumber(inv(N.mul(sq(v), s)))];
    },
    // Stryker disable next-line UnaryOperator: f''' is read only as |f'''|
    recip: (v) => [inv(v), N.neg(inv(sq(v))), N.mul(n(2), inv(N.mul(sq(v), v))), -6 * toNumber(inv(sq(sq(v))))],
    sin: (v) => {
      const [s, c] = [N.sin(v), N.cos(v)];
      // Stryker disable next-line UnaryOperator: f''' is read only as |f'''|
      return [s, c, N.neg(s), -toNumber(c)];
    },
    cos: (v) => {
      const [s, c] = [N.sin(v), N.cos(v)];
      return [c, N.neg(s), N.neg(c), toNumber(s)];
    },
    tanh: (v) => {
      // sech² v = 4/(e^v + e^−v)², a sum of positives: no cancellation anywhere (1 − tanh² rounds
      // to 0 for |v| ≳ 70). A program computes sech² from e^v + e^−v, so its f'' (in complex step, Im
      // of sech² along the step) goes through e^v − e^−v, which cancels near 0: rounded relative
      // to e^v + e^−v, i.e. to 8(e^v + e^−v)/(e^v + e^−v)³ = 2 sech² rather than to |f''| = 2|tanh|·sech²
      const t = N.tanh(v);
      const s = N.div(n(4), sq(N.add(N.exp(v), N.exp(N.neg(v)))));
      return [t, s, N.mul(n(-2), N.mul(t, s)), 2 * toNumber(s) * (3 * toNumber(t) ** 2 - 1), 2 * toNumber(s)];
    },
    softplus: (v) => {
      const [p, q] = [sigmoid(v), sigmoid(N.neg(v))]; // σ(v), 1 − σ(v) without cancellation
      const pq = N.mul(p, q);
      return [N.softplus(v), p, pq, toNumber(N.mul(pq, N.sub(q, p)))];
    },
  };
}

/** The jets over N for Θ and ΔΘ of dimension n, as an analytic field (so any Loss evaluates in it). */
export function jetField<T>(N: Analytic<T>, n: number): Analytic<Jet<T>> & { param(theta: number | T, dtheta: number, i: number): Jet<T> } {
  const DERIVATIVES = derivativesIn(N);
  const num = (x: T) => Math.abs(N.toNumber(x));
  const zeros = () => new Array<T>(n).fill(N.zero);
  const mzeros = () => new Array<number>(n).fill(0);
  const constant = (c: T): Jet<T> => ({ v: c, g: zeros(), d: N.zero, h: zeros(), mv: num(c), mg: mzeros(), md: 0, mh: mzeros() });
  const combine = (a: Jet<T>, b: Jet<T>, sign: 1 | -1): Jet<T> => {
    const op = sign === 1 ? N.add : N.sub;
    return {
      v: op(a.v, b.v),
      g: a.g.map((x, j) => op(x, b.g[j])),
      d: op(a.d, b.d),
      h: a.h.map((x, j) => op(x, b.h[j])),
      mv: a.mv + b.mv,
      mg: a.mg.map((x, j) => x + b.mg[j]),
      md: a.md + b.md,
      mh: a.mh.map((x, j) => x + b.mh[j]),
    };
  };
  const { add, mul: times } = N;
  const mul = (a: Jet<T>, b: Jet<T>): Jet<T> => ({
    v: times(a.v, b.v),
    g: a.g.map((x, j) => add(times(x, b.v), times(a.v, b.g[j]))),
    d: add(times(a.d, b.v), times(a.v, b.d)),
    h: a.h.map((x, j) => add(add(add(times(x, b.v), times(a.g[j], b.d)), times(a.d, b.g[j])), times(a.v, b.h[j]))),
    mv: a.mv * b.mv,
    mg: a.mg.map((x, j) => x * b.mv + a.mv * b.mg[j]),
    md: a.md * b.mv + a.mv * b.md,
    mh: a.mh.map((x, j) => x * b.mv + a.mg[j] * b.md + a.md * b.mg[j] + a.mv * b.mh[j]),
  });
  const unary = (f: Derivatives<T>) => (a: Jet<T>): Jet<T> => {
    const [f0, f1, f2, f3, m2 = num(f2)] = f(a.v);
    const [a0, a1, a2] = [num(f0) + a.mv * num(f1), num(f1) + a.mv * num(f2), m2 + a.mv * Math.abs(f3)];
    return {
      v: f0,
      g: a.g.map((x) => times(f1, x)),
      d: times(f1, a.d),
      h: a.h.map((x, j) => add(times(f1, x), times(times(f2, a.g[j]), a.d))),
      mv: a0,
      mg: a.mg.map((x) => a1 * x),
      md: a1 * a.md,
      mh: a.mh.map((x, j) => a1 * x + a2 * a.mg[j] * a.md),
    };
  };
  const recip = unary(DERIVATIVES.recip);
  return {
    zero: constant(N.zero),
    one: constant(N.one),
    fromNumber: (x) => constant(N.fromNumber(x)),
    fromRational: (q) => constant(N.fromRational(q)),
    toNumber: (a) => N.toNumber(a.v),
    // a branch on the value: each branch is differentiated, the branch point is not
    sign: (a) => N.sign(a.v),
    add: (a, b) => combine(a, b, 1),
    sub: (a, b) => combine(a, b, -1),
    mul,
    neg: (a) => combine(constant(N.zero), a, -1),
    div: (a, b) => mul(a, recip(b)),
    exp: unary(DERIVATIVES.exp),
    log: unary(DERIVATIVES.log),
    sqrt: unary(DERIVATIVES.sqrt),
    sin: unary(DERIVATIVES.sin),
    cos: unary(DERIVATIVES.cos),
    tanh: unary(DERIVATIVES.tanh),
    softplus: unary(DERIVATIVES.softplus),
    param: (theta, dtheta, i) => {
      const t = typeof theta === 'number' ? N.fromNumber(theta) : theta;
      const g = zeros();
      g[i] = N.one;
      const mg = mzeros();
      mg[i] = 1;
      return { v: t, g, d: N.fromNumber(dtheta), h: zeros(), mv: num(t), mg, md: Math.abs(dtheta), mh: mzeros() };
    },
  };
}

type LossFn = <T>(F: Analytic<T>, theta: readonly T[]) => T;

/** Step of the second difference below: small, yet its s² terms stay far above the jets' rounding. */
const STEP = 2 ** -20;

function hessianVectorIn<T>(N: Analytic<T>, toDecimal: (a: T) => Dec, loss: LossFn, theta: readonly number[], dtheta: readonly number[]) {
  const jetAt = (at: readonly T[]) => {
    const F = jetField(N, at.length);
    return loss(F, at.map((t, i) => F.param(t, dtheta[i], i)));
  };
  const at = jetAt(theta.map((t) => N.fromNumber(t)));
  const scale = Math.max(...dtheta.map(Math.abs)) || 1;
  const shifted = (sign: 1 | -1) => jetAt(theta.map((t, i) => N.add(N.fromNumber(t), N.mul(N.fromNumber(sign * STEP), N.fromNumber(dtheta[i] / scale))))).h;
  const [plus, minus] = [shifted(1), shifted(-1)];
  const s2 = N.fromNumber(STEP * STEP);
  const curvature = at.h.map((h, j) => N.div(N.add(N.sub(plus[j], N.mul(N.fromNumber(2), h)), minus[j]), s2));
  return { hv: at.h.map(toDecimal), magnitude: at.mh, curvature: curvature.map(toDecimal) };
}

/**
 * HΔΘ to about 57 digits, given as 60-digit decimals; the magnitudes mh the rounding of a float64
 * program is relative to; and curvature_j = D²(HΔΘ)_j[Δ̂, Δ̂] along the unit Δ̂ = ΔΘ/‖ΔΘ‖∞, by a
 * second difference of the exact jets at Θ ± 2^-20·Δ̂ (error O(2^-40) relative, which only adds
 * the next even terms of the same series; the jets' rounding, 10^-57, is 10^-45 of it after the
 * division by 2^-40). Complex step's own truncation is −ε²·D²(HΔΘ)[ΔΘ,ΔΘ]/6 + O(ε⁴). Over
 * quad-double, or decimal(60) where a value leaves quad's band or has no value there (the same
 * NotRepresentable then comes from decimal, where the loss has no value).
 */
export function hessianVector(loss: LossFn, theta: readonly number[], dtheta: readonly number[]): { hv: Dec[]; magnitude: number[]; curvature: Dec[] } {
  return inQuadElseDecimal(D, (N, toDecimal) => hessianVectorIn(N, toDecimal, loss, theta, dtheta));
}
