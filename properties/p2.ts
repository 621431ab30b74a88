/**
 * Problem 2: how a student's optimizer module is judged for P2.equivalence (a claim of
 * exams/midterm-practice/p2.claims: the two update rules, η′ its answer: line), and how η′ and μ
 * behave in a learning-rate search (P2.tuning, measured: a discussion the notation does not state).
 */
import type Fraction from 'fraction.js';
import { smoothingStep, velocityStep, type StepRing } from '../impl/momentum.ts';
import { q } from '../oracles/discrete.ts';
import { gamma } from '../oracles/numbers/error-bound.ts';
import { float64 } from '../oracles/numbers/float64.ts';
import { exactOf } from '../oracles/numbers/rational.ts';
import { velocityTruth } from '../oracles/momentum.ts';
import { gradientOf, momentumCase, type MomentumCase } from './arbitraries/gradient-streams.ts';
import { seededDyadics } from './arbitraries/scalars.ts';
import { property, type Answer, type CandidateInterface, type Measurement } from './claim.ts';
import { showReply, vectorReply } from './candidate-replies.ts';
import type { RunSettings } from './profile.ts';
import type { FileClaimExtras } from './claim-files.ts';
import { callAnswer, refute } from './run.ts';
import type { BuiltClaims } from './ts-claims.ts';

const show = (x: Fraction) => x.toFraction();
const at = (name: string, t: number, i: number, d: number) => `${name}^${t}${d > 1 ? `[${i}]` : ''}`;

// ---------------------------------------------------------------- a student's optimizer

/**
 * A student's momentum optimizer (issue 21, item 6), as it runs: from Θ^0 and the exam's (μ, η),
 * Θ^1 … Θ^steps in float64, each step given the gradient ∇ℓ^t. Any parametrisation — velocity,
 * smoothing with its own η′, a velocity scaled by η, a μ of its own — is right when its Θ^t is
 * the exam's.
 */
export type Optimizer = (theta0: readonly number[], hyper: { readonly mu: number; readonly eta: number }, steps: number, gradient: (t: number) => readonly number[]) => number[][];

/** Roundings each step may add to each term of Θ^t: a multiply-add on the state, one on Θ, and μ, η, η′ read or computed once (see `checkOptimizer`). */
const ROUNDINGS_PER_STEP = 16;

/**
 * The module's Θ^t against the exam's momentum (v^{t+1} = μv^t + η∇ℓ^t(Θ^t), Θ^{t+1} = Θ^t − v^{t+1},
 * v^0 = 0), unrolled exactly in rationals (oracles/momentum.ts), at every step: the first (t, i)
 * where they part refutes it. The module is given the exact run's gradients g^t = ∇ℓ^t(Θ^t), so
 * any gradient stream, one that follows Θ or jumps with it (the hash term) included, is one
 * sequence g^0, g^1, …: rounding moves the module's Θ̂ off the exact Θ, and a gradient taken there
 * could differ by any amount. Allowed: every parametrisation computes Θ^t = Θ^0 − Σ_s c_{t,s}g^s
 * with 0 ≤ c_{t,s} ≤ η/(1 − μ), each term through at most 16 roundings a step (γ(16(t + 2))),
 * so |Θ̂^t_i − Θ^t_i| ≤ γ(16(t + 2))·(|Θ^0_i| + η/(1 − μ)·Σ_{s<t}|g^s_i|) (the inputs' own
 * roundings, u each, inside it).
 */
function checkOptimizer(answer: Optimizer, x: MomentumCase): string | null {
  const [mu, eta] = [q(x.mu), q(x.eta)];
  const theta0 = x.theta0.map(q);
  const d = theta0.length;
  const truth = velocityTruth(mu, eta, theta0, x.steps, gradientOf(x.stream));
  const grads = truth.grads.map((g) => g.map((gi) => gi.valueOf()));
  const path = callAnswer(() => answer(theta0.map((t) => t.valueOf()), { mu: mu.valueOf(), eta: eta.valueOf() }, x.steps, (t) => grads[t]));
  const reach = eta.div(q(1).sub(mu)).valueOf();
  const magnitude = theta0.map((t) => Math.abs(t.valueOf()));
  for (let t = 0; t <= x.steps; t++) {
    if (t > 0) for (let i = 0; i < d; i++) magnitude[i] += reach * Math.abs(grads[t - 1][i]);
    for (let i = 0; i < d; i++) {
      const got = path[t]?.[i];
      const exact = truth.theta[t][i];
      const allowed = gamma(ROUNDINGS_PER_STEP * (t + 2)) * magnitude[i] * (1 + 2 ** -40);
      const off = Number.isFinite(got) ? Math.abs(exactOf(got).sub(exact).valueOf()) : Infinity;
      if (!(off <= allowed)) {
        return `μ = ${x.mu}, η = ${x.eta}: the trajectories part at step ${t}: ${at('Θ', t, i, d)} = ${got}, but the exam's momentum (v^0 = 0, v^{t+1} = μv^t + η∇ℓ^t, Θ^{t+1} = Θ^t − v^{t+1}) gives ${show(exact)} (off by ${off.toPrecision(3)}; rounding allows ${allowed.toPrecision(3)})`;
      }
    }
  }
  return null;
}

/** A float64 optimizer from a step of impl/momentum.ts, started at state 0. */
const optimizerOf =
  (step: (hyper: { mu: number; eta: number }) => (params: readonly number[], state: readonly number[], g: readonly number[]) => [number[], number[]]): Optimizer =>
  (theta0, hyper, steps, gradient) => {
    const run = step(hyper);
    const path = [[...theta0]];
    let state = theta0.map(() => 0);
    for (let t = 0; t < steps; t++) {
      const [p, s] = run(path[t], state, gradient(t));
      path.push(p);
      state = s;
    }
    return path;
  };

const optimizerAnswer = (id: string, description: string, a: Optimizer): Answer<Optimizer> => ({ id, description, answer: a });
const smoothingWith = (etaPrime: (mu: number, eta: number) => number, muOf: (mu: number) => number = (mu) => mu) =>
  optimizerOf(({ mu, eta }) => smoothingStep(float64, { mu: muOf(mu), etaPrime: etaPrime(mu, eta) }));

/** How a module's optimizer is judged: its trajectory against the exam's, step by step (`checkOptimizer`). */
export const optimizerProperty = property<Optimizer, MomentumCase>({
  domain:
    'd = 1 … maxDim parameters, 1 … 2·maxDim steps, μ ∈ [0, 1) and η > 0 rational (as float64), Θ^0 any rationals, the gradients of any stream ∇ℓ^t(Θ) = b^t + AΘ + c·h(t, Θ) along the exam\'s exact trajectory',
  arbitrary: (profile) => momentumCase(profile.maxDim),
  check: checkOptimizer,
  oracle:
    "the exam's velocity definition unrolled in exact rationals (oracles/momentum.ts); the module's Θ^t within γ(16(t + 2)) of |Θ^0| + η/(1 − μ)·Σ|g^s| of it, at every step (the rounding of any parametrisation that computes Θ^0 − Σ c g^s with 0 ≤ c ≤ η/(1 − μ))",
  reference: optimizerAnswer('reference', "the exam's momentum as velocity, in float64", optimizerOf((hyper) => velocityStep(float64, hyper))),
  wrongAnswers: [
    optimizerAnswer('smoothing-eta', 'gradient smoothing with η′ = η: the rate not rescaled', smoothingWith((_mu, eta) => eta)),
    optimizerAnswer('smoothing-swapped', 'gradient smoothing ĝ = (1 − μ)ĝ + μ∇ℓ with η′ = η/(1 − μ): μ and 1 − μ swapped', smoothingWith((mu, eta) => eta / (1 - mu), (mu) => 1 - mu)),
    optimizerAnswer('velocity-one-minus', 'velocity v = μv + (1 − μ)η∇ℓ: dampened, so η means η′ here', optimizerOf(({ mu, eta }) => velocityStep(float64, { mu, eta: (1 - mu) * eta }))),
  ],
});

/**
 * The module's optimizer as the checker holds it: `init(theta0, { mu, eta })` and each
 * `step(state, grad)` run in its process; the state goes back to it as it came (plain data), and
 * the checker reads its `theta`, which must be d numbers.
 */
const remoteOptimizer =
  (ask: (request: unknown) => unknown): Optimizer =>
  (theta0, hyper, steps, gradient) => {
    const thetaOf = (state: unknown, t: number) => {
      if (typeof state !== 'object' || state === null || !('theta' in state)) refute(`${t === 0 ? 'init' : 'step'} gives ${showReply(state)}, not a state { theta, … }`);
      return Array.from(vectorReply((state as { theta: unknown }).theta, theta0.length, `Θ^${t} (state.theta)`));
    };
    let state = ask({ method: 'init', args: [[...theta0], { ...hyper }] });
    const path = [thetaOf(state, 0)];
    for (let t = 0; t < steps; t++) {
      state = ask({ method: 'step', args: [state, [...gradient(t)]] });
      path.push(thetaOf(state, t + 1));
    }
    return path;
  };

const optimizerCandidate: CandidateInterface<any> = {
  exportName: 'optimizer',
  description:
    "an object optimizer with init(theta0, { mu, eta }) and step(state, grad), each returning a state (plain data) whose theta is the parameters: the exam's momentum (μ, η) in any parametrisation, judged step by step against the exam's trajectory",
  protocol: 'optimizer',
  expects: 'an object with init(theta0, hyper) and step(state, grad) methods',
  remote: remoteOptimizer,
  property: optimizerProperty,
};

// ---------------------------------------------------------------------------------------------
// P2.tuning: the exam's two expectations about meta-parameter search, measured on quadratics.

/** Parameters of every test problem: ℓ(Θ) = ½ Σᵢ λᵢΘᵢ², λᵢ log-spaced from 1/κ to 1, Θ^0 = (1, …, 1). */
const DIM = 8;
/** κ: the condition number, λ_max/λ_min. */
const CONDITIONS = [1, 10, 100, 1000];
/** σ: the standard deviation of the gradient noise added to every coordinate at every step. */
const NOISES = [0, 0.1, 1];
const MOMENTA = [0, 0.5, 0.9, 0.95, 0.99];
/** Step sizes 10^(k/8), 10^-4 … 10^1: a factor 1.33 apart. */
const RATES = Array.from({ length: 41 }, (_, k) => 10 ** (-4 + k / 8));
/** Within this factor, "near". */
const NEAR = 2;
/** E[u²] for u uniform on seededDyadics' ±1/16 … ±1: Σ_{k=1..16} k²/16³ (the noise is scaled to variance 1). */
const DYADIC_VARIANCE = 1496 / 4096;

export interface Problem {
  kappa: number;
  sigma: number;
}

/** A 32-bit seed for part `parts` of the run's seed. */
const mix = (...parts: number[]): number => parts.reduce((h, p) => Math.imul(h ^ (p | 0), 0x9e3779b1) ^ (h >>> 15), 0x85ebca6b) | 0;

const eigenvalues = (kappa: number) => Array.from({ length: DIM }, (_, i) => kappa ** (-(DIM - 1 - i) / (DIM - 1)));

/** Below this a loss counts as converged: log10 ℓ is clipped there, so runs that reach it tie. */
const FLOOR = 1e-30;

/**
 * The grid's lanes: one float64 per (form, μ, step size), operated on componentwise, so that one
 * run of impl/momentum.ts's smoothing step moves the whole grid at once. Each lane's arithmetic is
 * the scalar run's, operation for operation (an IEEE result does not depend on its neighbours), so
 * the grid is what 410 scalar runs give; the batch only shares the per-operation overhead (a
 * third of the time). A step's results are read by the next step only, so after `nextStep` the
 * operations write over the arrays of the step before last rather than allocate (allocating and
 * collecting some 700 MB per measurement was most of its time).
 */
function lanes(width: number): StepRing<number[]> & { fresh(): number[]; nextStep(): void } {
  const generations: number[][][] = [[], []];
  let generation = 0;
  let used = 0;
  const fresh = (): number[] => {
    const pool = generations[generation];
    if (used === pool.length) pool.push(new Array<number>(width).fill(0));
    return pool[used++];
  };
  return {
    one: new Array<number>(width).fill(1),
    fresh,
    nextStep() {
      generation ^= 1;
      used = 0;
    },
    add(a, b) {
      const c = fresh();
      for (let k = 0; k < width; k++) c[k] = a[k] + b[k];
      return c;
    },
    sub(a, b) {
      const c = fresh();
      for (let k = 0; k < width; k++) c[k] = a[k] - b[k];
      return c;
    },
    mul(a, b) {
      const c = fresh();
      for (let k = 0; k < width; k++) c[k] = a[k] * b[k];
      return c;
    },
  };
}

/**
 * The meta-loss of each lane's (μ, η′) on a problem: the mean of log10 ℓ(Θ^t) over the run
 * (t = 1 … steps), which rewards both speed and the level reached, averaged over the noise draws.
 * The run is impl/momentum.ts's smoothing step (P2.equivalence: the velocity form with
 * η = (1 − μ)η′ is the same run). The draws are the same for every (μ, η′), so comparisons are not
 * blurred by luck. A run that blows up scores ∞ (its lane is no longer read). Exported for its
 * test (properties/p2.test.ts: each lane is the scalar run, bit for bit).
 */
export function metaLosses(problem: Problem, mu: number[], etaPrime: number[], noise: readonly Float64Array[], steps: number): number[] {
  const width = mu.length;
  const lambda = eigenvalues(problem.kappa);
  const L = lanes(width);
  const step = smoothingStep(L, { mu, etaPrime });
  const total = new Float64Array(width);
  const blewUp = new Uint8Array(width);
  for (const xi of noise) {
    let psi = lambda.map(() => L.one);
    let average = lambda.map(() => new Array<number>(width).fill(0));
    for (let t = 0; t < steps; t++) {
      L.nextStep();
      const g = psi.map((p, i) => {
        const gi = L.fresh();
        for (let k = 0; k < width; k++) gi[k] = lambda[i] * p[k] + problem.sigma * xi[t * DIM + i];
        return gi;
      });
      [psi, average] = step(psi, average, g);
      for (let k = 0; k < width; k++) {
        if (blewUp[k] || !(Math.abs(psi[0][k]) < 1e30 && Math.abs(psi[DIM - 1][k]) < 1e30)) {
          blewUp[k] = 1;
          continue;
        }
        // ℓ = Σᵢ ½λᵢΘᵢ², added up in i's order
        let loss = 0;
        for (let i = 0; i < DIM; i++) loss = loss + 0.5 * lambda[i] * psi[i][k] * psi[i][k];
        total[k] += Math.log10(Math.max(FLOOR, loss));
      }
    }
  }
  return Array.from(total, (x, k) => (blewUp[k] ? Infinity : x / (steps * noise.length)));
}

const FORMS = ['smoothing', 'velocity'] as const;

/** The loss over the μ × step-size grid of each form, the step size read as η′ or (velocity form) as η = (1 − μ)η′. */
function grids(problem: Problem, noise: readonly Float64Array[], steps: number): Record<(typeof FORMS)[number], number[][]> {
  const cells = FORMS.flatMap((form) => MOMENTA.flatMap((mu) => RATES.map((r) => [mu, form === 'smoothing' ? r : r / (1 - mu)])));
  const losses = metaLosses(problem, cells.map(([mu]) => mu), cells.map(([, eta]) => eta), noise, steps);
  const row = (f: number, m: number) => losses.slice((f * MOMENTA.length + m) * RATES.length, (f * MOMENTA.length + m + 1) * RATES.length);
  return { smoothing: MOMENTA.map((_, m) => row(0, m)), velocity: MOMENTA.map((_, m) => row(1, m)) };
}

const argmin = (xs: readonly number[]): number => xs.reduce((best, x, k) => (x < xs[best] ? k : best), 0);

interface Tuned {
  problem: Problem;
  /** η* of plain SGD (μ = 0). */
  sgd: number;
  /** η′* for each μ, and η* in the velocity form. */
  bestEtaPrime: number[];
  bestEta: number[];
  /** One pass of "optimize independently": step size at μ = 0, then μ at that step size; its meta-loss above the grid's best. */
  independent: { smoothing: { mu: number; excess: number }; velocity: { mu: number; excess: number } };
}

function tune(problem: Problem, seed: number, steps: number, draws: number): Tuned {
  const noise = Array.from({ length: problem.sigma === 0 ? 1 : draws }, (_, r) =>
    seededDyadics(mix(seed, problem.kappa, problem.sigma * 1000, r), steps * DIM).map((u) => u / Math.sqrt(DYADIC_VARIANCE)),
  );
  const all = grids(problem, noise, steps);
  const forms = FORMS.map((form) => {
    const losses = all[form];
    const best = Math.min(...losses.flat());
    const rate = argmin(losses[0]);
    const mu = argmin(losses.map((row) => row[rate]));
    return { bestRates: losses.map((row) => RATES[argmin(row)]), independent: { mu: MOMENTA[mu], excess: losses[mu][rate] - best } };
  });
  return {
    problem,
    sgd: forms[0].bestRates[0],
    bestEtaPrime: forms[0].bestRates,
    bestEta: forms[1].bestRates,
    independent: { smoothing: forms[0].independent, velocity: forms[1].independent },
  };
}

const sig = (x: number): number => Number(x.toPrecision(3));
const label = (p: Problem) => `κ = ${p.kappa}, σ = ${p.sigma}`;
/** log10 of max/min over the momenta: how far the best step size moves as μ changes. */
const spread = (xs: readonly number[]): number => sig(Math.log10(Math.max(...xs) / Math.min(...xs)));

function tuningMeasurements(run: RunSettings): Measurement[] {
  // nightly simulates longer and averages more noise draws
  const steps = run.profile.name === 'nightly' ? 800 : 200;
  const draws = run.profile.name === 'nightly' ? 8 : 2;
  const results = NOISES.flatMap((sigma) => CONDITIONS.map((kappa) => tune({ kappa, sigma }, run.seed, steps, draws)));
  const ratios = (r: Tuned) => r.bestEtaPrime.slice(1).map((e) => e / r.sgd);
  const near = (x: number) => x <= NEAR && x >= 1 / NEAR;
  const holds = results.filter((r) => ratios(r).every(near)).map((r) => label(r.problem));
  const fails = results.filter((r) => !ratios(r).every(near)).map((r) => `${label(r.problem)} (η′*/η* up to ${sig(Math.max(...ratios(r), ...ratios(r).map((x) => 1 / x)))}×)`);
  const conjugate = results.filter((r) => spread(r.bestEtaPrime) < spread(r.bestEta));
  /** One independent pass ending within this many decades of the grid's best counts as success. */
  const CLOSE = 0.05;
  const passes = (form: 'smoothing' | 'velocity') => results.filter((r) => r.independent[form].excess <= CLOSE);
  const missed = results.filter((r) => r.independent.smoothing.excess > CLOSE).map((r) => `${label(r.problem)}: ${sig(r.independent.smoothing.excess)}`);
  return [
    {
      id: 'eta-prime-near-sgd',
      title: `Best η′ for each μ ÷ best η of plain SGD (μ = 0), ℓ = ½Σλᵢθᵢ² with ${DIM} eigenvalues log-spaced in [1/κ, 1], gradient noise σ per coordinate, ${steps} steps, best = lowest mean log10 ℓ over the run (ℓ clipped at 1e-30), step sizes on a grid ×1.33 apart; "near" = within ×${NEAR}`,
      summary: `Holds (every μ up to 0.99 within ×${NEAR}) for ${holds.join('; ') || 'no problem'}. Fails for ${fails.join('; ') || 'no problem'}. Without noise, momentum lets an ill-conditioned problem take η′ far above plain SGD's best η (the heavy-ball optimum has η′ ≈ √κ/λ_max against SGD's 2/(λ_max + λ_min)); with noise the noise floor ∝ η′σ² pins η′ near SGD's η, as the exam expects.`,
      table: {
        columns: ['κ', 'σ', 'η* (SGD)', ...MOMENTA.slice(1).map((m) => `η′*/η*, μ = ${m}`)],
        rows: results.map((r) => [r.problem.kappa, r.problem.sigma, sig(r.sgd), ...ratios(r).map(sig)]),
      },
      plot: {
        x: { label: 'condition number κ', log: true },
        y: { label: 'η′* ÷ SGD η*, μ = 0.9', log: true },
        series: NOISES.map((sigma) => ({ name: `σ = ${sigma}`, points: results.filter((r) => r.problem.sigma === sigma).map((r) => [r.problem.kappa, r.bestEtaPrime[MOMENTA.indexOf(0.9)] / r.sgd] as const) })),
      },
    },
    {
      id: 'conjugacy',
      title: `Are μ and the step size independent to tune? How far the best step size moves across μ ∈ {${MOMENTA.join(', ')}} (log10 max/min), and how far one independent pass (best step size at μ = 0, then best μ at that step size) ends above the grid's best meta-loss (mean log10 ℓ over the run, in decades), with the step size read as η′ (smoothing) or as η (velocity)`,
      summary: `The best η′ moves less across μ than the best η in ${conjugate.length} of ${results.length} problems (${conjugate.map((r) => label(r.problem)).join('; ')}): there μ and η′ are the more nearly conjugate pair, as the exam expects. One independent pass in (μ, η′) ends within ${CLOSE} decades of the best in ${passes('smoothing').length} of ${results.length} problems (in (μ, η): ${passes('velocity').length}); it misses by ${missed.join('; ') || 'nothing'} decades, where (without noise, κ > 1) the best η′ itself moves with μ.`,
      table: {
        columns: ['κ', 'σ', 'spread of η′* (log10)', 'spread of η* (log10)', 'one pass, η′: μ chosen', 'one pass, η′: decades above best', 'one pass, η: μ chosen', 'one pass, η: decades above best'],
        rows: results.map((r) => [
          r.problem.kappa,
          r.problem.sigma,
          spread(r.bestEtaPrime),
          spread(r.bestEta),
          r.independent.smoothing.mu,
          sig(r.independent.smoothing.excess),
          r.independent.velocity.mu,
          sig(r.independent.velocity.excess),
        ]),
      },
    },
  ];
}

export const built: BuiltClaims = {
  'P2.tuning': { expected: 'discussion', measure: tuningMeasurements },
};

/** P2.equivalence is a claim of exams/midterm-practice/p2.claims: a module's optimizer is judged by `optimizerProperty`. */
export const fileClaimExtras: FileClaimExtras = {
  'P2.equivalence': { candidate: optimizerCandidate },
};
