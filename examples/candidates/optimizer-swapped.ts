// Problem 2, refuted: gradient smoothing with μ and 1 − μ swapped, ĝ = (1 − μ)ĝ + μ∇ℓ, and
// η′ = η/(1 − μ): a reparametrisation that changes μ as well as η, so the trajectories part.
interface State {
  theta: number[];
  average: number[];
  mu: number;
  etaPrime: number;
}

export const optimizer = {
  init: (theta0: number[], { mu, eta }: { mu: number; eta: number }): State => ({ theta: theta0, average: theta0.map(() => 0), mu, etaPrime: eta / (1 - mu) }),
  step(state: State, grad: number[]): State {
    const average = state.average.map((a, i) => (1 - state.mu) * a + state.mu * grad[i]);
    return { ...state, average, theta: state.theta.map((p, i) => p - state.etaPrime * average[i]) };
  },
};
