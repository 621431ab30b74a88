/**
 * Problem 2: one step of momentum as velocity and of momentum as gradient smoothing, written once
 * over a number system (exact rationals or float64: any tower ring, oracles/numbers/). The
 * optimizers a module is compared with (properties/p2.ts) and P2.tuning's runs are these steps.
 */
import type { Ring } from '../oracles/numbers/tower.ts';

/** One step: (parameters, state, gradient) → (next parameters, next state). */
export type Step<T> = (params: readonly T[], state: readonly T[], g: readonly T[]) => [T[], T[]];

/** What a step computes with: ring operations alone (any tower field, or numbers componentwise). */
export type StepRing<T> = Pick<Ring<T>, 'one' | 'add' | 'sub' | 'mul'>;

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
