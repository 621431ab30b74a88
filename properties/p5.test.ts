import { describe, expect, test } from 'vitest';
import { gradient } from '../impl/autodiff.ts';
import { complexStepHvp } from '../impl/complex-step.ts';
import { gradientOf } from '../impl/autodiff.ts';
import { float64 } from '../oracles/numbers/float64.ts';
import { hessianVector, jetField } from '../oracles/hessian.ts';
import { quad } from '../oracles/numbers/quad.ts';
import { lossOf, show, type Expr } from './arbitraries/expressions.ts';
import { hvp } from './p5.ts';

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

  test('with positive Θ and ΔΘ and only + and ·, no term cancels: the magnitudes are the jets themselves', () => {
    const loss: Expr = { op: 'add', a: cubic, b: { op: 'mul', a: t(0), b: t(1) } };
    const { hv, magnitude } = hessianVector(lossOf(loss), [1, 2], [1, 3]);
    expect(magnitude).toEqual(hv.map((h) => h.toNumber()));
  });

  test('a unary operation’s magnitude also covers the rounding of its argument: exp(θ) at 1 along 1 is 2e', () => {
    expect(hessianVector(lossOf({ op: 'exp', a: t(0) }), [1], [1]).magnitude[0] / (2 * Math.E)).toBeCloseTo(1, 15);
  });

  test('a difference subtracts values and adds magnitudes', () => {
    const F = jetField(quad(), 1);
    expect(F.sub(F.param(3, 1, 0), F.fromNumber(5))).toMatchObject({ mv: 8, mg: [1], md: 1 });
    expect(F.toNumber(F.sub(F.param(3, 1, 0), F.fromNumber(5)))).toBe(-2);
  });

  test('the curvature is along the unit Δ̂ = ΔΘ/‖ΔΘ‖∞: θ0⁴ + θ1 at (1, 0) along (2, 1) has 48', () => {
    const loss: Expr = { op: 'add', a: { op: 'pow', a: t(0), k: 4 }, b: t(1) };
    const { curvature } = hessianVector(lossOf(loss), [1, 0], [2, 1]);
    expect(curvature[0].toNumber()).toBeCloseTo(48, 8);
  });

  test('reverse mode gives the gradient, and complex step HΔΘ', () => {
    expect(gradient(float64, lossOf(cubic), [1, 2])).toEqual([4, 1]);
    expect(complexStepHvp(gradientOf(lossOf(cubic)), [1, 2], [1, 3])).toEqual([10, 2]);
  });

  test('the jets take tanh far out at once (decimal.js’s own tanh does not finish at 10^6)', () => {
    const { hv } = hessianVector(lossOf({ op: 'tanh', a: t(0) }), [5.5e10], [1]);
    expect(hv[0].isZero()).toBe(false);
    expect(hv[0].toNumber()).toBe(-0); // −8e^{−1.1e11}: nonzero, below float64
  });
});

describe('P5 cases that once refuted a right answer', () => {
  const corrected = hvp.errata![0].fixed;
  const holds = (loss: Expr, theta: number[], dtheta: number[]) => hvp.check(corrected, { loss, theta, dtheta });

  test('tanh near 0: its sech² = 4/(e^a + e^−a)² cancels in e^a − e^−a, and the allowance says so', () => {
    expect(holds({ op: 'add', a: { op: 'tanh', a: t(1) }, b: t(0) }, [0, -(2 ** -50)], [13, 13])).toBeNull();
  });

  test('softplus of a large negative value: e^z tiny, Im kept', () => {
    const loss: Expr = { op: 'div', a: { op: 'softplus', a: { op: 'mul', a: t(0), b: { op: 'mul', a: t(0), b: t(0) } } }, b: t(0) };
    expect(holds(loss, [-6.9375], [3])).toBeNull();
  });

  test('softplus far below 0, squared: Im log1p(e^z) to a few ulps of itself', () => {
    const loss: Expr = { op: 'pow', a: { op: 'softplus', a: { op: 'mul', a: t(0), b: t(1) } }, k: 2 };
    expect(holds(loss, [-3.554239000721939, 3.179273290952093], [0, -1])).toBeNull();
  });

  test('a loss that varies fast, cos(exp(θ²)) at θ ≈ 5.9: the exam’s step 2^-50 is not small there, the corrected 2^-200 is', () => {
    const loss: Expr = { op: 'cos', a: { op: 'exp', a: { op: 'mul', a: t(0), b: t(0) } } };
    expect(holds(loss, [5.918934151430062], [1])).toBeNull();
    expect(hvp.check(hvp.reference.answer, { loss, theta: [5.918934151430062], dtheta: [1] })).toMatch(/error/);
  });
});

describe('P5 truncation allowance: that of the largest small step 2^-27, whatever ε the answer takes', () => {
  const quartic: Expr = { op: 'pow', a: t(0), k: 4 };
  const exam = hvp.reference.answer;

  test('ℓ = θ⁴ at θ = 0: the exam’s ε passes while its step 2^-50·ΔΘ is 2^-27 and is refuted at 2^-26, by hand', () => {
    // HΔΘ = 12θ²ΔΘ = 0; the answer is Im[4(iεΔΘ)³]/ε = −4s²ΔΘ (s = εΔΘ), D²(HΔΘ)[Δ̂,Δ̂] = 24|ΔΘ|:
    // allowed 2^-54·24|ΔΘ|/3 = 2^-51|ΔΘ| against 4s²|ΔΘ|, so it holds iff s² ≤ 2^-53; at ΔΘ = 2^24: 2^-26 against 2^-27
    expect(hvp.check(exam, { loss: quartic, theta: [0], dtheta: [2 ** 23] })).toBeNull();
    expect(hvp.check(exam, { loss: quartic, theta: [0], dtheta: [2 ** 24] })).toMatch(
      /error 1\.49e-8 > allowed 7\.45e-9 .* a step s ≈ 2\^-26\.0, past the largest small step 2\^-27: the exam's ε = 2\^-50 takes the step ε‖ΔΘ‖∞ = 2\^-26\.0/,
    );
  });

  test('an answer that scales ε to ΔΘ (step 2^-50 where the exam’s is 2^-51) passes: the flake at EXAMCHECK_SEED=1601224794', () => {
    // its error is (2^-50)²·12/6 = 2^-99, which the exam's own step's allowance (2^-100) refused
    const scaled = (epsilon: number) => (loss: Parameters<typeof exam>[0], theta: readonly number[], dtheta: readonly number[]) => complexStepHvp(gradientOf(loss), theta, dtheta, epsilon);
    expect(scaled(2 ** -49)(lossOf(quartic), [0], [-0.5])).toEqual([2 ** -99]);
    expect(hvp.check(scaled(2 ** -49), { loss: quartic, theta: [0], dtheta: [-0.5] })).toBeNull();
  });

  test('where the s² term vanishes (θ⁶ at 0), the s⁴ term is still allowed: the curvature is a second difference at 2^-20', () => {
    const sixth: Expr = { op: 'pow', a: { op: 'pow', a: t(0), k: 3 }, k: 2 };
    expect(complexStepHvp(gradientOf(lossOf(sixth)), [0], [1])).toEqual([6 * 2 ** -200]);
    expect(hvp.check(exam, { loss: sixth, theta: [0], dtheta: [1] })).toBeNull();
  });
});
