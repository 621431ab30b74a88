/**
 * Momentum as velocity on a gradient that depends on t as well as Θ, g^t = Θ^t + t, worked out by
 * hand step by step (v^{t+1} = μv^t + ηg^t, Θ^{t+1} = Θ^t − v^{t+1}): the unrolled oracle and the
 * reference's recursion must both give exactly these trajectories, and no step more.
 */
import type Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { velocityStep } from '../impl/momentum.ts';
import { q } from './discrete.ts';
import { rational } from './numbers/rational.ts';
import { velocityTruth } from './momentum.ts';

const column = (xs: string[]) => xs.map((x) => [q(x)]);
const grad = (t: number, theta: readonly Fraction[]) => [theta[0].add(t)];

interface Row {
  mu: string;
  eta: string;
  theta0: string;
  theta: string[];
  v: string[];
  /** g^0 … g^T, the last at Θ^T. */
  grads: string[];
}

const ROWS: [string, Row][] = [
  // g^0 = 1, v^1 = 1/4, Θ^1 = 3/4; g^1 = 7/4, v^2 = 1/8 + 7/16 = 9/16, Θ^2 = 3/16; g^2 = 35/16
  ['μ = 1/2', { mu: '1/2', eta: '1/4', theta0: '1', theta: ['1', '3/4', '3/16'], v: ['0', '1/4', '9/16'], grads: ['1', '7/4', '35/16'] }],
  // μ = 0 is plain gradient descent: v^{t+1} = ηg^t (the oracle's sums of powers of μ must not divide by it)
  ['μ = 0', { mu: '0', eta: '1/2', theta0: '3', theta: ['3', '3/2', '1/4', '-7/8'], v: ['0', '3/2', '5/4', '9/8'], grads: ['3', '5/2', '9/4', '17/8'] }],
];

describe('momentum as velocity, exactly', () => {
  it.each(ROWS)('%s: the unrolled oracle gives the hand-worked trajectory and gradients', (_, row) => {
    const truth = velocityTruth(q(row.mu), q(row.eta), [q(row.theta0)], row.theta.length - 1, grad);
    expect(truth).toEqual({ theta: column(row.theta), grads: column(row.grads) });
  });

  it.each(ROWS)('%s: the step the optimizers run (impl/momentum.ts) gives the same trajectory', (_, row) => {
    const step = velocityStep(rational, { mu: q(row.mu), eta: q(row.eta) });
    const [params, state] = [[[q(row.theta0)]], [[q(0)]]];
    for (let t = 0; t + 1 < row.theta.length; t++) {
      const [p, v] = step(params[t], state[t], grad(t, params[t]));
      params.push(p);
      state.push(v);
    }
    expect({ params, state }).toEqual({ params: column(row.theta), state: column(row.v) });
  });
});
