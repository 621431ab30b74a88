/** Problem 4: the log-uniform prior, its regularizer, and the condition for a stationary point. */

/** p(Θᵢ) ∝ 1/|Θᵢ| (on the prior's support 2⁻¹⁰ ≤ |Θᵢ| ≤ 2¹⁰), unnormalized. */
export const logUniformDensity = (theta: number): number => 1 / Math.abs(theta);

/** −ln p(Θᵢ) up to a constant: the regularizer's term for one parameter, with λ = 1. */
export const logUniformPenalty = (theta: number): number => Math.log(Math.abs(theta));

/**
 * ∂/∂Θᵢ [ℓ(Θ) + λ Σᵢ ln|Θᵢ|] from ∂ℓ/∂Θᵢ: d ln|Θ|/dΘ = 1/Θ, so a stationary point has
 * ∂ℓ/∂Θᵢ + λ/Θᵢ = 0.
 */
export const stationarityResidual = (dLoss: number, theta: number, lambda: number): number => dLoss + lambda / theta;
