// Problem 5, refuted: the same gradient code with |z| as complex.js's abs(), the modulus
// √(re² + im²): a real number, so Im[Θ.grad@(Θ + iεΔΘ)] loses half of the |Θᵢ|³ term's curvature.
import { Complex } from 'complex.js';

const relu = (z: Complex) => (z.re > 0 ? z : new Complex(0));

export function grad(at: Complex[]): Complex[] {
  const norm = at.reduce((s, z) => s.add(z.mul(z)), new Complex(1)).sqrt();
  return at.map((z) => z.mul(z.abs()).add(relu(z).mul(relu(z))).add(z.div(norm)));
}
