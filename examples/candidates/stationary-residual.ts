// Problem 4, right: d/dΘᵢ [ℓ(Θ) + λ Σ ln Θᵢ] = ∂ℓ/∂Θᵢ + λ/Θᵢ, zero at a stationary point.
export const residual = (dl: number, theta: number, lambda: number): number => dl + lambda / theta;
