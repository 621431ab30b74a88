/**
 * A field with the analytic functions Problem 5's losses use, so one loss and one gradient code
 * run in float64, in complex arithmetic (complex.js) and in the oracle's jets. Every operation
 * of the complex instance is analytic: it is the holomorphic extension of the real one, which is
 * what makes Im[f(x + ih)]/h = f'(x) hold (a branch on the real part is allowed: each branch is
 * analytic).
 */
import { Complex } from 'complex.js';
import { float64, type Field } from './field.ts';

export interface AnalyticField<T> extends Field<T> {
  readonly one: T;
  div(a: T, b: T): T;
  exp(a: T): T;
  log(a: T): T;
  sin(a: T): T;
  cos(a: T): T;
  tanh(a: T): T;
  /** log(1 + e^a). */
  softplus(a: T): T;
}

export const real: AnalyticField<number> = {
  ...float64,
  one: 1,
  div: (a, b) => a / b,
  exp: Math.exp,
  log: Math.log,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  // log1p keeps the relative accuracy for a ≪ 0, where log(1 + e^a) would round to 0
  // Stryker disable next-line EqualityOperator: at a = 0 both branches give log 2
  softplus: (a) => (a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a))),
};

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

export const complex: AnalyticField<Complex> = {
  zero: new Complex(0, 0),
  one: ONE,
  fromNumber: (x) => new Complex(x, 0),
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  div: (a, b) => a.div(b),
  exp: (a) => a.exp(),
  log: (a) => a.log(),
  sin: (a) => a.sin(),
  cos: (a) => a.cos(),
  // Stryker disable next-line EqualityOperator: at |Re a| = 16 both formulas are accurate, and past it Re a is not 0
  tanh: (a) => (Math.abs(a.re) < 16 ? a.tanh() : a.re > 0 ? tanhFar(a) : tanhFar(a.neg()).neg()),
  // Stryker disable next-line EqualityOperator: at Re a = 0 both branches are accurate
  softplus: (a) => (a.re > 0 ? a.add(log1p(a.neg().exp())) : log1p(a.exp())),
  toNumber: (a) => a.re,
};
