/** Problem 4: the log-uniform prior and its regularizer λ Σ ln|Θᵢ| (P4.prior); P4.stationary's candidate interface. */
import fc from 'fast-check';
import { logUniformDensity, logUniformPenalty } from '../impl/log-uniform.ts';
import { hoeffding } from '../oracles/hoeffding.ts';
import { decimalOf as priorDecimal, densityByDerivative, LOG2_MAX, LOG2_MIN, samplePrior } from '../oracles/log-uniform.ts';
import { memo } from '../oracles/memo.ts';
import type { FileClaimExtras, NumericAnswer } from './claim-files.ts';
import { property, type Answer, type CandidateInterface } from './claim.ts';
import { callAnswer } from './run.ts';
import { numberReply } from './candidate-replies.ts';
import type { BuiltClaims } from './ts-claims.ts';

const U = 2 ** -53;
const fmt = (x: number) => Number(x.toPrecision(6));

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
 * A student's stationarity condition, in plain numbers: residual(dl, theta, lambda), zero exactly
 * at a stationary point (dl is ∂ℓ/∂Θᵢ). P4.stationary is a claim of exams/midterm-practice/p4.claims
 * whose answer is a condition (`answer condition on dl:`): the module is judged by its zeros in dl
 * against the derivative of ℓ + λ ln Θ at the chain's points (oracles/derivation.ts,
 * conditionNumberAt), so Θ·dl + λ is as right as dl + λ/Θ. The module's zero may move by the
 * roundings of its inputs and of its own few operations: 64 units of roundoff, relative.
 */
const residualCandidate: CandidateInterface<NumericAnswer> = {
  exportName: 'residual',
  description: 'a function residual(dl, theta, lambda) whose zero is the stationarity condition, where dl is ∂ℓ/∂Θᵢ: zero exactly where the derivative of the objective with respect to Θᵢ is',
  protocol: 'function',
  expects: 'a function residual(dl, theta, lambda)',
  remote: (ask) => ({ value: (r) => numberReply(ask({ args: [r.dl, r.theta, r.lambda] })), relativeTolerance: 64 * 2 ** -53 }),
};

export const built: BuiltClaims = {
  'P4.prior': { property: prior, expected: 'verified' },
};

/** P4.stationary is a claim of exams/midterm-practice/p4.claims: what TypeScript adds to it. */
export const fileClaimExtras: FileClaimExtras = {
  'P4.stationary': { candidate: residualCandidate },
};
