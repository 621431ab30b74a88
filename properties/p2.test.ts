/** Problem 2: the optimizer's oracle on known values; the claim file's P2.equivalence: readable counterexamples, sensitivity (the measurements: properties/claims.test.ts). */
import { describe, expect, test } from 'vitest';
import { q } from '../oracles/discrete.ts';
import { velocityTruth } from '../oracles/momentum.ts';
import type { GradientCase } from '../oracles/checks/gradient.ts';
import { gradientOf } from './arbitraries/gradient-streams.ts';
import type { ClaimAnswer } from './claim-files.ts';
import type { Property } from './claim.ts';
import { smoothingStep } from '../impl/momentum.ts';
import { float64 } from '../oracles/numbers/float64.ts';
import { metaLosses } from './p2.ts';
import { resolveRun } from './profile.ts';
import { claimById } from './registry.ts';
import { trial } from './run.ts';

const run = resolveRun();
const show = (xs: readonly (readonly { toFraction(): string }[])[]) => xs.map((x) => x.map((v) => v.toFraction()));

describe('the unrolled velocity oracle', () => {
  test('μ = 1/2, η = 1, constant gradient 1 from Θ = 0: (v = 0, 1, 3/2, 7/4) Θ = 0, −1, −5/2, −17/4', () => {
    const truth = velocityTruth(q('1/2'), q(1), [q(0)], 3, () => [q(1)]);
    expect(show(truth.theta)).toEqual([['0'], ['-1'], ['-5/2'], ['-17/4']]);
  });
  test('μ = 0 is plain gradient descent: Θ^{t+1} = Θ^t − ηg(Θ^t) on ℓ = Θ²/2', () => {
    const truth = velocityTruth(q(0), q('1/4'), [q(4)], 2, (_t, [p]) => [p]);
    expect(show(truth.theta)).toEqual([['4'], ['3'], ['9/4']]);
  });
});

describe('gradient streams', () => {
  test('the hash term gives a different gradient for parameters 10^-30 apart', () => {
    const g = gradientOf({ table: [['0']], linear: [['0']], chaos: '1' });
    const base = Array.from({ length: 8 }, (_, t) => g(t, [q(1)])[0].toFraction());
    const moved = Array.from({ length: 8 }, (_, t) => g(t, [q(1).add(q(10).pow(-30))])[0].toFraction());
    expect(moved).not.toEqual(base);
  });
});

/** The claim file's P2.equivalence (exams/midterm-practice/p2.claims): the two update rules, η′ its answer: line. */
const claim = claimById('P2.equivalence');
const equivalence = (claim.status === 'built' ? claim.property : undefined) as Property<ClaimAnswer, GradientCase>;

/**
 * Readable at a glance: at most two coordinates and three steps, reals on a grid of 1/64. Not
 * always one coordinate or two steps: the drawn gradient values are taken in call order, so where
 * the value that shows the error is a later call's, dropping an earlier coordinate or step would
 * move it, and fast-check shrinks one thing at a time (seed 793158555: D = 2, g0-first-gradient;
 * seed 1940565302: T = 3 with gradient values 0, 0, −1, four wrong answers).
 */
function readable(c: GradientCase): boolean {
  const reals = Object.values(c.reals ?? {});
  return c.sizes.D <= 2 && c.sizes.T <= 3 && reals.every((r) => Number.isInteger(r * 64));
}

describe('P2.equivalence: every wrong answer and literal erratum shrinks to a readable counterexample', () => {
  const answers = [...equivalence.wrongAnswers, ...(equivalence.errata ?? []).map((e) => ({ id: `${e.id}:as-written`, answer: e.literal }))];
  for (const w of answers) {
    test(w.id, () => {
      const t = trial('P2.equivalence', equivalence, w.id, w.answer, run);
      expect(t.failed).toBe(true);
      expect(readable(t.counterexample as GradientCase), JSON.stringify(t.counterexample)).toBe(true);
    });
  }
});

/** The claim file with its answer: line's η′ replaced (as `examcheck answer` makes a formula's answer). */
const withEtaPrime = (formula: string) => (equivalence.reference.answer as string).replace("answer: eta' = eta / (1 - mu)", `answer: eta' = ${formula}`);

describe('P2.equivalence is sensitive', () => {
  // η′ written another way holds: cli/formula.test.ts (eta*(1 + mu)/(1 - mu^2), exit 0)
  test('η′ off by a relative 10^-30 is refuted exactly', () => {
    expect(trial('P2.equivalence', equivalence, 'nudged', withEtaPrime('eta / (1 - mu) * (1 + 1/10^30)'), run).failed).toBe(true);
  });
  test('the formula answer is over the reals the programs draw: η and μ, in their declared intervals', () => {
    expect(equivalence.formula?.variables).toMatchObject({ eta: { min: 0, max: 4, openMin: true }, mu: { min: 0, max: 1, openMax: true } });
    expect(Object.keys(equivalence.formula!.variables).sort()).toEqual(['eta', 'mu']);
  });
});

// P2.tuning's measurements (a table per expectation, seconds to compute) are checked in
// properties/claims.test.ts, on the run that file makes of every claim anyway
describe("P2.tuning's grid", () => {
  test('runs every (μ, η′) at once, lane for lane the scalar run of the exam’s smoothing step, bit for bit; a run that blows up scores ∞', () => {
    // ℓ = ½ Σᵢ λᵢΘᵢ² with 8 eigenvalues log-spaced in [1/κ, 1], from Θ = 1, noise σξ added to the gradient
    const [kappa, sigma, steps, DIM] = [100, 0.5, 6, 8];
    const lambda = Array.from({ length: DIM }, (_, i) => kappa ** (-(DIM - 1 - i) / (DIM - 1)));
    const noise = [0, 1].map((r) => Float64Array.from({ length: steps * DIM }, (_, k) => Math.sin(7 * k + r)));
    const scalar = (mu: number, etaPrime: number): number => {
      let total = 0;
      for (const xi of noise) {
        const step = smoothingStep(float64, { mu, etaPrime });
        let [psi, average] = [lambda.map(() => 1), lambda.map(() => 0)];
        for (let t = 0; t < steps; t++) {
          [psi, average] = step(psi, average, psi.map((p, i) => lambda[i] * p + sigma * xi[t * DIM + i]));
          if (!(Math.abs(psi[0]) < 1e30 && Math.abs(psi[DIM - 1]) < 1e30)) return Infinity;
          total += Math.log10(Math.max(1e-30, psi.reduce((l, p, i) => l + 0.5 * lambda[i] * p * p, 0)));
        }
      }
      return total / (steps * noise.length);
    };
    const cells = [[0, 0.3], [0.5, 1.7], [0.9, 0.01], [0.99, 20], [0, 1e12]];
    const batched = metaLosses({ kappa, sigma }, cells.map(([mu]) => mu), cells.map(([, eta]) => eta), noise, steps);
    expect(batched).toEqual(cells.map(([mu, eta]) => scalar(mu, eta)));
    expect(batched[4]).toBe(Infinity);
    expect(batched.slice(0, 4).every(Number.isFinite)).toBe(true);
  });
});
