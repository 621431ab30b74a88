// Problem 4, wrong: the L1 regularizer's condition, ∂ℓ/∂Θᵢ + λ = 0 (d/dΘ of λΘ, not of λ ln Θ).
export const residual = (dl: number, _theta: number, lambda: number): number => dl + lambda;
