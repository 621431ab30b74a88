// Problem 5, right: the gradient code of ℓ(Θ) = Σᵢ (|Θᵢ|³ + max(Θᵢ, 0)³)/3 + √(1 + ‖Θ‖²),
// complex-step-safe: |z| and max(z, 0) chosen by the sign of Re z, so each stays analytic in z.
import { Complex } from 'complex.js';

const abs = (z: Complex) => (z.re < 0 ? z.neg() : z);
const relu = (z: Complex) => (z.re > 0 ? z : new Complex(0));

export function grad(at: Complex[]): Complex[] {
  const norm = at.reduce((s, z) => s.add(z.mul(z)), new Complex(1)).sqrt();
  return at.map((z) => abs(z).mul(z).add(relu(z).mul(relu(z))).add(z.div(norm)));
}
