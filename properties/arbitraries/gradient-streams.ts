/**
 * Gradient streams for Problem 2: ∇ℓ^t(Θ) any function of the step t and of the current
 * parameters, as plain JSON with exact rationals ("n/d" strings). A stream is the sum of
 *  - a table of gradients by step (cycled): a loss that changes with t (minibatches);
 *  - A·Θ: the gradient of a quadratic, so the gradient follows the parameters;
 *  - chaos·h(t, i, Θ), h ∈ {−2, …, 2} a hash of Θ's exact value: the slightest difference in the
 *    parameters gives an unrelated gradient, so two runs that drift apart at all are told apart.
 * Shrinks toward one coordinate, one step, μ = 0 (then 1/2), η = 1, Θ^0 = 0 and the constant
 * gradient 0 (then 1), with A = 0 and no chaos.
 */
import fc from 'fast-check';
import type Fraction from 'fraction.js';
import { q } from '../../oracles/discrete.ts';
import { rational } from './distributions.ts';

export interface GradientStream {
  /** b^t_i for t = 0, 1, …, cycled: one row per step in the table. */
  table: string[][];
  /** A_ij (d×d); all "0" for no quadratic part. */
  linear: string[][];
  /** The amplitude of the hash term; "0" for none. */
  chaos: string;
}

export interface MomentumCase {
  mu: string;
  eta: string;
  theta0: string[];
  steps: number;
  stream: GradientStream;
}

/** 32-bit FNV-1a of a string. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193);
  return h >>> 0;
}

/** ∇ℓ^t(Θ) for the stream, exactly. */
export function gradientOf(stream: GradientStream): (t: number, theta: readonly Fraction[]) => Fraction[] {
  const table = stream.table.map((row) => row.map(q));
  const A = stream.linear.map((row) => row.map(q));
  const chaos = q(stream.chaos);
  // the terms that are 0 are left out (the gradient is the same): the oracle calls this at every step
  const linear = A.some((row) => row.some((a) => !a.equals(0)));
  const hashed = !chaos.equals(0);
  return (t, theta) => {
    const key = hashed ? theta.map((p) => p.toFraction()).join(',') : '';
    return theta.map((_, i) => {
      let g = table[t % table.length][i];
      if (linear) for (let j = 0; j < theta.length; j++) g = g.add(A[i][j].mul(theta[j]));
      if (hashed) g = g.add(chaos.mul((fnv1a(`${t}|${i}|${key}`) % 5) - 2));
      return g;
    });
  };
}

/** A rational in [0, 1): n/den with den among 2, 3, 10, 1000, 7; 999/1000 is in, 1 is not. */
const momentumCoefficient = fc
  .tuple(fc.integer({ min: 0, max: 999 }), fc.constantFrom(2, 3, 10, 1000, 7))
  .map(([n, den]) => q(Math.min(n, den - 1)).div(den).toFraction());

/** A rational > 0, shrinking toward 1: n/den, n from 1 to 64. */
const learningRate = fc
  .tuple(fc.integer({ min: 1, max: 64 }), fc.constantFrom(1, 2, 3, 10, 1000))
  .map(([n, den]) => q(n).div(den).toFraction());

const fill = (values: readonly string[], size: number) => Array.from({ length: size }, (_, i) => values[i % values.length]);

/** A case with d ≤ maxDim parameters and 1 to 2·maxDim steps; values fill the shape cyclically. */
export const momentumCase = (maxDim: number): fc.Arbitrary<MomentumCase> =>
  fc
    .record({
      d: fc.integer({ min: 1, max: maxDim }),
      steps: fc.integer({ min: 1, max: 2 * maxDim }),
      mu: momentumCoefficient,
      eta: learningRate,
      theta0: fc.array(rational, { minLength: 1, maxLength: maxDim }),
      table: fc.array(fc.array(rational, { minLength: 1, maxLength: maxDim }), { minLength: 1, maxLength: 2 * maxDim }),
      linear: fc.oneof(fc.constant(['0']), fc.array(rational, { minLength: 1, maxLength: maxDim * maxDim })),
      chaos: fc.oneof(fc.constant('0'), rational),
    })
    .map((r) => ({
      mu: r.mu,
      eta: r.eta,
      theta0: fill(r.theta0, r.d),
      steps: r.steps,
      stream: {
        table: r.table.map((row) => fill(row, r.d)),
        linear: Array.from({ length: r.d }, (_, i) => fill(r.linear, r.d * r.d).slice(i * r.d, (i + 1) * r.d)),
        chaos: r.chaos,
      },
    }));
