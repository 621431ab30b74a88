// Problem 5, wrong: the real part of the complex gradient, which is just Θ.grad, divided by ε.
import { Complex } from 'complex.js';

export function hvp(grad: (at: Complex[]) => Complex[], theta: number[], dtheta: number[]): number[] {
  const epsilon = 2 ** -50;
  return grad(theta.map((t, i) => new Complex(t, epsilon * dtheta[i]))).map((g) => g.re / epsilon);
}
