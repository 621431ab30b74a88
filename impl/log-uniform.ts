/** Problem 4: the log-uniform prior and its regularizer (the stationarity condition is exams/midterm-practice/p4.claims). */

/** p(Θᵢ) ∝ 1/|Θᵢ| (on the prior's support 2⁻¹⁰ ≤ |Θᵢ| ≤ 2¹⁰), unnormalized. */
export const logUniformDensity = (theta: number): number => 1 / Math.abs(theta);

/** −ln p(Θᵢ) up to a constant: the regularizer's term for one parameter, with λ = 1. */
export const logUniformPenalty = (theta: number): number => Math.log(Math.abs(theta));
