// Problem 5, right: HΔΘ = Im[Θ.grad@(Θ + iεΔΘ)] / ε with ε = 2^-50 (within the step-size caveat
// examcheck reports as a finding: εΔΘ must itself be small, so ε is scaled to ΔΘ here).
import { Complex } from 'complex.js';

export function hvp(grad: (at: Complex[]) => Complex[], theta: number[], dtheta: number[]): number[] {
  const size = Math.max(...dtheta.map(Math.abs));
  const epsilon = size === 0 ? 2 ** -50 : 2 ** -50 / 2 ** Math.ceil(Math.log2(size));
  return grad(theta.map((t, i) => new Complex(t, epsilon * dtheta[i]))).map((g) => g.im / epsilon);
}
