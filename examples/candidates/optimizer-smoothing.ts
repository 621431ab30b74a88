// Problem 2, right: momentum as gradient smoothing, ĝ = μĝ + (1 − μ)∇ℓ, Θ −= η′ĝ, with
// η′ = η/(1 − μ): the exam's velocity momentum in another parametrisation (v = η′ĝ).
interface State {
  theta: number[];
  average: number[];
  mu: number;
  etaPrime: number;
}

export const optimizer = {
  init: (theta0: number[], { mu, eta }: { mu: number; eta: number }): State => ({ theta: theta0, average: theta0.map(() => 0), mu, etaPrime: eta / (1 - mu) }),
  step(state: State, grad: number[]): State {
    const average = state.average.map((a, i) => state.mu * a + (1 - state.mu) * grad[i]);
    return { ...state, average, theta: state.theta.map((p, i) => p - state.etaPrime * average[i]) };
  },
};
