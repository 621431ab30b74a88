/**
 * float64 as a student's numpy code computes: JavaScript's own arithmetic, IEEE-754 round to
 * nearest. Division by 0 gives ±Infinity or NaN, as IEEE says: that is float64's semantics, not
 * an error, so nothing here throws.
 */
import type { Analytic } from './tower.ts';

export const float64: Analytic<number> = {
  zero: 0,
  one: 1,
  fromNumber: (x) => x,
  fromRational: (q) => q.valueOf(),
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  neg: (a) => -a,
  toNumber: (a) => a,
  // −0 and NaN have sign 0 (NaN takes neither branch of a relu, like numpy's comparisons)
  sign: (a) => (a > 0 ? 1 : a < 0 ? -1 : 0),
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  tanh: Math.tanh,
  sin: Math.sin,
  cos: Math.cos,
  // log1p keeps the relative accuracy for a ≪ 0, where log(1 + e^a) would round to 0
  // Stryker disable next-line EqualityOperator: at a = 0 both branches give log 2
  softplus: (a) => (a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a))),
};
