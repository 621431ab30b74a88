import { describe, expect, test } from 'vitest';
import { gradient } from '../impl/autodiff.ts';
import { complexStepHvp } from '../impl/complex-step.ts';
import { gradientOf } from '../impl/autodiff.ts';
import { complex, real } from '../oracles/analytic-field.ts';
import { hessianVector } from '../oracles/hessian.ts';
import { lossOf, show, type Expr } from './arbitraries/expressions.ts';
import { Complex } from 'complex.js';

const t = (index: number): Expr => ({ op: 'theta', index });
// ℓ = θ0²·θ1: ∇ℓ = (2θ0θ1, θ0²), H = [[2θ1, 2θ0], [2θ0, 0]]
const cubic: Expr = { op: 'mul', a: { op: 'pow', a: t(0), k: 2 }, b: t(1) };

describe('P5 oracle and reference, against known values', () => {
  test('the jets give HΔΘ of θ0²·θ1 exactly', () => {
    const { hv, curvature } = hessianVector(lossOf(cubic), [1, 2], [1, 3]);
    expect(hv.map((h) => h.toNumber())).toEqual([4 * 1 + 2 * 3, 2 * 1]);
    expect(show(cubic)).toBe('θ0^2·θ1');
    // D²(HΔΘ)[Δ̂,Δ̂] with Δ̂ = ΔΘ/3 = (1/3, 1): HΔΘ is linear in Θ, so 0 up to 60-digit rounding
    expect(Math.max(...curvature.map((c) => Math.abs(c.toNumber())))).toBeLessThan(1e-15);
  });

  test('the jets give e^θ, −sin θ and the second derivative of tanh', () => {
    const at = (op: 'exp' | 'sin' | 'tanh', x: number) => hessianVector(lossOf({ op, a: t(0) }), [x], [1]).hv[0].toNumber();
    expect(at('exp', 1)).toBe(Math.E);
    expect(at('sin', 0.5)).toBeCloseTo(-Math.sin(0.5), 15);
    const th = Math.tanh(0.5);
    expect(at('tanh', 0.5)).toBeCloseTo(-2 * th * (1 - th * th), 15);
    // far out, −2 tanh·sech² ≈ −8e^{−80}: relative accuracy kept
    expect(at('tanh', 40) / (-8 * Math.exp(-80))).toBeCloseTo(1, 10);
  });

  test('reverse mode gives the gradient, and complex step HΔΘ', () => {
    expect(gradient(real, lossOf(cubic), [1, 2])).toEqual([4, 1]);
    expect(complexStepHvp(gradientOf(lossOf(cubic)), [1, 2], [1, 3])).toEqual([10, 2]);
  });

  test('the complex field is analytic far out: tanh and softplus keep Im = f′·Im z', () => {
    const h = 2 ** -50;
    expect(complex.tanh(new Complex(400, h)).im / h).toBe(0); // sech²(400) underflows, no NaN
    expect(complex.tanh(new Complex(20, h)).im / h).toBeCloseTo(4 * Math.exp(-40), 30);
    expect(complex.softplus(new Complex(-40, h)).im / h / Math.exp(-40)).toBeCloseTo(1, 12);
    expect(real.softplus(-40) / Math.exp(-40)).toBeCloseTo(1, 12);
  });
});
