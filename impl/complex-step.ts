/**
 * Problem 5: the Hessian-vector product by complex-step differentiation of the gradient code,
 *   H ΔΘ = Im[Θ.grad@(Θ + iεΔΘ)] / ε,   ε = 2^-50.
 * Θ.grad is analytic in Θ, so Θ.grad@(Θ + iεΔΘ) = Θ.grad@Θ + iε HΔΘ + O(ε²): the imaginary part
 * carries HΔΘ with no subtraction, hence no cancellation, and ε can be tiny.
 */
import { Complex } from 'complex.js';
import { complex } from '../oracles/numbers/complex.ts';
import type { Gradient } from './autodiff.ts';

export const EPSILON = 2 ** -50;

/** Θ.grad@(Θ + iεΔΘ), for a gradient code that takes complex parameters. */
export function complexStep(grad: (at: Complex[]) => Complex[], theta: readonly number[], dtheta: readonly number[], epsilon = EPSILON): Complex[] {
  return grad(theta.map((t, i) => new Complex(t, epsilon * dtheta[i])));
}

export const complexStepHvp = (grad: Gradient, theta: readonly number[], dtheta: readonly number[], epsilon = EPSILON): number[] =>
  complexStep((at) => grad(complex, at), theta, dtheta, epsilon).map((g) => g.im / epsilon);
