/** Problem 3: Adam's β₂ as a function of the frequency ε of nonzero gradients (and the batch size b). */
import fc from 'fast-check';
import { adamStep, examBeta2 } from '../impl/adam.ts';
import { affineStationary, binomialLaw, D, decimalOf, REASONABLE_RELATIVE_SD, relativeSd, type AffineOutcome } from '../oracles/adam.ts';
import { uniformStream } from '../oracles/prng.ts';
import { property, type Answer, type CandidateInterface, type Measurement } from './claim.ts';
import type { RunSettings } from './profile.ts';
import { callAnswer } from './run.ts';
import { numberReply } from './candidate-replies.ts';
import type { BuiltClaims } from './ts-claims.ts';

/** An answer: β₂ for gradients that are 1 a fraction ε of the time, with b examples per update. */
export type Beta2Answer = (epsilon: number, b: number) => number;

export interface Beta2Case {
  epsilon: number;
  b: number;
}

/**
 * ε ∈ [1e-9, 1): every decimal with six significant digits, d.ddddd·10⁻ᵉ for e = 1…9; shrinks
 * toward 0.1 (then 0.01, …). b ≥ 1, up to 2²⁰: two in five b ∈ {1, 2}, one in five at most 16,
 * two in five up to 2²⁰; shrinks toward 1, the per-example reading. The wrong answers fail in
 * regions far apart: β₂ = 1 − ε only where b ≤ 2 (per example, for ε < 2/3), the exam's
 * 1 − bε/5 only where bε passes about 1, which a uniform ε and b up to 2²⁰ reach about 70% of the
 * time; b ≤ 16 covers the moderate batches between.
 */
const beta2Case = (): fc.Arbitrary<Beta2Case> =>
  fc.record({
    epsilon: fc
      .tuple(fc.integer({ min: 100_000, max: 999_999 }), fc.integer({ min: 1, max: 9 }))
      .map(([digits, e]) => Number(`${digits / 100_000}e-${e}`)),
    b: fc.oneof(
      { withCrossShrink: true },
      { arbitrary: fc.integer({ min: 1, max: 2 }), weight: 2 },
      { arbitrary: fc.integer({ min: 1, max: 16 }), weight: 1 },
      { arbitrary: fc.integer({ min: 1, max: 2 ** 20 }), weight: 2 },
    ),
  });

const fmt = (x: number) => Number(x.toPrecision(6));

/** Why β₂ makes s no estimate at all, or null when it is in [0, 1). */
function outOfRange(beta2: number): string | null {
  if (!Number.isFinite(beta2)) return `β₂ = ${beta2} is not a number`;
  if (beta2 >= 1) return `β₂ = ${fmt(beta2)} ≥ 1: s never moves from s⁰ (or its weights 1−β₂ are negative)`;
  if (beta2 <= -1) return `β₂ = ${fmt(beta2)} ≤ −1: s^{t+1} = β₂s^t + … diverges`;
  if (beta2 < 0) return `β₂ = ${fmt(beta2)} < 0: s weighs past g² by (1−β₂)β₂ʲ, alternately negative, so s can go negative and √s is undefined`;
  return null;
}

function checkBeta2(answer: Beta2Answer, x: Beta2Case): string | null {
  const beta2 = callAnswer(() => answer(x.epsilon, x.b));
  const where = `ε = ${x.epsilon}, b = ${x.b}`;
  const bad = outOfRange(beta2);
  if (bad) return `${where}: ${bad}; a reasonable β₂ is in [0, 1), where s is a weighted average of past g²`;
  const sd = relativeSd(beta2, x.epsilon, x.b);
  if (sd.gt(REASONABLE_RELATIVE_SD)) {
    return `${where}: β₂ = ${fmt(beta2)} leaves s a relative standard deviation of ${sd.toPrecision(4)} around E[g²] (at most ${REASONABLE_RELATIVE_SD} is a reasonable estimate), so s is too noisy: it averages over about 1/(1 − β₂) = ${fmt(1 / (1 - beta2))} updates, holding on average bε/(1 − β₂) = ${fmt((x.b * x.epsilon) / (1 - beta2))} nonzero per-example gradients`;
  }
  return null;
}

const answer = (id: string, description: string, f: Beta2Answer): Answer<Beta2Answer> => ({ id, description, answer: f });

// ---------------------------------------------------------------- a student's own second-moment rule

/**
 * A second-moment rule with its own β₂ (issue 21, item 9): s^{t+1} = rule(s^t, g_t, ε, b), in
 * float64, for any rule affine in s — s' = B(g)·s + C(g), as every moving average is, however it
 * treats each value of g (one that skips g = 0 has B(0) = 1, C(0) = 0).
 */
export type MomentRule = (s: number, g: number, epsilon: number, b: number) => number;

/** Batch sizes for a rule: every value k/b of g is asked for, so b stops at 16 (the per-example b = 1 and small batches). */
const RULE_MAX_B = 16;
const U = 2 ** -53;

/**
 * The claim's own criterion for "a reasonable estimate of E[g²]" (the oracle of P3.beta2), for any
 * affine rule: s stays a weighted average (0 ≤ B(g) ≤ 1, C(g) ≥ 0: never negative, never
 * diverging), forgets s⁰ (E[B] < 1), its stationary mean is E[g²], and its relative standard
 * deviation is at most 1/2. B and C are read from the rule at s = 0 and s = 1 for every value
 * g = k/b, and the rule must give B·s + C at s = 1/2 too. The rule's float64 roundings (a few u
 * in B and C) move E[s] by at most 64u/(1 − E[B]) + 64u relative: that much is allowed.
 */
function checkRule(rule: MomentRule, x: Beta2Case): string | null {
  const where = `ε = ${x.epsilon}, b = ${x.b}`;
  const law = binomialLaw(x.epsilon, x.b);
  const outcomes: AffineOutcome[] = [];
  for (let k = 0; k <= x.b; k++) {
    const g = k / x.b;
    const [s0, s1, half] = callAnswer(() => [rule(0, g, x.epsilon, x.b), rule(1, g, x.epsilon, x.b), rule(0.5, g, x.epsilon, x.b)]);
    const [B, C] = [s1 - s0, s0];
    if (![s0, s1, half].every(Number.isFinite)) return `${where}: at g = ${fmt(g)} the rule gives s' = ${s0}, ${s1}, ${half} for s = 0, 1, 1/2: not finite`;
    if (!(Math.abs(half - (B / 2 + C)) <= 16 * U * (Math.abs(B) + Math.abs(C)))) return `${where}: at g = ${fmt(g)} the rule is not a moving average s' = B·s + C: it gives ${s0}, ${half}, ${s1} for s = 0, 1/2, 1`;
    if (B < 0 || B > 1 + 4 * U || C < 0) return `${where}: at g = ${fmt(g)} the rule gives s' = ${fmt(B)}·s + ${fmt(C)}: not a weighted average of s and g² (s can ${C < 0 || B < 0 ? 'go negative' : 'grow without bound'})`;
    outcomes.push({ p: law[k], B: decimalOf(B), C: decimalOf(C) });
  }
  const meanSquare = law.reduce((sum, p, k) => sum.plus(p.times(new D(k).div(x.b).pow(2))), new D(0));
  const stationary = affineStationary(outcomes);
  if (!stationary) return `${where}: E[B] ≥ 1 in s' = B·s + C: s never forgets its start s⁰`;
  const bias = stationary.mean.div(meanSquare).minus(1).abs();
  const allowed = new D(64 * U).div(stationary.forget).plus(64 * U);
  if (bias.gt(allowed)) return `${where}: the rule's s averages ${stationary.mean.toPrecision(6)} at stationarity, but E[g²] = ${meanSquare.toPrecision(6)} (off by a factor ${stationary.mean.div(meanSquare).toPrecision(4)}; its roundings allow ${allowed.toPrecision(2)} relative)`;
  const sd = stationary.second.minus(stationary.mean.pow(2)).abs().sqrt().div(meanSquare);
  if (sd.gt(REASONABLE_RELATIVE_SD)) return `${where}: the rule leaves s a relative standard deviation of ${sd.toPrecision(4)} around E[g²] (at most ${REASONABLE_RELATIVE_SD} is reasonable)`;
  return null;
}

/** The exam's s^{t+1} = β₂s^t + (1 − β₂)g² with a β₂ of ε and b. */
const movingAverage =
  (choose: Beta2Answer): MomentRule =>
  (s, g, epsilon, b) => {
    const beta = choose(epsilon, b);
    return beta * s + (1 - beta) * g * g;
  };

const ruleAnswer = (id: string, description: string, f: MomentRule): Answer<MomentRule> => ({ id, description, answer: f });

/** How a module's own rule is judged: the criterion of P3.beta2 (`checkRule`), b ≤ 16. */
export const ruleProperty = property<MomentRule, Beta2Case>({
  domain: `every ε ∈ [1e-9, 1) and every batch size b from 1 to ${RULE_MAX_B}; g = X/b, X ~ Binomial(b, ε)`,
  arbitrary: () => beta2Case().map((x) => ({ ...x, b: 1 + ((x.b - 1) % RULE_MAX_B) })),
  check: checkRule,
  oracle:
    "the criterion of P3.beta2 for a rule s' = B(g)·s + C(g) read from the module at every value of g: stationary E[s] = E[C]/(1 − E[B]) and E[s²] = (E[C²] + 2E[s]E[BC])/(1 − E[B²]) over Binomial(b, ε) in decimal.js at 50 digits (oracles/adam.ts); E[s] must be E[g²] (within the rule's own roundings) and sd(s)/E[g²] at most 1/2",
  reference: ruleAnswer('reference', "the exam's moving average with β₂ = 1 − bε/5", movingAverage(examBeta2)),
  wrongAnswers: [
    ruleAnswer('skip-zero', 'updated only when g ≠ 0 (β₂ = max(0, 1 − bε/20)): s averages E[g² | g ≠ 0], not E[g²]', (s, g, e, b) => (g === 0 ? s : movingAverage((e, b) => Math.max(0, 1 - (b * e) / 20))(s, g, e, b))),
    ruleAnswer('no-one-minus', "s' = β₂s + g²: the weight 1 − β₂ left out, so s averages E[g²]/(1 − β₂)", (s, g, e, b) => Math.max(0, 1 - (b * e) / 20) * s + g * g),
    ruleAnswer('default-0.999', 'the moving average with β₂ = 0.999 whatever ε', movingAverage(() => 0.999)),
  ],
});

const ruleCandidate: CandidateInterface<MomentRule> = {
  exportName: 'secondMoment',
  description: `a function secondMoment(s, g, eps, b) returning the next s: the module's own second-moment rule with its own β₂, a moving average s' = B(g)·s + C(g) (judged for b ≤ ${RULE_MAX_B})`,
  protocol: 'function',
  expects: 'a function secondMoment(s, g, eps, b)',
  remote: (ask) => (s, g, eps, b) => numberReply(ask({ args: [s, g, eps, b] })),
  property: ruleProperty,
};

export const beta2 = property<Beta2Answer, Beta2Case>({
  domain:
    'every ε ∈ [1e-9, 1) and every batch size b ≥ 1 (up to 2²⁰); the update sees the mean of b per-example gradients, each 1 with probability ε (b = 1: per-example updates, as the problem states it)',
  arbitrary: beta2Case,
  // each check is a closed form (~0.3 ms); at the profile's runs alone, β₂ = 1 − ε (found only
  // where b ≤ 2) and the exam's answer (only where bε ≳ 1) would each be missed on some seeds
  runScale: 4,
  candidate: {
    exportName: 'beta2',
    description: 'a function beta2(eps, b) returning β₂ for gradients that are 1 a fraction eps of the time, batch size b',
    protocol: 'function',
    expects: 'a function beta2(eps, b)',
    remote: (ask) => (eps, b) => numberReply(ask({ args: [eps, b] })),
    alternatives: [ruleCandidate],
  },
  check: checkBeta2,
  oracle:
    "'a reasonable estimate of E[g²]' is checked as: β₂ ∈ [0,1), so that s is a weighted average of past g² and E[s] = E[g²] at stationarity, and s's stationary relative standard deviation √((1−β₂)/(1+β₂)·Var[g²])/E[g²] is at most 1/2; computed in closed form from Binomial(b, ε) moments in decimal.js at 50 digits (oracles/adam.ts), cross-checked against simulations of the exam's equations",
  reference: answer('reference', "the exam's β₂ = 1 − bε/5 (impl/adam.ts)", examBeta2),
  wrongAnswers: [
    answer('fixed-0.999', 'β₂ = 0.999, the usual default, whatever ε', () => 0.999),
    answer('one-minus-eps', 'β₂ = 1 − ε: an average over about one nonzero gradient', (e) => 1 - e),
    answer('one-minus-5b-eps', 'β₂ = 1 − 5bε: the 5 on the wrong side', (e, b) => 1 - 5 * b * e),
  ],
  errata: [
    {
      id: 'window-for-squares',
      asWritten: String.raw`$k \ge \frac{5}{\epsilon b}$, $\beta_2 = 1 - \frac{b\epsilon}{5}$`,
      corrected: String.raw`$k \ge \max\left(1, \frac{20}{\epsilon b}\right)$, $\beta_2 = \max\left(0, 1 - \frac{b\epsilon}{20}\right)$: at least one batch, and four times the count, because the square of a batch mean with several ones is noisier (relative variance up to 4/(bε)) than a 0/1 value (1/(bε))`,
      replaces: [
        { from: String.raw`$$\epsilon bk > 5$$`, to: String.raw`$$\epsilon bk \ge 20$$` },
        { from: String.raw`k \ge \frac{5}{\epsilon b}`, to: String.raw`k \ge \max\left(1, \frac{20}{\epsilon b}\right)` },
        { from: String.raw`\beta_2 = 1 - \frac{b\epsilon}{5}`, to: String.raw`\beta_2 = \max\left(0, 1 - \frac{b\epsilon}{20}\right)` },
      ],
      literal: examBeta2,
      fixed: (e, b) => Math.max(0, 1 - (b * e) / 20),
    },
  ],
  formula: {
    variables: {
      eps: { meaning: 'the fraction ε of updates whose gradient is 1', min: 1e-9, max: 0.999999 },
      b: { meaning: 'the batch size', min: 1, max: 1024, integer: true },
    },
    reference: '1 - b*eps/5',
    toAnswer: (evaluate) => (epsilon, b) => evaluate({ eps: epsilon, b }),
  },
});

/** ε from 1e-9 to 0.99, ten points a decade. */
const EPSILONS = [...Array.from({ length: 90 }, (_, i) => 10 ** (-9 + i / 10)), 0.9, 0.99];

/**
 * How the b examples of an update make its gradient: their mean (the exam's count εbk), or the
 * batch gradient is itself 0/1 with frequency ε (the problem's words read per batch).
 */
type Reading = 'batch-mean' | 'batch-binary';

/** The stationary relative sd of s along ε, for one way of choosing β₂, where β₂ ∈ [0,1). */
function sdAlong(b: number, choose: Beta2Answer, reading: Reading = 'batch-mean'): [number, number][] {
  return EPSILONS.filter((e) => outOfRange(choose(e, b)) === null).map((e) => [e, relativeSd(choose(e, b), e, reading === 'batch-mean' ? b : 1).toNumber()]);
}

const worst = (points: [number, number][]) => Math.max(...points.map(([, y]) => y));

/** Where the exam's β₂ passes the criterion along the grid of ε, as a range of bε, for one reading. */
function passingRange(b: number, reading: Reading): string {
  const fails = (e: number) => outOfRange(examBeta2(e, b)) !== null || relativeSd(examBeta2(e, b), e, reading === 'batch-mean' ? b : 1).gt(REASONABLE_RELATIVE_SD);
  const grid = EPSILONS.filter((e) => e * b <= 5);
  const firstFailure = grid.find(fails);
  if (firstFailure === undefined) return 'every ε with bε ≤ 5 (β₂ < 0 beyond)';
  const passed = grid.filter((e) => e < firstFailure);
  return passed.length === 0 ? 'no ε on the grid' : `bε ≤ ${fmt(b * passed[passed.length - 1])} only (fails from bε = ${fmt(b * firstFailure)}; β₂ < 0 beyond bε = 5)`;
}

/** Runs the exam's equations on a 0/1 gradient stream (mean of b draws) and measures s. */
function simulate(epsilon: number, b: number, steps: number, seed: number) {
  const next = uniformStream(seed);
  const state = { g: [0], s: [0] };
  const theta = [0];
  const beta2 = examBeta2(epsilon, b);
  const trueMean = meanSquare(epsilon, b);
  const burnIn = Math.ceil(20 / (1 - beta2));
  let n = 0, sum = 0, sumSq = 0, withinFactor2 = 0;
  for (let t = 0; t < burnIn + steps; t++) {
    let ones = 0;
    for (let j = 0; j < b; j++) if (next() < epsilon) ones++;
    adamStep(theta, state, [ones / b], { eta: 0, beta1: 0.9, beta2, epsilon: 1e-8 });
    if (t < burnIn) continue;
    const s = state.s[0];
    n++;
    sum += s;
    sumSq += s * s;
    if (s >= trueMean / 2 && s <= 2 * trueMean) withinFactor2++;
  }
  const mean = sum / n;
  return { meanRatio: mean / trueMean, sd: Math.sqrt(sumSq / n - mean * mean) / trueMean, withinFactor2: withinFactor2 / n };
}

/** E[g²] for g = X/b, X ~ Binomial(b, ε): Var + mean². */
const meanSquare = (epsilon: number, b: number) => (epsilon * (1 - epsilon)) / b + epsilon * epsilon;

function measureBeta2(run: RunSettings): Measurement[] {
  const exam = (b: number) => sdAlong(b, examBeta2);
  const plot: Measurement = {
    id: 'quality-vs-epsilon',
    title: 'How noisy sᵢ is as an estimate of E[g²], against ε',
    summary: `With one example per update (b = 1) the exam's β₂ = 1 − ε/5 keeps s's relative standard deviation at most ${worst(exam(1)).toFixed(3)} for every ε, while a fixed β₂ = 0.999 grows without bound as ε falls (${worst(sdAlong(1, () => 0.999)).toFixed(0)} at ε = 1e-9). With batch means of b = 100 the exam's β₂ reaches ${worst(exam(100)).toFixed(2)} near bε = 5.`,
    plot: {
      x: { label: 'ε (fraction of updates with gradient 1)', log: true },
      y: { label: 'stationary sd(s)/E[g²]', log: true },
      series: [
        { name: "exam's β₂ = 1 − ε/5, b = 1", points: exam(1) },
        { name: 'β₂ = 0.999, b = 1', points: sdAlong(1, () => 0.999) },
        { name: "exam's β₂ = 1 − bε/5, batch mean of b = 100", points: exam(100) },
        { name: 'criterion: 1/2', points: [[EPSILONS[0], REASONABLE_RELATIVE_SD], [EPSILONS[EPSILONS.length - 1], REASONABLE_RELATIVE_SD]] },
      ],
    },
  };
  const readings: Measurement = {
    id: 'readings',
    title: "Where the exam's β₂ = 1 − bε/5 is a reasonable choice, by reading of the problem",
    summary:
      "Right under the per-example reading (the problem's own words: g is 0 or 1) for every ε. Per batch, with g the mean of b such gradients (the exam's derivation counts εbk ones), right only while bε is small: the square of a mean with several ones is noisier than a 0/1 value, and bε > 5 makes β₂ negative. If instead the batch gradient itself is 0/1 with frequency ε, b does not belong in the formula at all.",
    table: {
      columns: ['reading', 'b', 'worst sd(s)/E[g²] with β₂ ≥ 0', 'the exam\'s β₂ is reasonable for'],
      rows: [
        ['per-example updates: g ∈ {0,1}, P(1) = ε', 1, fmt(worst(exam(1))), 'every ε ∈ (0,1)'],
        ...[2, 10, 100, 10000].map((b) => ['per batch, g = mean of b 0/1 gradients', b, fmt(worst(exam(b))), passingRange(b, 'batch-mean')]),
        ...[2, 3, 5].map((b) => ['per batch, g itself ∈ {0,1} with frequency ε', b, fmt(worst(sdAlong(b, examBeta2, 'batch-binary'))), passingRange(b, 'batch-binary')]),
      ],
    },
  };
  const rows = ([[0.1, 1], [0.01, 1], [0.001, 1], [0.01, 100], [0.04, 100]] as const).map(([e, b], i) => {
    const sim = simulate(e, b, 200_000 / b, (run.seed ^ (i * 0x9e3779b9)) | 0);
    const beta2 = examBeta2(e, b);
    return [e, b, fmt(beta2), fmt(relativeSd(beta2, e, b).toNumber()), fmt(sim.sd), fmt(sim.meanRatio), fmt(sim.withinFactor2), Math.ceil(Math.log(0.1) / Math.log(beta2))];
  });
  const simulation: Measurement = {
    id: 'simulation',
    title: "The exam's Adam equations run on 0/1 gradient streams with the exam's β₂",
    summary:
      "The simulated relative sd of s agrees with the closed form. Without bias correction s starts at 0 and needs about 11.5/(bε) updates before E[s] reaches 90% of E[g²].",
    table: {
      columns: ['ε', 'b', 'β₂', 'sd(s)/E[g²], closed form', 'sd(s)/E[g²], simulated', 'mean s / E[g²], simulated', 'fraction of steps with s within ×2 of E[g²]', 'updates until E[s] ≥ 0.9 E[g²] from s⁰ = 0'],
      rows,
    },
  };
  return [plot, readings, simulation];
}

export const built: BuiltClaims = {
  'P3.beta2': {
    property: beta2,
    expected: 'refuted',
    findings: [
      {
        id: 'per-batch',
        summary:
          "The exam's β₂ = 1 − bε/5 is right for per-example updates (b = 1: relative sd of s at most 0.32 for every ε), but with per-batch updates (g the mean of b examples' 0/1 gradients, the reading the exam's count εbk assumes) it fails on most of the domain: for bε > 5 it is negative (no average at all; for bε > 10 s diverges), and for moderate bε the window of 5/(bε) batches is too short because g² of a batch with several ones is noisier than a 0/1 value (relative sd up to 0.85 as bε → 5, against 0.32 at b = 1; the failure holds for any threshold between the two). The exam should say: β₂ = 1 − ε/5 for per-example updates; per batch, β₂ = max(0, 1 − bε/20).",
      },
    ],
    measure: measureBeta2,
  },
};
