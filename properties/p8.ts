/** Problem 8: the test-time weight scaling rule for "half dropout". */
import type Fraction from 'fraction.js';
import { halfDropoutTest, relu, scaledRule, type TestRule } from '../impl/half-dropout.ts';
import { q } from '../oracles/discrete.ts';
import { exactExpectation, FALSE_ALARM_PER_ROW, sampledExpectation, type Reading } from '../oracles/half-dropout.ts';
import { halfDropoutCase, SAMPLES, type HalfDropoutCase } from './arbitraries/masks.ts';
import { property, type Answer, type CandidateInterface, type Finding, type Measurement } from './claim.ts';
import type { BuiltClaims } from './ts-claims.ts';
import { callAnswer, refute } from './run.ts';
import { numberReply, numbersReply } from './candidate-replies.ts';

const READINGS: readonly Reading[] = ['input', 'parameter'];
const READING_TEXT: Record<Reading, string> = { input: 'a mask entry μ_j per input', parameter: 'a mask entry μ_ij per weight' };
const show = (f: Fraction) => f.toFraction();

/**
 * The answer's y_i equals Relu(E[Σ_j W_ij μ x_j]) for every row: exactly over every mask when the
 * masks are enumerated (one enumeration holds for both readings: see the oracle), else within
 * the sampled interval for each reading (Relu is monotone, so Relu(E) ∈ [Relu(low), Relu(high)]).
 */
function checkRule(rule: TestRule, c: HalfDropoutCase): string | null {
  const alpha = q(c.alpha);
  const repeat = c.masks === 'all' ? 1 : c.masks.repeat;
  // each value parsed once, then repeated (a Fraction is immutable)
  const tiled = (row: readonly string[]) => {
    const values = row.map(q);
    return Array.from({ length: row.length * repeat }, (_, j) => values[j % row.length]);
  };
  const W = c.W.map(tiled);
  const x = tiled(c.x);
  const y = callAnswer(
    () => rule(alpha, W, x),
    (y) => (Array.isArray(y) && y.length === W.length ? null : `the answer gives ${y?.length} outputs for ${W.length} rows`),
  );
  if (c.masks === 'all') {
    const expected = exactExpectation(alpha, W, x);
    const i = expected.findIndex((e, i) => !relu(e).equals(y[i]));
    if (i < 0) return null;
    return `α = ${c.alpha}: the test-time output y_${i + 1} = ${show(y[i])}, but it must be Relu(E[Σ_j W_${i + 1}j μ x_j]) = Relu(${show(expected[i])}) = ${show(relu(expected[i]))} exactly, the training-time expectation over all ${2 ** x.length} masks (either reading), so that test-time outputs match training's`;
  }
  for (const reading of READINGS) {
    const bounds = sampledExpectation(alpha, W, x, reading, c.masks.seed, c.masks.samples);
    const i = bounds.findIndex((b, i) => y[i].compare(relu(b.mean.sub(b.h))) < 0 || y[i].compare(relu(b.mean.add(b.h))) > 0);
    if (i >= 0) {
      const [low, high] = [relu(bounds[i].mean.sub(bounds[i].h)), relu(bounds[i].mean.add(bounds[i].h))].map((v) => v.valueOf().toPrecision(6));
      return `α = ${c.alpha}, n = ${x.length} (W and x repeated ${repeat} times), ${READING_TEXT[reading]}: the test-time output y_${i + 1} = ${y[i].valueOf().toPrecision(6)} is outside the allowed [${low}, ${high}], the interval around ${c.masks.samples} sampled masks where Relu of the training-time expectation lies with probability 1 − ${FALSE_ALARM_PER_ROW}, so test-time outputs do not match training's`;
    }
  }
  return null;
}

const answer = (id: string, description: string, scale: (alpha: Fraction) => Fraction): Answer<TestRule> => ({ id, description, answer: scaledRule(scale) });
const ONE = q(1);

/**
 * A scale computed in float64 (a student's function, a formula), taken as the simplest rational
 * within 1e-12 of its value: α has small denominators here, so that is the value it stands for.
 */
const float64Scale = (scale: (alpha: number) => number): TestRule => scaledRule((alpha) => q(scale(alpha.valueOf())).simplify(1e-12));

// ---------------------------------------------------------------- a training rule with its test rule

/**
 * A pair of rules (issue 21, item 7): at training time the masked pre-activation is multiplied by
 * `train(α)`, y_i = Relu(t Σ_j W_ij μ_j x_j); at test time y_i = Relu(c Σ_j W_ij x_j) with
 * c = `test(α)`. Inverted dropout (t = 1/(1 − α/2), c = 1) is as right as the exam's (t = 1,
 * c = 1 − α/2): the pair is judged, never either rule alone.
 */
export interface DropoutPair {
  readonly train: (alpha: Fraction) => Fraction;
  readonly test: (alpha: Fraction) => Fraction;
}

/**
 * The pair judged exactly: test's y_i must be Relu(E[t Σ_j W_ij μ_j x_j]) for every row, the
 * expectation by enumerating every mask (oracles/half-dropout.ts: the law is finite). A case of
 * the claim's generator with repeated W and x is judged on its W and x as drawn (one copy), so
 * every case is enumerated.
 */
function checkPair(pair: DropoutPair, c: HalfDropoutCase): string | null {
  const alpha = q(c.alpha);
  const [t, scale] = callAnswer(() => [pair.train(alpha), pair.test(alpha)]);
  const W = c.W.map((row) => row.map(q));
  const x = c.x.map(q);
  const expected = exactExpectation(alpha, W, x).map((e) => relu(t.mul(e)));
  const y = scaledRule(() => scale)(alpha, W, x);
  const i = expected.findIndex((e, i) => !e.equals(y[i]));
  return i < 0
    ? null
    : `α = ${c.alpha}, training scales by ${show(t)} and testing by ${show(scale)}: y_${i + 1} = Relu(${show(scale)}·Σ_j W_${i + 1}j x_j) = ${show(y[i])} at test time, but Relu(E_train[${show(t)}·Σ_j W_${i + 1}j μ_j x_j]) = ${show(expected[i])} over all ${2 ** x.length} masks`;
}

/** A factor computed in float64, as the rational it stands for (see float64Scale), or a refutation. */
const factor = (value: number, what: string): Fraction => {
  if (!Number.isFinite(value)) refute(`${what} is ${value}, not a finite number`);
  return q(value).simplify(1e-12);
};

const pair = (id: string, description: string, train: (a: Fraction) => Fraction, test: (a: Fraction) => Fraction): Answer<DropoutPair> => ({ id, description, answer: { train, test } });

/** How a module supplying both rules is judged: `dropout(alpha)` returning { train, test }. */
export const pairProperty = property<DropoutPair, HalfDropoutCase>({
  domain:
    'α ∈ [0, 1] rational (0, 1/3, 1/2, 1, 999/1000 …); W (1 … maxDim rows) and x (1 … maxDim inputs) any rationals, every mask enumerated',
  arbitrary: (profile) => halfDropoutCase(profile.maxDim),
  check: checkPair,
  oracle: 'E over the training masks of t·Σ_j W_ij μ_j x_j, each mask entry 1/2 with probability α, 1 otherwise, t the training rule\'s factor: exactly, by enumerating all 2^n masks in rationals; the test rule\'s y_i must be Relu of it',
  reference: pair('reference', "the exam's rules: train unscaled, test by 1 − α/2", () => ONE, (a) => ONE.sub(a.div(2))),
  wrongAnswers: [
    pair('inverted-keep-rate', "inverted ordinary dropout: train ÷ (1 − α), test × 1 (the keep rate of a mask of zeros, not of halves)", (a) => (a.equals(1) ? q(0) : ONE.div(ONE.sub(a))), () => ONE),
    pair('scaled-twice', 'train ÷ (1 − α/2) and test × (1 − α/2): the correction made at both times', (a) => ONE.div(ONE.sub(a.div(2))), (a) => ONE.sub(a.div(2))),
    pair('test-only-inverted', 'train unscaled, test ÷ (1 − α/2): the inverted factor at the wrong time', () => ONE, (a) => ONE.div(ONE.sub(a.div(2)))),
  ],
});

const pairCandidate: CandidateInterface<DropoutPair> = {
  exportName: 'dropout',
  description: 'a function dropout(alpha) returning { train, test }: the factor the masked pre-activation is multiplied by at training time, and the weight scale at test time (inverted dropout: { train: 1/(1 − α/2), test: 1 })',
  protocol: 'function',
  expects: 'a function dropout(alpha) returning { train, test }',
  remote: (ask) => {
    const reply = memoAlpha((alpha: number) => numbersReply(ask({ args: [alpha] }), ['train', 'test'], 'dropout'));
    return { train: (a) => factor(reply(a.valueOf()).train, 'the training factor'), test: (a) => factor(reply(a.valueOf()).test, 'the test scale') };
  },
  property: pairProperty,
};

/** One call of the module per α, whichever rule is read first. */
function memoAlpha<T>(f: (alpha: number) => T): (alpha: number) => T {
  const seen = new Map<number, T>();
  return (alpha) => {
    if (!seen.has(alpha)) seen.set(alpha, f(alpha));
    return seen.get(alpha)!;
  };
}

export const halfDropout = property<TestRule, HalfDropoutCase>({
  domain:
    'α ∈ [0, 1] rational (0, 1/3, 1/2, 1, 999/1000 …); W (1 … maxDim rows) and x (1 … maxDim inputs) any rationals, every mask enumerated; and the same W, x repeated 16·maxDim times (up to 16·maxDim² inputs: 256 by default), masks sampled; both readings of the mask (per input, per weight)',
  arbitrary: (profile) => halfDropoutCase(profile.maxDim),
  check: checkRule,
  oracle: `E over the training masks of Σ_j W_ij μ x_j, each mask entry 1/2 with probability α, 1 otherwise: exactly by enumerating all 2^n masks in rationals (n ≤ maxDim), or from ${SAMPLES} sampled masks per reading (what a row sums to depends on them only through how often each entry is halved, drawn as Binomial(${SAMPLES}, α) exactly; sums exact) with a Hoeffding interval of false-alarm probability ${FALSE_ALARM_PER_ROW} per row and reading: at most 2·maxDim·${FALSE_ALARM_PER_ROW} per example, so below 1e-11 for a default run (100 examples, maxDim 4) and 4e-10 for a nightly one (2000 examples, maxDim 8); the answer's y_i must be Relu of it`,
  reference: { id: 'reference', description: 'impl/half-dropout.ts: y_i = Relu((1 − α/2) Σ_j W_ij x_j)', answer: halfDropoutTest },
  candidate: {
    exportName: 'scale',
    description: 'a function scale(alpha) returning the weight scale c in y_i = Relu(c Σ_j W_ij x_j) at test time',
    protocol: 'function',
    expects: 'a function scale(alpha)',
    remote: (ask) => float64Scale((alpha) => numberReply(ask({ args: [alpha] }))),
    alternatives: [pairCandidate],
  },
  formula: {
    variables: { alpha: { meaning: 'α, the probability that a mask entry is 1/2', min: 0, max: 1 } },
    reference: '1 - alpha/2',
    toAnswer: (f) => float64Scale((alpha) => f({ alpha })),
  },
  wrongAnswers: [
    answer('one-minus-alpha', 'y_i = Relu((1 − α) Σ_j W_ij x_j): ordinary dropout’s keep probability', (a) => ONE.sub(a)),
    answer('inverse', 'y_i = Relu(Σ_j W_ij x_j / (1 − α/2)): the inverted-dropout factor, which belongs at train time', (a) => ONE.div(ONE.sub(a.div(2)))),
    answer('alpha-over-two', 'y_i = Relu((α/2) Σ_j W_ij x_j): only the halved entries counted', (a) => a.div(2)),
    answer('half-of-keep', 'y_i = Relu(((1 − α)/2) Σ_j W_ij x_j)', (a) => ONE.sub(a).div(2)),
  ],
});

/** The two findings' examples, computed exactly. */
function findingsMeasurement(): Measurement {
  const half = q(1).div(2);
  const W = [[q(1), q(-1)]];
  const x = [q(1), q(1)];
  const trainMean = exactExpectation(half, W, x, relu)[0];
  const testOutput = halfDropoutTest(half, W, x)[0];
  // ℓ(Θ) = ½(Θ − 1)², ∇ℓ = Θ − 1, from Θ = 0: as written Θ ← ∇ℓ(Θ), corrected Θ ← Θ − η∇ℓ(Θ), η = 1/2
  const steps = [0, 1, 2, 3, 4];
  let literal = q(0);
  let corrected = q(0);
  const rows = steps.map((t) => {
    const row = [t, show(literal), show(corrected)];
    literal = literal.sub(1);
    corrected = corrected.sub(half.mul(corrected.sub(1)));
    return row;
  });
  return {
    id: 'examples',
    title: 'The findings’ examples, exactly',
    summary: `Output expectation: W = (1, −1), x = (1, 1), α = 1/2: E_train[y] = E[Relu(Σ_j W_j μ_j x_j)] = ${show(trainMean)}, while the test rule gives ${show(testOutput)} (Jensen: Relu is convex). Training update: minimizing ℓ(Θ) = ½(Θ − 1)² from Θ = 0, "Θ = ∇ℓ(Θ)" gives 0, −1, −2, … and never approaches the minimum 1; Θ −= η∇ℓ with η = 1/2 converges to it (table).`,
    table: { columns: ['step', 'Θ = ∇ℓ(Θ) (as written)', 'Θ −= ½∇ℓ(Θ) (corrected)'], rows },
  };
}

const findings: Finding[] = [
  {
    id: 'train-update',
    counterexample: { loss: '½(Θ − 1)²', theta0: 0, asWritten: [0, -1, -2, -3], corrected: 'Θ −= ½∇ℓ(Θ): 0, 1/2, 3/4, 7/8' },
    summary:
      'Erratum: the training step is written "Θ = ∇_Θ ℓ(Θ, μ)", which sets the parameters to the gradient (minimizing ½(Θ − 1)² from Θ = 0 it gives 0, −1, −2, …; table "examples"). It should read "Θ −= η∇_Θ ℓ(Θ, μ)".',
  },
  {
    id: 'pre-activation-not-output',
    counterexample: { W: [[1, -1]], x: [1, 1], alpha: '1/2', testRule: 0, trainExpectation: '1/8' },
    summary:
      'The rule matches the expectation of the pre-activation Σ_j W_ij μ_j x_j (as the exam says), not of the output y_i: with W = (1, −1), x = (1, 1), α = 1/2 the test rule gives y = 0 while E_train[y] = 1/8, since Relu is convex. It is exact for the pre-activation, and for y only when the pre-activation has the same sign under every mask. The exam could add "(this matches E[y_i] only approximately, because of the Relu)".',
  },
  {
    id: 'mask-reading',
    counterexample: null,
    summary:
      'The exam calls μ a mask "on the parameters" but writes μ_j, one entry per input. Both readings were checked (a shared μ_j per input, and a μ_ij per weight): the rule 1 − α/2 holds under both, because each row sees n independent entries with the same law either way; the readings differ only in how outputs are correlated. Suggested wording: "a mask μ on the inputs of the layer".',
  },
];

export const built: BuiltClaims = {
  'P8.half-dropout': { property: halfDropout, expected: 'verified', findings, measure: () => [findingsMeasurement()] },
};
