/**
 * Problem 5 with a student's own gradient code (issue 21, item 8): a loss written with abs, max
 * and sqrt,
 *   ℓ(Θ) = Σᵢ (|Θᵢ|³ + max(Θᵢ, 0)³)/3 + √(1 + ‖Θ‖²),
 * twice differentiable everywhere, and its gradient code
 *   Θ.grad[i] = |Θᵢ|Θᵢ + max(Θᵢ, 0)² + Θᵢ/√(1 + ‖Θ‖²),
 * written complex-step-safely: on Θ + iεΔΘ every primitive must be the analytic continuation of
 * its real branch, so |z| is ±z by the sign of Re z (not the modulus, which is real), and
 * max(z, 0) is z or 0 by Re z (not a max of real parts); √ is complex.js's principal root, analytic
 * away from the negative reals (1 + ‖Θ‖² stays near the positive reals for a tiny step).
 */
import { Complex } from 'complex.js';

/** |z| continued analytically from the real line: z where Re z ≥ 0, −z where Re z < 0. */
export const safeAbs = (z: Complex): Complex => (z.re < 0 ? z.neg() : z);

/** max(z, 0) continued analytically: z where Re z > 0, else 0. */
export const safeRelu = (z: Complex): Complex => (z.re > 0 ? z : new Complex(0, 0));

/** Θ.grad of ℓ at complex parameters, complex-step-safe (the reference a module's gradient code is compared with in tests). */
export function kinkedGradient(at: readonly Complex[]): Complex[] {
  const norm = at.reduce((s, z) => s.add(z.mul(z)), new Complex(1, 0)).sqrt();
  return at.map((z) => safeAbs(z).mul(z).add(safeRelu(z).mul(safeRelu(z))).add(z.div(norm)));
}
