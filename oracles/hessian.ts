/**
 * The oracle for Problem 5: HΔΘ of a loss, by second-order forward mode ("jets") in decimal.js at
 * 60 significant digits. No complex arithmetic, no reverse mode: every node carries its value v,
 * its gradient g = ∂v/∂Θ, its derivative along ΔΘ, d = ∂v/∂ΔΘ, and h = ∂²v/∂Θ∂ΔΘ, so at the root
 * h = HΔΘ, with a relative error near 10^-58 (60-digit rounding, no truncation).
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
import { decimalOf as exactDecimal, decimalOfRational } from './numbers/decimal.ts';
import type { Analytic } from './numbers/tower.ts';

export const D = Decimal.clone({ precision: 60 });
export type Dec = InstanceType<typeof D>;

export interface Jet {
  v: Dec;
  g: Dec[];
  d: Dec;
  h: Dec[];
  mv: number;
  mg: number[];
  md: number;
  mh: number[];
}

/** A double as a decimal, exactly (every digit of its binary value). */
export const decimalOf = (x: number): Dec => exactDecimal(D, x);

const ZERO = new D(0);
const ONE = new D(1);

/**
 * f(v) and its first three derivatives: exact to 60 digits for f, f', f''; f''' for magnitudes
 * only; and, where a program's f'' cancels, the magnitude its rounding is relative to (else |f''|).
 */
type Derivatives = (v: Dec) => [Dec, Dec, Dec, number, number?];

/** log(1 + w) to 60 digits, also for |w| below 10^-60, where 1 + w rounds to 1. */
const log1p = (w: Dec): Dec => (w.abs().lt('1e-20') ? w.minus(w.pow(2).div(2)).plus(w.pow(3).div(3)) : w.plus(1).ln());
const sigmoid = (v: Dec): Dec => ONE.div(ONE.plus(v.neg().exp()));

/**
 * tanh v and sech² v for |v| ≥ 20 from e = e^−2|v|: (1 − e)/(1 + e) and 4e/(1 + e)², without
 * cancellation out there. decimal.js's own tanh takes 78 ms at v = 10^4 and does not finish at 10^6.
 */
function tanhFar(v: Dec): [Dec, Dec] {
  const e = v.abs().mul(-2).exp();
  const t = ONE.minus(e).div(ONE.plus(e));
  return [v.isNegative() ? t.neg() : t, e.mul(4).div(ONE.plus(e).pow(2))];
}

const DERIVATIVES: Record<'exp' | 'log' | 'sqrt' | 'sin' | 'cos' | 'tanh' | 'softplus' | 'recip', Derivatives> = {
  exp: (v) => {
    const e = v.exp();
    return [e, e, e, e.toNumber()];
  },
  log: (v) => [v.ln(), ONE.div(v), ONE.div(v.pow(2)).neg(), ONE.div(v.pow(3)).mul(2).toNumber()],
  sqrt: (v) => {
    const s = v.sqrt();
    return [s, ONE.div(s.mul(2)), ONE.div(v.mul(s).mul(4)).neg(), ONE.div(v.pow(2).mul(s)).mul(3 / 8).toNumber()];
  },
  // Stryker disable next-line UnaryOperator: f''' is read only as |f'''|
  recip: (v) => [ONE.div(v), ONE.div(v.pow(2)).neg(), ONE.div(v.pow(3)).mul(2), ONE.div(v.pow(4)).mul(-6).toNumber()],
  sin: (v) => {
    const [s, c] = [v.sin(), v.cos()];
    // Stryker disable next-line UnaryOperator: f''' is read only as |f'''|
    return [s, c, s.neg(), -c.toNumber()];
  },
  cos: (v) => {
    const [s, c] = [v.sin(), v.cos()];
    return [c, s.neg(), c.neg(), s.toNumber()];
  },
  tanh: (v) => {
    // sech² = 1/cosh², not 1 − tanh², which rounds to 0 at 60 digits for |v| ≳ 70. A program
    // computes sech² from e^v + e^−v too, so its f'' (in complex step, Im of sech² along the
    // step) goes through e^v − e^−v, which cancels near 0: rounded relative to e^v + e^−v,
    // i.e. to 8(e^v + e^−v)/(e^v + e^−v)³ = 2 sech² rather than to |f''| = 2|tanh|·sech²
    const [t, s] = v.abs().lt(20) ? [v.tanh(), ONE.div(v.cosh().pow(2))] : tanhFar(v);
    return [t, s, t.mul(s).mul(-2), s.mul(2).mul(t.pow(2).mul(3).minus(1)).toNumber(), s.mul(2).toNumber()];
  },
  softplus: (v) => {
    const [p, q] = [sigmoid(v), sigmoid(v.neg())]; // σ(v), 1 − σ(v) without cancellation
    const f = v.gt(0) ? v.plus(log1p(v.neg().exp())) : log1p(v.exp());
    return [f, p, p.mul(q), p.mul(q).mul(q.minus(p)).toNumber()];
  },
};

const num = (x: Dec) => Math.abs(x.toNumber());

/** The jets for Θ and ΔΘ of dimension n, as an analytic field (so any Loss evaluates in it). */
export function jetField(n: number): Analytic<Jet> & { param(theta: number | Dec, dtheta: number, i: number): Jet } {
  const zeros = () => Array.from({ length: n }, () => ZERO);
  const mzeros = () => new Array<number>(n).fill(0);
  const constant = (c: Dec): Jet => ({ v: c, g: zeros(), d: ZERO, h: zeros(), mv: num(c), mg: mzeros(), md: 0, mh: mzeros() });
  const combine = (a: Jet, b: Jet, sign: 1 | -1): Jet => {
    const op = (x: Dec, y: Dec) => (sign === 1 ? x.plus(y) : x.minus(y));
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
  const mul = (a: Jet, b: Jet): Jet => ({
    v: a.v.mul(b.v),
    g: a.g.map((x, j) => x.mul(b.v).plus(a.v.mul(b.g[j]))),
    d: a.d.mul(b.v).plus(a.v.mul(b.d)),
    h: a.h.map((x, j) => x.mul(b.v).plus(a.g[j].mul(b.d)).plus(a.d.mul(b.g[j])).plus(a.v.mul(b.h[j]))),
    mv: a.mv * b.mv,
    mg: a.mg.map((x, j) => x * b.mv + a.mv * b.mg[j]),
    md: a.md * b.mv + a.mv * b.md,
    mh: a.mh.map((x, j) => x * b.mv + a.mg[j] * b.md + a.md * b.mg[j] + a.mv * b.mh[j]),
  });
  const unary = (f: Derivatives) => (a: Jet): Jet => {
    const [f0, f1, f2, f3, m2 = num(f2)] = f(a.v);
    const [a0, a1, a2] = [num(f0) + a.mv * num(f1), num(f1) + a.mv * num(f2), m2 + a.mv * Math.abs(f3)];
    return {
      v: f0,
      g: a.g.map((x) => f1.mul(x)),
      d: f1.mul(a.d),
      h: a.h.map((x, j) => f1.mul(x).plus(f2.mul(a.g[j]).mul(a.d))),
      mv: a0,
      mg: a.mg.map((x) => a1 * x),
      md: a1 * a.md,
      mh: a.mh.map((x, j) => a1 * x + a2 * a.mg[j] * a.md),
    };
  };
  const recip = unary(DERIVATIVES.recip);
  return {
    zero: constant(ZERO),
    one: constant(ONE),
    fromNumber: (x) => constant(decimalOf(x)),
    fromRational: (q) => constant(decimalOfRational(D, q)),
    toNumber: (a) => a.v.toNumber(),
    // a branch on the value: each branch is differentiated, the branch point is not
    sign: (a) => (a.v.isZero() ? 0 : a.v.isNegative() ? -1 : 1),
    add: (a, b) => combine(a, b, 1),
    sub: (a, b) => combine(a, b, -1),
    mul,
    neg: (a) => combine(constant(ZERO), a, -1),
    div: (a, b) => mul(a, recip(b)),
    exp: unary(DERIVATIVES.exp),
    log: unary(DERIVATIVES.log),
    sqrt: unary(DERIVATIVES.sqrt),
    sin: unary(DERIVATIVES.sin),
    cos: unary(DERIVATIVES.cos),
    tanh: unary(DERIVATIVES.tanh),
    softplus: unary(DERIVATIVES.softplus),
    param: (theta, dtheta, i) => {
      const t = typeof theta === 'number' ? decimalOf(theta) : theta;
      const g = zeros();
      g[i] = ONE;
      const mg = mzeros();
      mg[i] = 1;
      return { v: t, g, d: decimalOf(dtheta), h: zeros(), mv: Math.abs(t.toNumber()), mg, md: Math.abs(dtheta), mh: mzeros() };
    },
  };
}

type LossFn = <T>(F: Analytic<T>, theta: readonly T[]) => T;

function jetAt(loss: LossFn, theta: readonly (number | Dec)[], dtheta: readonly number[]): Jet {
  const F = jetField(theta.length);
  return loss(F, theta.map((t, i) => F.param(t, dtheta[i], i)));
}

/** Step of the second difference below: small, yet its s² terms stay far above 60-digit rounding. */
const S = new D(2).pow(-20);

/**
 * HΔΘ exactly (to 60 digits); the magnitudes mh the rounding of a float64 program is relative to;
 * and curvature_j = D²(HΔΘ)_j[Δ̂, Δ̂] along the unit Δ̂ = ΔΘ/‖ΔΘ‖∞, by a second
 * difference of the exact jets at Θ ± 2^-20·Δ̂ (error O(2^-40) relative, which only adds the next
 * even terms of the same series). Complex step's own truncation is −ε²·D²(HΔΘ)[ΔΘ,ΔΘ]/6 + O(ε⁴).
 */
export function hessianVector(loss: LossFn, theta: readonly number[], dtheta: readonly number[]): { hv: Dec[]; magnitude: number[]; curvature: Dec[] } {
  const at = jetAt(loss, theta, dtheta);
  const scale = Math.max(...dtheta.map(Math.abs)) || 1;
  const shifted = (sign: 1 | -1) =>
    jetAt(loss, theta.map((t, i) => decimalOf(t).plus(S.mul(sign).mul(decimalOf(dtheta[i] / scale)))), dtheta).h;
  const [plus, minus] = [shifted(1), shifted(-1)];
  const curvature = at.h.map((h, j) => plus[j].minus(h.mul(2)).plus(minus[j]).div(S.pow(2)));
  return { hv: at.h, magnitude: at.mh, curvature };
}
