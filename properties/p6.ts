/** Problem 6: the initialization of a and b (part a), and whether Xavier matters (part b). */
import fc from 'fast-check';
import type Fraction from 'fraction.js';
import { examInit, type Init, type InitRule, type Moments } from '../impl/init.ts';
import { coupled, expectation, independentBlock, q, withMoments, ZERO, type Block, type Marginal } from '../oracles/discrete.ts';
import { exactOf, rational } from '../oracles/numbers/rational.ts';
import { uniformStream } from '../oracles/prng.ts';
import { fromJson, independentPairs, type PairsCase } from './arbitraries/distributions.ts';
import { property, type Answer, type CandidateInterface, type Measurement } from './claim.ts';
import type { Profile } from './profile.ts';
import type { BuiltClaims } from './registry.ts';

const momentsOf = (x: PairsCase): Moments => ({ d: q(x.d), mean_w: q(x.mean_w), var_w: q(x.var_w), mean_x: q(x.mean_x), var_x: q(x.var_x) });

/** Every wᵢ and every xᵢ in a block of its own: all 2d variables mutually independent. */
const independentBlocks = (x: PairsCase): Block[] =>
  x.w.flatMap((w, i) => [independentBlock(`w${i}`, fromJson(w)), independentBlock(`x${i}`, fromJson(x.x[i]))]);

/** E[y] and E[y²] in one enumeration: pairs of rationals, componentwise (a probability p is (p, p)). */
const pairs = {
  zero: [ZERO, ZERO] as [Fraction, Fraction],
  add: (a: [Fraction, Fraction], b: [Fraction, Fraction]): [Fraction, Fraction] => [a[0].add(b[0]), a[1].add(b[1])],
  mul: (a: [Fraction, Fraction], b: [Fraction, Fraction]): [Fraction, Fraction] => [a[0].mul(b[0]), a[1].mul(b[1])],
  fromRational: (p: Fraction): [Fraction, Fraction] => [p, p],
};

/** The oracle: mean and variance of y = Σᵢ wᵢxᵢ, exactly, by enumerating every joint outcome. */
function momentsOfY(blocks: readonly Block[], d: number): { mean: Fraction; variance: Fraction } {
  const [m1, m2] = expectation(
    blocks,
    (v) => {
      let y = ZERO;
      for (let i = 0; i < d; i++) y = y.add(v(`w${i}`).mul(v(`x${i}`)));
      return [y, y.pow(2)];
    },
    pairs,
  );
  return { mean: m1, variance: m2.sub(m1.pow(2)) };
}

const cache = new Map<string, { mean: Fraction; variance: Fraction }>();
function yMoments(x: PairsCase) {
  const key = JSON.stringify(x);
  let hit = cache.get(key);
  if (!hit) {
    if (cache.size > 5000) cache.clear();
    hit = momentsOfY(independentBlocks(x), x.d);
    cache.set(key, hit);
  }
  return hit;
}

const show = (f: Fraction) => f.toFraction();

/** |error| ≤ tolerance·|scale|: exactly zero for an exact rule, within its rounding for a float64 one. */
const within = (error: Fraction, scale: Fraction, init: Init) =>
  init.relativeTolerance === undefined ? error.equals(0) : error.abs().compare(scale.abs().mul(exactOf(init.relativeTolerance))) <= 0;

/** E[a(y+b)] = a(E[y] + b) is zero exactly when b = −E[y] (a is never 0: a = 1/√(…)). */
function checkMean(init: Init, x: PairsCase): string | null {
  const { mean } = yMoments(x);
  return within(mean.add(init.b), mean, init) ? null : `E[y] = ${show(mean)} but b = ${show(init.b)}: E[a(y+b)] = a·${show(mean.add(init.b))} ≠ 0`;
}

/**
 * Var(a(y+b)) = a²Var(y) = Var(y)/(1/a)² is 1 exactly when (1/a)² = Var(y). Where y is constant
 * (Var(y) = 0) no a gives unit variance, and the only consistent answer is 1/a = 0 (a = ∞).
 */
function checkVariance(init: Init, x: PairsCase): string | null {
  const { variance } = yMoments(x);
  if (within(variance.sub(init.inverseASquared), variance, init)) return null;
  if (init.inverseASquared.equals(0)) return `1/a = 0 but Var(y) = ${show(variance)}`;
  return `Var(y) = ${show(variance)}, (1/a)² = ${show(init.inverseASquared)}: Var(a(y+b)) = ${show(variance.div(init.inverseASquared))} ≠ 1`;
}

/**
 * The same moments under continuous laws: every wᵢ and xᵢ uniform on [μ − √3σ, μ + √3σ] (the
 * uniform law with that mean and variance), independent. z = a(y + b) then lies in [−R, R] with
 * R = |a|(d·W·X + |b|), W = |μ_w| + √3σ_w, X likewise, and N draws give E[z] and E[z²] to within
 * Hoeffding's t = R·√(2 ln(4/δ)/N) and R²·√(ln(4/δ)/(2N)) except with probability δ = 1e-12 per
 * example: at most 1e-10 for a default run, 2e-9 for a nightly one. The exact check above is
 * what refutes wrong rules; this one shows the exam's rule holding beyond finite laws.
 */
const CONTINUOUS_DRAWS = 4000;
const FALSE_ALARM = 1e-12;
export function checkContinuous(init: Init, x: PairsCase, moment: 'mean' | 'second'): string | null {
  if (init.inverseASquared.equals(0)) return null; // y constant: no a (the finding constant-y)
  const [mw, sw, mx, sx] = [q(x.mean_w).valueOf(), Math.sqrt(q(x.var_w).valueOf()), q(x.mean_x).valueOf(), Math.sqrt(q(x.var_x).valueOf())];
  const [a, b] = [1 / Math.sqrt(init.inverseASquared.valueOf()), init.b.valueOf()];
  const next = uniformStream(x.d * 7919 + Math.round(mw * 1e6) + Math.round(mx * 1e3));
  const uniform = (mean: number, sd: number) => mean + Math.sqrt(3) * sd * (2 * next() - 1);
  let sum = 0;
  for (let n = 0; n < CONTINUOUS_DRAWS; n++) {
    let y = 0;
    for (let i = 0; i < x.d; i++) y += uniform(mw, sw) * uniform(mx, sx);
    const z = a * (y + b);
    sum += moment === 'mean' ? z : z * z;
  }
  const R = Math.abs(a) * (x.d * (Math.abs(mw) + Math.sqrt(3) * sw) * (Math.abs(mx) + Math.sqrt(3) * sx) + Math.abs(b));
  const logTerm = Math.log(4 / FALSE_ALARM);
  const [estimate, target, t] =
    moment === 'mean' ? [sum / CONTINUOUS_DRAWS, 0, R * Math.sqrt((2 * logTerm) / CONTINUOUS_DRAWS)] : [sum / CONTINUOUS_DRAWS, 1, R * R * Math.sqrt(logTerm / (2 * CONTINUOUS_DRAWS))];
  return Math.abs(estimate - target) <= t
    ? null
    : `under uniform laws with the same moments, ${CONTINUOUS_DRAWS} draws give E[${moment === 'mean' ? 'a(y+b)' : '(a(y+b))²'}] ≈ ${estimate.toPrecision(4)}, not ${target} (±${t.toPrecision(3)} at false-alarm probability ${FALSE_ALARM})`;
}

const rule = (id: string, description: string, f: InitRule): Answer<InitRule> => ({ id, description, answer: f });
const withB = (b: (m: Moments) => Fraction): InitRule => (m) => ({ ...examInit(m), b: b(m) });
const withScale = (r: (m: Moments) => Fraction): InitRule => (m) => ({ ...examInit(m), inverseASquared: r(m) });

const reference = rule('reference', 'impl/init.ts: b = −dμ_wμ_x, 1/a = √(d(μ_w²σ_x² + μ_x²σ_w² + σ_x²σ_w²))', examInit);

const DOMAIN =
  'd from 1 to the profile maximum; independent wᵢ, xᵢ, each wᵢ with mean μ_w and variance σ_w², each xᵢ with mean μ_x and variance σ_x² (arbitrary rationals, variance 0 included), each with its own 1-, 2- or 3-point law';
const ORACLE =
  'mean and variance of y = Σᵢ wᵢxᵢ by enumerating every joint outcome of the 2d independent discrete variables, in exact rationals (fraction.js), no tolerance; then, under uniform laws with the same moments, 4000 sampled values of a(y+b) within Hoeffding intervals at false-alarm probability 1e-12 per example';

/**
 * The oracle enumerates every joint outcome of the 2d variables (up to 3^2d of them), so d stops at
 * 5 (59,049 outcomes) however large the profile: past that one nightly example takes minutes.
 */
const ENUMERATED_D = 5;
const dimension = (profile: Profile) => Math.min(profile.maxDim, ENUMERATED_D);
const arbitrary = (profile: Profile) => independentPairs(dimension(profile));


/**
 * A rule computed in float64 (a student's module, a formula) is judged with its rounding allowed:
 * a and b come from about a dozen float64 operations and (1/a)² from two more, so 64 units of
 * roundoff, relative, bound them with room to spare. A wrong rule is off by far more.
 */
const FLOAT64_RULE = 64 * 2 ** -53;
const floatRule = (init: (m: Moments) => { b?: number; inverseASquared?: number }): InitRule => (m) => {
  const { b, inverseASquared } = init(m);
  const exam = examInit(m);
  return {
    b: b === undefined ? exam.b : exactOf(b),
    inverseASquared: inverseASquared === undefined ? exam.inverseASquared : exactOf(inverseASquared),
    relativeTolerance: FLOAT64_RULE,
  };
};

/** A formula answer's variables: the moments, with σ the standard deviations (the exam writes σ²). */
const MOMENT_VARIABLES = {
  d: { meaning: 'the dimension of w and x', min: 1, max: 16, integer: true },
  mu_w: { meaning: 'μ_w, the mean of each wᵢ', min: -4, max: 4 },
  mu_x: { meaning: 'μ_x, the mean of each xᵢ', min: -4, max: 4 },
  sigma_w: { meaning: 'σ_w, the standard deviation of each wᵢ', min: 0, max: 4 },
  sigma_x: { meaning: 'σ_x, the standard deviation of each xᵢ', min: 0, max: 4 },
};
/** A student's initialization rule, in plain numbers: the moments in, a and b out. */
const candidate: CandidateInterface<InitRule> = {
  exportName: 'init',
  description: 'a function init({ d, mu_w, var_w, mu_x, var_x }) returning { a, b } (numbers), for a(y + b) with y = Σᵢ wᵢxᵢ',
  accept: (f) =>
    typeof f !== 'function'
      ? { wrongShape: `expected a function init(moments) returning { a, b }, got ${typeof f}` }
      : (m) => {
          const { a, b } = f({ d: m.d.valueOf(), mu_w: m.mean_w.valueOf(), var_w: m.var_w.valueOf(), mu_x: m.mean_x.valueOf(), var_x: m.var_x.valueOf() });
          // a = ±∞ is the exam's 1/a = 0, for a constant y (see the finding constant-y)
          if (Number.isNaN(a) || a === 0 || !Number.isFinite(b)) throw new Error(`init returned a = ${a}, b = ${b}`);
          return floatRule(() => ({ b, inverseASquared: Number.isFinite(a) ? 1 / (a * a) : 0 }))(m);
        },
};

const momentScope = (m: Moments) => ({
  d: m.d.valueOf(),
  mu_w: m.mean_w.valueOf(),
  mu_x: m.mean_x.valueOf(),
  sigma_w: Math.sqrt(m.var_w.valueOf()),
  sigma_x: Math.sqrt(m.var_x.valueOf()),
});

export const bias = property<InitRule, PairsCase>({
  domain: DOMAIN,
  arbitrary,
  check: (rule, x) => {
    const init = rule(momentsOf(x));
    return checkMean(init, x) ?? checkContinuous(init, x, 'mean');
  },
  oracle: ORACLE,
  reference,
  candidate,
  formula: { variables: MOMENT_VARIABLES, reference: '-d * mu_w * mu_x', toAnswer: (f) => floatRule((m) => ({ b: f(momentScope(m)) })) },
  wrongAnswers: [
    rule('ignores-means', 'b = 0', withB(() => ZERO)),
    rule('no-d', 'b = −μ_wμ_x (the factor d forgotten)', withB((m) => m.mean_w.mul(m.mean_x).neg())),
    rule('sign', 'b = +dμ_wμ_x', withB((m) => m.d.mul(m.mean_w).mul(m.mean_x))),
  ],
});

export const scale = property<InitRule, PairsCase>({
  domain: DOMAIN,
  arbitrary,
  check: (rule, x) => {
    const init = rule(momentsOf(x));
    return checkVariance(init, x) ?? checkContinuous(init, x, 'second');
  },
  oracle: ORACLE,
  reference,
  candidate,
  formula: {
    variables: MOMENT_VARIABLES,
    reference: 'sqrt(d * (mu_w^2 * sigma_x^2 + mu_x^2 * sigma_w^2 + sigma_x^2 * sigma_w^2))',
    // the formula is 1/a; the rule gives (1/a)²
    toAnswer: (f) => floatRule((m) => ({ inverseASquared: f(momentScope(m)) ** 2 })),
  },
  wrongAnswers: [
    rule('drops-cross-variance', '1/a = √(d(μ_w²σ_x² + μ_x²σ_w²)): the σ_x²σ_w² term dropped', withScale((m) => m.d.mul(m.mean_w.pow(2).mul(m.var_x).add(m.mean_x.pow(2).mul(m.var_w))))),
    rule('ignores-means', '1/a = √d·σ_wσ_x: the means ignored', withScale((m) => m.d.mul(m.var_w).mul(m.var_x))),
    rule('no-d', '1/a = √(μ_w²σ_x² + μ_x²σ_w² + σ_x²σ_w²): the factor d forgotten', withScale((m) => examInit(m).inverseASquared.div(m.d))),
    rule('d-squared', '1/a = d·√(μ_w²σ_x² + μ_x²σ_w² + σ_x²σ_w²): the sum of d terms taken as d times one term', withScale((m) => examInit(m).inverseASquared.mul(m.d))),
  ],
});

/** Part b: any scale of w's initialization, Xavier's σ_w² = 1/d among them, from 2^-30 to 2^30. */
const anyScale = fc.oneof(
  fc.constant((d: number) => q(1).div(d).toFraction()),
  fc.integer({ min: -30, max: 30 }).map((k) => q(2).pow(k).toFraction()),
);

/** a and b set as if w had Xavier's moments (μ_w = 0, σ_w² = 1/d), whatever w's actual scale. */
const xavierAssumed: InitRule = (m) => examInit({ ...m, mean_w: ZERO, var_w: q(1).div(m.d) });

export const xavier = property<InitRule, PairsCase>({
  domain: "every scale of w's initialization: σ_w² = 1/d (Xavier) or 2^k, k from −30 to 30, any μ_w; x as in part a",
  arbitrary: (profile) => independentPairs(dimension(profile), anyScale),
  check: (rule, x) => {
    const init = rule(momentsOf(x));
    return checkMean(init, x) ?? checkVariance(init, x) ?? checkContinuous(init, x, 'mean') ?? checkContinuous(init, x, 'second');
  },
  oracle: ORACLE,
  reference: rule('reference', "a and b from part a's rule, for w's actual moments", examInit),
  wrongAnswers: [rule('xavier-moments', 'a and b from part a with Xavier moments (μ_w = 0, σ_w² = 1/d) whatever the scale w was drawn at', xavierAssumed)],
  errata: [
    {
      id: 'y-for-a(y+b)',
      asWritten: 'y will have zero mean and unit variance after initialization whether or not we use Xavier initialization on w.',
      corrected: 'a(y + b) will have zero mean and unit variance after initialization whether or not we use Xavier initialization on w (y itself has mean dμ_wμ_x and variance 1/a²).',
      literal: () => ({ b: ZERO, inverseASquared: q(1) }),
      fixed: examInit,
    },
  ],
});

/** A fixed small example for the measurements: d = 2, each wᵢ on {0, 2} and each xᵢ on {0, 2}. */
const HALF = q(1).div(2);
const COIN: Marginal = { values: [q(0), q(2)], probs: [HALF, HALF] };
const EXAMPLE = { d: q(2), mean_w: q(1), var_w: q(1), mean_x: q(1), var_x: q(1) };

/** What a(y+b), with the exam's a and b, becomes when one of the derivation's assumptions fails. */
function assumptionsMeasure(): Measurement[] {
  const init = examInit(EXAMPLE);
  const names = ['w0', 'x0', 'w1', 'x1'];
  const solo = (n: string) => independentBlock(n, COIN);
  const cases: [string, Block[]][] = [
    ['all wᵢ, xᵢ independent (the exam)', names.map(solo)],
    ['wᵢ = xᵢ (w not independent of x)', [coupled(['w0', 'x0'], [COIN, COIN], [true, true]), coupled(['w1', 'x1'], [COIN, COIN], [true, true])]],
    ['x₁ = x₂ (the inputs not independent of each other)', [solo('w0'), solo('w1'), coupled(['x0', 'x1'], [COIN, COIN], [true, true])]],
    ['w₁ = w₂ (one weight shared)', [solo('x0'), solo('x1'), coupled(['w0', 'w1'], [COIN, COIN], [true, true])]],
    ['x₂ = 2 − x₁ (inputs anti-correlated)', [solo('w0'), solo('w1'), coupled(['x0', 'x1'], [COIN, COIN], [true, false])]],
  ];
  const rows = cases.map(([label, blocks]) => {
    const { mean, variance } = momentsOfY(blocks, 2);
    const a = 1 / Math.sqrt(init.inverseASquared.valueOf());
    return [label, a * mean.add(init.b).valueOf(), variance.div(init.inverseASquared).valueOf()];
  });
  return [
    {
      id: 'assumptions',
      title: 'a(y+b) with the exam’s a and b when an assumption of the derivation fails (d = 2, every wᵢ and xᵢ uniform on {0, 2})',
      summary:
        'Exact enumeration. The exam assumes the xᵢ independent and the wᵢ independent; its derivation also needs each wᵢ independent of xᵢ (else the mean is off) and the products independent across i (else the variance is off).',
      table: { columns: ['assumption', 'E[a(y+b)]', 'Var(a(y+b))'], rows },
    },
  ];
}

/**
 * Part b's second half: once a and b are set for w's scale s, a(y+b) is the same whatever s, but
 * ∂a(y+b)/∂wᵢ = a·xᵢ with a ∝ 1/s, so the gradient shrinks as w grows: an SGD step changes w by a
 * relative amount ∝ 1/s², i.e. the scale of w's initialization sets w's effective learning rate.
 */
function xavierMeasure(): Measurement[] {
  const d = 4;
  const xavierVar = q(1).div(d);
  const xs = Array.from({ length: d }, (_, i) => independentBlock(`x${i}`, COIN));
  const rows = [-4, -2, 0, 2, 4].map((k) => {
    const s = q(2).pow(k);
    const w = withMoments(ZERO, xavierVar.mul(s.pow(2)), [q(-1).mul(s)]);
    const init = examInit({ d: q(d), mean_w: ZERO, var_w: xavierVar.mul(s.pow(2)), mean_x: q(1), var_x: q(1) });
    const aSquared = q(1).div(init.inverseASquared);
    // E‖∂a(y+b)/∂w‖² = a² E[Σ xᵢ²], and E‖w‖² = Σ E[wᵢ²], both by enumeration
    const grad2 = expectation(xs, (v) => xs.reduce((t, _, i) => t.add(v(`x${i}`).pow(2)), ZERO).mul(aSquared), rational);
    const w2 = w.values.reduce((t, v, j) => t.add(v.pow(2).mul(w.probs[j])), ZERO).mul(d);
    const g = Math.sqrt(grad2.valueOf());
    const norm = Math.sqrt(w2.valueOf());
    return [`2^${k}`, norm, g, g / norm];
  });
  return [
    {
      id: 'gradient-vs-scale',
      title: "How ∂a(y+b)/∂w changes with the scale s of w's initialization (Xavier at s = 1), a and b set by part a",
      summary:
        'a(y+b) has zero mean and unit variance at every scale, but the RMS gradient with respect to w falls as 1/s while ‖w‖ grows as s: one SGD step moves w by a relative amount ∝ 1/s², so the initialization scale sets the effective learning rate of w — the interaction with SGD the exam mentions.',
      table: { columns: ['s', 'RMS ‖w‖', 'RMS ‖∂a(y+b)/∂w‖', 'gradient / ‖w‖'], rows },
      plot: {
        x: { label: 'scale s of w', log: true },
        y: { label: 'RMS ‖∂a(y+b)/∂w‖ / ‖w‖', log: true },
        series: [{ name: 'relative gradient', points: rows.map((r) => [2 ** Number(String(r[0]).slice(2)), r[3] as number] as const) }],
      },
    },
  ];
}

export const built: BuiltClaims = {
  'P6.bias': {
    property: bias,
    expected: 'verified',
    findings: [
      {
        id: 'w-independent-of-x',
        counterexample: { d: 2, law: 'wᵢ = xᵢ, uniform on {0, 2}', 'E[a(y+b)]': '2/√6' },
        summary:
          'b = −dμ_wμ_x needs E[wᵢxᵢ] = μ_wμ_x, i.e. each wᵢ independent of (or uncorrelated with) xᵢ, which the exam does not state: with wᵢ = xᵢ uniform on {0, 2} (d = 2), E[a(y+b)] = 2/√6 ≠ 0. The exam should say "the wᵢ and the xᵢ are all mutually independent".',
      },
    ],
    measure: assumptionsMeasure,
  },
  'P6.scale': {
    property: scale,
    expected: 'verified',
    findings: [
      {
        id: 'products-independent',
        counterexample: { d: 2, law: 'wᵢ, xᵢ uniform on {0, 2}, x₁ = x₂', 'Var(a(y+b))': '4/3' },
        summary:
          'The "other terms are zero" step needs the products wᵢxᵢ uncorrelated across i; with every wᵢ, xᵢ uniform on {0, 2} and d = 2, the variance of a(y+b) is 4/3 when x₁ = x₂ or when one weight is shared (w₁ = w₂), and 2/3 when x₂ = 2 − x₁, not 1 (the table "assumptions"). The exam should state that all wᵢ and xᵢ are mutually independent.',
      },
      {
        id: 'constant-y',
        counterexample: { d: 1, mu_w: 1, var_w: 0, mu_x: 1, var_x: 0, '1/a': 0 },
        summary:
          'When y is constant (σ_w = σ_x = 0, or w ≡ 0, or x ≡ 0) no a gives unit variance; the formula then gives 1/a = 0. The exam should add "provided μ_w²σ_x² + μ_x²σ_w² + σ_x²σ_w² > 0".',
      },
    ],
  },
  'P6.xavier': { property: xavier, expected: 'verified', measure: xavierMeasure },
};
