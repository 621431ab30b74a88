/**
 * Complex numbers (complex.js), for complex-step derivatives: every operation is the holomorphic
 * extension of float64's, which is what makes Im[f(x + ih)]/h = f'(x) hold. A branch on the real
 * part (sign) is allowed: each branch is analytic.
 */
import { Complex } from 'complex.js';
import type { Analytic } from './tower.ts';

const ONE = new Complex(1, 0);

/**
 * log(1 + w), each part to a few ulps of itself: log|1 + w| = ½·log1p(2 Re w + |w|²) and
 * arg(1 + w) = atan2(Im w, 1 + Re w). Kahan's trick, log(1 + w)·w/((1 + w) − 1), is accurate
 * only as a whole: it loses u/|w| of the imaginary part (2^-37 of Im softplus(−11 + εi)), and
 * below |w| ≈ 2^-500 squares Im w into the subnormals.
 */
function log1p(w: Complex): Complex {
  return new Complex(0.5 * Math.log1p(w.re * (2 + w.re) + w.im * w.im), Math.atan2(w.im, 1 + w.re));
}

/**
 * tanh a for Re a ≥ 16, as (1 − e^{−2a})/(1 + e^{−2a}): complex.js divides by cosh(2 Re a), which
 * overflows past Re a ≈ 355, and out here e^{−2a} is too small for the difference to cancel.
 */
function tanhFar(a: Complex): Complex {
  const t = a.mul(-2).exp();
  return ONE.sub(t).div(ONE.add(t));
}

/** complex.js's arithmetic; toNumber is the real part, sign the sign of the real part. */
export const complex: Analytic<Complex> = {
  zero: new Complex(0, 0),
  one: ONE,
  fromNumber: (x) => new Complex(x, 0),
  fromRational: (q) => new Complex(q.valueOf(), 0),
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  div: (a, b) => a.div(b),
  neg: (a) => a.neg(),
  toNumber: (a) => a.re,
  sign: (a) => (a.re > 0 ? 1 : a.re < 0 ? -1 : 0),
  exp: (a) => a.exp(),
  log: (a) => a.log(),
  sqrt: (a) => a.sqrt(),
  sin: (a) => a.sin(),
  cos: (a) => a.cos(),
  // Stryker disable next-line EqualityOperator: at |Re a| = 16 both formulas are accurate, and past it Re a is not 0
  tanh: (a) => (Math.abs(a.re) < 16 ? a.tanh() : a.re > 0 ? tanhFar(a) : tanhFar(a.neg()).neg()),
  // Stryker disable next-line EqualityOperator: at Re a = 0 both branches are accurate
  softplus: (a) => (a.re > 0 ? a.add(log1p(a.neg().exp())) : log1p(a.exp())),
};
