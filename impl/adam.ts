/** Problem 3: Adam as the exam writes it (no bias correction), and the exam's choice of β₂. */

export interface AdamState {
  /** ĝᵢ: the moving average of the gradient. */
  g: number[];
  /** sᵢ: the moving average of the squared gradient, the estimate of E[(∇ℓ)ᵢ²]. */
  s: number[];
}

/**
 * One step, in place:  ĝᵢ^{t+1} = β₁ĝᵢ^t + (1−β₁)(∇ℓ^t)ᵢ
 *                      sᵢ^{t+1} = β₂sᵢ^t + (1−β₂)(∇ℓ^t)ᵢ²
 *                      Θᵢ^{t+1} = Θᵢ^t − η/(√sᵢ^{t+1} + ε) ĝᵢ^{t+1}
 * (ε here is Adam's small constant, not Problem 3's frequency ε.)
 */
export function adamStep(theta: number[], state: AdamState, grad: readonly number[], hyper: { eta: number; beta1: number; beta2: number; epsilon: number }): void {
  const { eta, beta1, beta2, epsilon } = hyper;
  for (let i = 0; i < theta.length; i++) {
    state.g[i] = beta1 * state.g[i] + (1 - beta1) * grad[i];
    state.s[i] = beta2 * state.s[i] + (1 - beta2) * grad[i] ** 2;
    theta[i] -= (eta / (Math.sqrt(state.s[i]) + epsilon)) * state.g[i];
  }
}

/**
 * The exam's answer: average over k ≥ 5/(εb) batches, so that about εbk ≥ 5 of the examples seen
 * have a gradient of 1, and averaging over k batches is β₂ = 1 − 1/k.
 */
export const examBeta2 = (epsilon: number, b: number): number => 1 - (b * epsilon) / 5;
