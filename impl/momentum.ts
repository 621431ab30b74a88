/**
 * Problem 2: momentum as velocity and momentum as gradient smoothing, written once over a number
 * system (exact rationals or float64: any tower Field, oracles/numbers/), each returning its whole
 * trajectory so the two can be compared step by step.
 */
import type { Field, Ring } from '../oracles/numbers/tower.ts';

/** ∇_Θ ℓ^t at the optimizer's own current parameters: any function of t and of them. */
export type GradientAt<T> = (t: number, params: readonly T[]) => readonly T[];

export interface Trajectory<T> {
  /** Θ^0 … Θ^T (or Ψ^0 … Ψ^T). */
  params: T[][];
  /** v^0 … v^T (or ĝ^0 … ĝ^T). */
  state: T[][];
}

export interface Momentum {
  /** η′ from η and μ. */
  etaPrime<T>(F: Field<T>, eta: T, mu: T): T;
  /** Momentum as velocity, from Θ^0 and v^0. */
  velocity<T>(F: Field<T>, hyper: { mu: T; eta: T }, theta0: readonly T[], steps: number, grad: GradientAt<T>): Trajectory<T>;
  /** Momentum as gradient smoothing, from Ψ^0 and ĝ^0. */
  smoothing<T>(F: Field<T>, hyper: { mu: T; etaPrime: T }, psi0: readonly T[], steps: number, grad: GradientAt<T>): Trajectory<T>;
}

/** One step: (parameters, state, gradient) → (next parameters, next state). */
export type Step<T> = (params: readonly T[], state: readonly T[], g: readonly T[]) => [T[], T[]];

/** What a step computes with: ring operations alone (any tower field, or numbers componentwise). */
export type StepRing<T> = Pick<Ring<T>, 'one' | 'add' | 'sub' | 'mul'>;

/** Runs `steps` steps from (p0, state0), the gradient taken at the current parameters each time. */
export function iterate<T>(p0: readonly T[], state0: readonly T[], steps: number, grad: GradientAt<T>, step: Step<T>): Trajectory<T> {
  const params = [[...p0]];
  const state = [[...state0]];
  for (let t = 0; t < steps; t++) {
    const [p, s] = step(params[t], state[t], grad(t, params[t]));
    params.push(p);
    state.push(s);
  }
  return { params, state };
}

/** v^{t+1} = μv^t + η∇ℓ^t(Θ^t);  Θ^{t+1} = Θ^t − v^{t+1}  (the exam's Θ = v^{t+1} means Θ −= v^{t+1}). */
export const velocityStep =
  <T>(F: StepRing<T>, { mu, eta }: { mu: T; eta: T }): Step<T> =>
  (theta, v, g) => {
    const next = v.map((vi, i) => F.add(F.mul(mu, vi), F.mul(eta, g[i])));
    return [theta.map((p, i) => F.sub(p, next[i])), next];
  };

/** ĝ^{t+1} = μĝ^t + (1 − μ)∇ℓ^t(Ψ^t);  Ψ^{t+1} = Ψ^t − η′ĝ^{t+1}  (the exam's Ψ^t −= η′ĝ^{t+1}). */
export const smoothingStep =
  <T>(F: StepRing<T>, { mu, etaPrime }: { mu: T; etaPrime: T }): Step<T> =>
  (psi, average, g) => {
    const next = average.map((gi, i) => F.add(F.mul(mu, gi), F.mul(F.sub(F.one, mu), g[i])));
    return [psi.map((p, i) => F.sub(p, F.mul(etaPrime, next[i]))), next];
  };

const zeros = <T>(F: Field<T>, like: readonly T[]): T[] => like.map(() => F.zero);

/** The exam's answer: η′ = η/(1 − μ), so that η′(1 − μ) = η, the velocity's gradient weight. */
export const momentum: Momentum = {
  etaPrime: (F, eta, mu) => F.div(eta, F.sub(F.one, mu)),
  // v^0 = ĝ^0 = 0
  velocity: (F, hyper, theta0, steps, grad) => iterate(theta0, zeros(F, theta0), steps, grad, velocityStep(F, hyper)),
  smoothing: (F, hyper, psi0, steps, grad) => iterate(psi0, zeros(F, psi0), steps, grad, smoothingStep(F, hyper)),
};
