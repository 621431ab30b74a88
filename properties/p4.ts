/** Problem 4: the log-uniform prior, its regularizer λ Σ ln|Θᵢ|, and the stationarity condition. */
import fc from 'fast-check';
import { logUniformDensity, logUniformPenalty, stationarityResidual } from '../impl/log-uniform.ts';
import { hoeffding } from '../oracles/hoeffding.ts';
import { decimalOf as priorDecimal, densityByDerivative, LOG2_MAX, LOG2_MIN, samplePrior } from '../oracles/log-uniform.ts';
import { memo } from '../oracles/memo.ts';
import { D, decimalOf, lossPartial, magnitude, objective, objectivePartial, stationaryPointsAlong, type Dec } from '../oracles/stationary.ts';
import type { PolynomialLoss } from '../oracles/stationary.ts';
import { polynomialLoss, showLoss } from './arbitraries/losses.ts';
import { property, type Answer } from './claim.ts';
import type { Profile } from './profile.ts';
import { callAnswer } from './run.ts';
import { numberReply } from './candidate-replies.ts';
import type { BuiltClaims } from './ts-claims.ts';

const U = 2 ** -53;
const fmt = (x: number | Dec) => Number(Number(x).toPrecision(6));

/** A point 2ᵏ(1 + i/16) with k ∈ [kMin, kMax); shrinks toward 1. Never 2^kMin itself (a kink of the prior). */
const point = (kMin: number, kMax: number) =>
  fc.tuple(fc.integer({ min: kMin, max: kMax - 1 }), fc.integer({ min: 0, max: 15 })).map(([k, i]) => 2 ** k * (1 + (k === kMin && i === 0 ? 1 : i) / 16));

// ---------------------------------------------------------------- P4.prior

/** An answer: the prior's density up to a constant factor, and −ln of it up to a constant (λ = 1). */
export interface PriorAnswer {
  density: (theta: number) => number;
  penalty: (theta: number) => number;
}

export interface PriorCase {
  /** Two points of the support 2⁻¹⁰ < |Θ| < 2¹⁰, compared with each other. */
  a: number;
  b: number;
  /** Seeds the draws from the prior for the sampled check. */
  sampleSeed: number;
}

const supportPoint = fc.tuple(point(LOG2_MIN, LOG2_MAX), fc.boolean()).map(([x, negative]) => (negative ? -x : x));
const priorCase = (): fc.Arbitrary<PriorCase> => fc.record({ a: supportPoint, b: supportPoint, sampleSeed: fc.noShrink(fc.integer()) });

/** Samples per sampled check, and the probability that the reference fails it by chance. */
const SAMPLES = 10_000;
const FALSE_ALARM = 1e-12;
const SAMPLE_TOLERANCE = hoeffding(SAMPLES, FALSE_ALARM);

/** ∫ density over {lo ≤ |Θ| ≤ hi, sign s} by Simpson's rule in u = log₂|Θ| (dΘ = |Θ| ln 2 du), 2048 panels. */
function massInLog2(density: (t: number) => number, sign: 1 | -1, lo: number, hi: number): number {
  const n = 2048;
  const f = (u: number) => density(sign * 2 ** u) * 2 ** u * Math.LN2;
  const h = (hi - lo) / n;
  let sum = f(lo) + f(hi);
  for (let k = 1; k < n; k++) sum += (k % 2 === 1 ? 4 : 2) * f(lo + k * h);
  return (sum * h) / 3;
}

/** The answer's probability of the interval [min(a,b), max(a,b)], normalized over the support. */
function answerMass(density: (t: number) => number, x: PriorCase): number {
  const [lo, hi] = [Math.min(x.a, x.b), Math.max(x.a, x.b)];
  const side = (sign: 1 | -1) => {
    // the part of [lo, hi] on this side of 0, as a range of log₂|Θ|
    const [from, to] = sign === 1 ? [Math.max(lo, 0), hi] : [Math.max(-hi, 0), -lo];
    if (to <= from) return 0;
    return massInLog2(density, sign, Math.max(LOG2_MIN, Math.log2(Math.max(from, 2 ** LOG2_MIN))), Math.log2(to));
  };
  const total = massInLog2(density, 1, LOG2_MIN, LOG2_MAX) + massInLog2(density, -1, LOG2_MIN, LOG2_MAX);
  return (side(1) + side(-1)) / total;
}

/** The draws for a sampled check: the same for every answer checked on one case. */
const samples = memo((seed: number) => samplePrior(seed, SAMPLES), { size: 64 });

function checkPrior(answer: PriorAnswer, x: PriorCase): string | null {
  const [a, b] = [priorDecimal(x.a), priorDecimal(x.b)];
  const [fa, fb] = [densityByDerivative(a), densityByDerivative(b)];
  const [pa, pb, ra, rb] = callAnswer(() => [answer.density(x.a), answer.density(x.b), answer.penalty(x.a), answer.penalty(x.b)]);
  if (![pa, pb, ra, rb].every(Number.isFinite) || !(pa > 0 && pb > 0)) return `at Θ = ${x.a}, ${x.b} the answer's density is ${pa}, ${pb} and its penalty ${ra}, ${rb}: not positive finite numbers`;
  // Each density value may carry up to 4 correctly rounded operations: within 4u of c·F′, so the ratio within 8u (+ the oracle's 2e-29).
  const ratio = priorDecimal(pa).div(priorDecimal(pb));
  const trueRatio = fa.div(fb);
  if (!ratio.div(trueRatio).minus(1).abs().lte(8.001 * U)) {
    return `p(${x.a})/p(${x.b}): the answer gives ${fmt(ratio.toNumber())}, the prior's F′(${x.a})/F′(${x.b}) is ${fmt(trueRatio.toNumber())}`;
  }
  // −ln p up to a constant: penalty(a) − penalty(b) = ln F′(b) − ln F′(a). Each penalty within 4u of itself (a log and ≤ 3 more roundings).
  const diff = priorDecimal(ra).minus(priorDecimal(rb));
  const trueDiff = fb.ln().minus(fa.ln());
  if (!diff.minus(trueDiff).abs().lte(4 * U * (Math.abs(ra) + Math.abs(rb)) + 1e-50)) {
    return `penalty(${x.a}) − penalty(${x.b}): the answer gives ${fmt(diff.toNumber())}, −ln p(${x.a}) + ln p(${x.b}) is ${fmt(trueDiff.toNumber())}`;
  }
  // Sampled: the fraction of draws from the definition in [min, max] against the answer's mass there.
  const [lo, hi] = [Math.min(x.a, x.b), Math.max(x.a, x.b)];
  let inside = 0;
  for (const t of samples(x.sampleSeed)) if (t >= lo && t <= hi) inside++;
  const mass = callAnswer(() => answerMass(answer.density, x));
  if (!(Math.abs(inside / SAMPLES - mass) <= SAMPLE_TOLERANCE + 1e-9)) {
    return `P(${lo} ≤ Θ ≤ ${hi}): ${inside} of ${SAMPLES} draws of Θ = ±2^U (${fmt(inside / SAMPLES)}), the answer's density gives ${fmt(mass)} (a chance difference above ${fmt(SAMPLE_TOLERANCE)} has probability < ${FALSE_ALARM})`;
  }
  return null;
}

const priorAnswer = (id: string, description: string, change: Partial<PriorAnswer>): Answer<PriorAnswer> => ({
  id,
  description,
  answer: { density: logUniformDensity, penalty: logUniformPenalty, ...change },
});

export const prior = property<PriorAnswer, PriorCase>({
  domain: 'pairs of points of the support 2⁻¹⁰ < |Θ| < 2¹⁰ (either sign), 2ᵏ(1 + i/16); the interval between them for the sampled check',
  arbitrary: priorCase,
  check: checkPrior,
  oracle: `the prior as defined — log₂|Θ| uniform on [−10, 10], sign ± with probability 1/2 — through its distribution function F at 50 digits: density ratios p(a)/p(b) = F′(a)/F′(b) with F′ by central differences (error < 1e-29 relative), the answer's density allowed 4u per value; −ln p up to a constant (the regularizer with λ = 1, MAP with ℓ = −ln likelihood) as ln F′(b) − ln F′(a); and ${SAMPLES} draws Θ = ±2^U against the answer's mass of [a, b] (Simpson in log₂|Θ|, exact for the reference), Hoeffding tolerance ${SAMPLE_TOLERANCE.toFixed(4)}: false-alarm probability ${FALSE_ALARM} per example, ≤ 2e-9 per nightly run`,
  reference: priorAnswer('reference', "the exam's p(Θ) ∝ 1/|Θ| and −ln p = ln|Θ| + const (impl/log-uniform.ts)", {}),
  wrongAnswers: [
    priorAnswer('uniform-density', 'p(Θ) ∝ 1: log-uniform taken for uniform', { density: () => 1 }),
    priorAnswer('density-inverse-square', 'p(Θ) ∝ 1/Θ²: the Jacobian counted twice', { density: (t) => 1 / (t * t) }),
    priorAnswer('density-inverse-sqrt', 'p(Θ) ∝ 1/√|Θ|', { density: (t) => 1 / Math.sqrt(Math.abs(t)) }),
    priorAnswer('penalty-sign-flipped', '−λ Σ ln|Θᵢ|: ln p instead of −ln p', { penalty: (t) => -Math.log(Math.abs(t)) }),
    priorAnswer('penalty-L1', 'λ Σ |Θᵢ|: the Laplace prior\'s regularizer', { penalty: (t) => Math.abs(t) }),
    priorAnswer('penalty-L2', 'λ Σ Θᵢ²: the Gaussian prior\'s regularizer', { penalty: (t) => t * t }),
  ],
});

// ---------------------------------------------------------------- P4.stationary

/**
 * An answer: ∂/∂Θᵢ of ℓ(Θ) + λ Σ ln|Θᵢ| from ∂ℓ/∂Θᵢ, Θᵢ and λ (zero is the stationarity
 * condition), and where the condition is claimed to hold.
 */
export interface StationaryAnswer {
  residual: (dLoss: number, theta: number, lambda: number) => number;
  holdsAt: 'stationary points' | 'the argmin';
}

export interface StationaryCase {
  loss: PolynomialLoss;
  lambda: number;
  /** Θ, all coordinates > 0 (the exam considers positive Θᵢ only). */
  theta: number[];
}

const stationaryCase = (profile: Profile): fc.Arbitrary<StationaryCase> =>
  fc.record({
    loss: polynomialLoss(profile.maxDim),
    lambda: fc.tuple(fc.integer({ min: 1, max: 255 }), fc.integer({ min: 0, max: 8 })).map(([m, e]) => m / 2 ** e),
    theta: fc.tuple(point(-10, 10), point(-10, 10), point(-10, 10)),
  }).map((x) => ({ ...x, theta: x.theta.slice(0, x.loss.dim) }));

/** What the oracle knows about one case: ∂ℓ/∂Θᵢ and ∂F/∂Θᵢ at Θ and at F's stationary points. */
interface Probe {
  where: string;
  i: number;
  theta: number;
  dLoss: Dec;
  dObjective: Dec;
  /** The oracle's error allowance for dObjective: 10⁻⁶⁰·magnitude/Θᵢ (see oracles/stationary.ts). */
  oracleError: number;
}

/** Probes at Θ itself and at each stationary point of F along each coordinate (rounded to float64), once per case. */
const probes = memo((x: StationaryCase): Probe[] => {
  const lambda = decimalOf(x.lambda);
  const theta = x.theta.map(decimalOf);
  const probeAt = (where: string, at: Dec[], i: number): Probe => ({
    where,
    i,
    theta: at[i].toNumber(),
    dLoss: lossPartial(x.loss, at, i),
    dObjective: objectivePartial(x.loss, lambda, at, i),
    oracleError: (1e-60 * magnitude(x.loss, x.lambda, at)) / at[i].toNumber(),
  });
  return theta.flatMap((_, i) => [
    probeAt(`Θ = (${x.theta.join(', ')})`, theta, i),
    ...stationaryPointsAlong(x.loss, x.lambda, theta, i).map((root) => {
      const at = theta.map((v, j) => (j === i ? decimalOf(root.toNumber()) : v));
      return probeAt(`the stationary point Θ${i + 1} ≈ ${fmt(root.toNumber())} of F along Θ${i + 1} (others as in Θ)`, at, i);
    }),
  ]);
});

/**
 * Along Θᵢ (others fixed), F(t) = ℓ(…t…) + λ ln t + const → −∞ as t → 0⁺, since ℓ is a polynomial:
 * there is no argmin. Shown by a t = 2⁻ᴷ where F is below F at Θ and at every stationary point.
 */
function noArgmin(x: StationaryCase): string {
  const lambda = decimalOf(x.lambda);
  const theta = x.theta.map(decimalOf);
  const candidates = probes(x).filter((p) => p.i === 0).map((p) => theta.map((v, j) => (j === 0 ? decimalOf(p.theta) : v)));
  const best = candidates.map((c) => objective(x.loss, lambda, c)).reduce((m, v) => D.min(m, v));
  let k = 64;
  let f = objective(x.loss, lambda, theta.map((v, j) => (j === 0 ? new D(2).pow(-k) : v)));
  while (f.gte(best)) {
    k *= 2;
    f = objective(x.loss, lambda, theta.map((v, j) => (j === 0 ? new D(2).pow(-k) : v)));
  }
  return `ℓ = ${showLoss(x.loss)}, λ = ${x.lambda}: ℓ + λ Σ ln Θᵢ has no argmin — it → −∞ as Θ1 → 0⁺ (at Θ1 = 2^-${k} it is ${fmt(f)}, below ${fmt(best)}, its least value at Θ and at every stationary point along Θ1)`;
}

function checkStationary(answer: StationaryAnswer, x: StationaryCase): string | null {
  if (answer.holdsAt === 'the argmin') return noArgmin(x);
  for (const p of probes(x)) {
    const got = callAnswer(() => answer.residual(p.dLoss.toNumber(), p.theta, x.lambda));
    // ∂ℓ/∂Θᵢ reaches the answer rounded (u), then λ/Θᵢ and the sum round (2u): 3u of the scale, with
    // room; plus the oracle's own error allowance.
    const scale = p.dLoss.abs().plus(decimalOf(x.lambda / p.theta).abs()).toNumber();
    const error = Number.isFinite(got) ? decimalOf(got).minus(p.dObjective).abs().toNumber() : Infinity;
    if (!(error <= 4 * U * scale + p.oracleError)) {
      return `ℓ = ${showLoss(x.loss)}, λ = ${x.lambda}, at ${p.where}: ∂ℓ/∂Θ${p.i + 1} = ${fmt(p.dLoss)}, Θ${p.i + 1} = ${p.theta}; the answer gives ${fmt(got)}, ∂(ℓ + λ Σ ln Θ)/∂Θ${p.i + 1} is ${fmt(p.dObjective)}`;
    }
  }
  return null;
}

const stationaryAnswer = (id: string, description: string, residual: StationaryAnswer['residual']): Answer<StationaryAnswer> => ({
  id,
  description,
  answer: { residual, holdsAt: 'stationary points' },
});

const examStationary: StationaryAnswer = { residual: stationarityResidual, holdsAt: 'stationary points' };

export const stationary = property<StationaryAnswer, StationaryCase>({
  domain: 'random polynomial losses ℓ of degree ≤ 4 per parameter with cross terms, in 1 to 3 parameters; λ > 0 (m/2ᵉ); Θ with every Θᵢ ∈ (2⁻¹⁰, 2¹⁰); and every stationary point of ℓ + λ Σ ln Θᵢ along each coordinate in [2⁻¹⁰, 2¹⁰]',
  arbitrary: stationaryCase,
  check: checkStationary,
  oracle:
    "F = ℓ + λ Σ ln Θᵢ at 100 digits (oracles/stationary.ts): ∂F/∂Θᵢ by central differences of F itself (error < 1e-60·(Σ|terms of ℓ| + 8λ)/Θᵢ), ∂ℓ/∂Θᵢ exactly from ℓ's monomials, at Θ and at F's stationary points along each coordinate (bracketed, then refined by regula falsi on the central difference to 20 digits; each probe is taken at the float64 point the answer is given); the answer's residual must match ∂F/∂Θᵢ within 4u·(|∂ℓ/∂Θᵢ| + λ/Θᵢ) plus that allowance — so it is zero exactly where F is stationary",
  reference: stationaryAnswer('reference', "the exam's ∂ℓ/∂Θᵢ + λ/Θᵢ = 0 (impl/log-uniform.ts)", stationarityResidual),
  candidate: {
    exportName: 'residual',
    description: 'a function residual(dl, theta, lambda) whose zero is the stationarity condition, where dl is ∂ℓ/∂Θᵢ: the derivative of the objective with respect to Θᵢ',
    protocol: 'function',
    expects: 'a function residual(dl, theta, lambda)',
    remote: (ask) => ({ residual: (dl, theta, lambda) => numberReply(ask({ args: [dl, theta, lambda] })), holdsAt: 'stationary points' }),
  },
  formula: {
    variables: {
      dl: { meaning: '∂ℓ/∂Θᵢ', min: -16, max: 16 },
      theta: { meaning: 'Θᵢ (positive)', min: 2 ** -10, max: 16 },
      lambda: { meaning: 'λ', min: 0, max: 4 },
    },
    reference: 'dl + lambda/theta',
    toAnswer: (f) => ({ residual: (dl, theta, lambda) => f({ dl, theta, lambda }), holdsAt: 'stationary points' }),
  },
  wrongAnswers: [
    stationaryAnswer('sign-flipped', '∂ℓ/∂Θᵢ − λ/Θᵢ = 0', (d, t, l) => d - l / t),
    stationaryAnswer('L1', '∂ℓ/∂Θᵢ + λ = 0: the L1 regularizer\'s condition', (d, _t, l) => d + l),
    stationaryAnswer('L2', '∂ℓ/∂Θᵢ + 2λΘᵢ = 0: the L2 regularizer\'s condition', (d, t, l) => d + 2 * l * t),
    stationaryAnswer('inverse-square', '∂ℓ/∂Θᵢ + λ/Θᵢ² = 0', (d, t, l) => d + l / (t * t)),
  ],
  errata: [
    {
      id: 'no-argmin',
      asWritten: String.raw`$\Theta^* = \operatorname{argmin}_{\Theta} \ell(\Theta) + \lambda \sum_{i} \ln |\Theta_i|$`,
      corrected: String.raw`$\Theta^*$ is a stationary point (at best a local minimum) of $\ell(\Theta) + \lambda \sum_i \ln |\Theta_i|$: the objective has no argmin, since it $\to -\infty$ as any $\Theta_i \to 0$ (the improper prior $1/|\Theta|$ puts unbounded density at 0); a global minimum exists only on the prior's support $2^{-10} \le |\Theta_i| \le 2^{10}$, where it can sit on the boundary $|\Theta_i| = 2^{-10}$, not at a stationary point`,
      literal: { residual: stationarityResidual, holdsAt: 'the argmin' },
      fixed: examStationary,
    },
  ],
});

export const built: BuiltClaims = {
  'P4.prior': { property: prior, expected: 'verified' },
  'P4.stationary': { property: stationary, expected: 'verified' },
};
