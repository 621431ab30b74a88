/** Problem 6: the initialization of a and b (part a), and whether Xavier matters (part b). */
import fc from 'fast-check';
import type Fraction from 'fraction.js';
import { examInit, type Init, type InitRule, type Moments } from '../impl/init.ts';
import { coupled, expectation, independentBlock, q, withMoments, ZERO, type Block, type Marginal } from '../oracles/discrete.ts';
import { rational } from '../oracles/numbers/rational.ts';
import { hoeffding } from '../oracles/hoeffding.ts';
import { memo } from '../oracles/memo.ts';
import { uniformStream } from '../oracles/prng.ts';
import { fromJson, independentPairs, type PairsCase } from './arbitraries/distributions.ts';
import type { FileClaimExtras, NumericAnswer } from './claim-files.ts';
import { property, type Answer, type CandidateInterface, type Measurement } from './claim.ts';
import type { Profile } from './profile.ts';
import type { BuiltClaims } from './ts-claims.ts';
import { callAnswer } from './run.ts';
import { numbersReply } from './candidate-replies.ts';

const momentsOf = (x: PairsCase): Moments => ({ d: q(x.d), mean_w: q(x.mean_w), var_w: q(x.var_w), mean_x: q(x.mean_x), var_x: q(x.var_x) });

/** Every wᵢ and every xᵢ in a block of its own: all 2d variables mutually independent. */
const independentBlocks = (x: PairsCase): Block[] =>
  x.w.flatMap((w, i) => [independentBlock(`w${i}`, fromJson(w)), independentBlock(`x${i}`, fromJson(x.x[i]))]);

/** E[y] and E[y²] in one enumeration: pairs of rationals, componentwise (a probability p is (p, p)). */
const pairs = {
  zero: [ZERO, ZERO] as [Fraction, Fraction],
  add: (a: [Fraction, Fraction], b: [Fraction, Fraction]): [Fraction, Fraction] => [rational.add(a[0], b[0]), rational.add(a[1], b[1])],
  mul: (a: [Fraction, Fraction], b: [Fraction, Fraction]): [Fraction, Fraction] => [rational.mul(a[0], b[0]), rational.mul(a[1], b[1])],
  fromRational: (p: Fraction): [Fraction, Fraction] => [p, p],
};

/** The oracle: mean and variance of y = Σᵢ wᵢxᵢ, exactly, by enumerating every joint outcome. */
function momentsOfY(blocks: readonly Block[], d: number): { mean: Fraction; variance: Fraction } {
  const [m1, m2] = expectation(
    blocks,
    (v) => {
      let y = ZERO;
      for (let i = 0; i < d; i++) y = rational.add(y, rational.mul(v(`w${i}`), v(`x${i}`)));
      return [y, rational.mul(y, y)];
    },
    pairs,
  );
  return { mean: m1, variance: m2.sub(m1.pow(2)) };
}

/** E[y] and Var(y), once per case however many rules are checked on it. */
const yMoments = memo((x: PairsCase) => momentsOfY(independentBlocks(x), x.d));

const show = (f: Fraction) => f.toFraction();

/** E[a(y+b)] = a(E[y] + b) is zero exactly when b = −E[y] (a is never 0: a = 1/√(…)). */
function checkMean(init: Init, x: PairsCase): string | null {
  const { mean } = yMoments(x);
  return mean.add(init.b).equals(0) ? null : `E[a(y+b)] = a·${show(mean.add(init.b))}, but it must be 0 exactly (zero mean, the claim): b = ${show(init.b)} where E[y] = ${show(mean)}, and b must be −E[y]`;
}

/**
 * Var(a(y+b)) = a²Var(y) = Var(y)/(1/a)² is 1 exactly when (1/a)² = Var(y). Where y is constant
 * (Var(y) = 0) no a gives unit variance, and the only consistent answer is 1/a = 0 (a = ∞).
 */
function checkVariance(init: Init, x: PairsCase): string | null {
  const { variance } = yMoments(x);
  if (variance.equals(init.inverseASquared)) return null;
  if (init.inverseASquared.equals(0)) return `1/a = 0, but Var(y) = ${show(variance)}: 1/a must be √Var(y) for unit variance (1/a = 0 only where y is constant)`;
  return `Var(a(y+b)) = ${show(variance.div(init.inverseASquared))}, but it must be 1 exactly (unit variance, the claim): (1/a)² = ${show(init.inverseASquared)} where Var(y) = ${show(variance)}, and (1/a)² must be Var(y)`;
}

/**
 * The same moments under continuous laws: every wᵢ and xᵢ uniform on [μ − √3σ, μ + √3σ] (the
 * uniform law with that mean and variance), independent. z = a(y + b) then lies in [−R, R] with
 * R = |a|(d·W·X + |b|), W = |μ_w| + √3σ_w, X likewise, and N draws give E[z] (z in a range of
 * width 2R) and E[z²] (width R²) to within Hoeffding's t (oracles/hoeffding.ts), each at
 * false-alarm probability δ/2, so both hold except with probability δ = 1e-12 per example: at most 1e-10 for a default run, 2e-9 for a nightly one. The exact check above is
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
  const [estimate, target, t] =
    moment === 'mean' ? [sum / CONTINUOUS_DRAWS, 0, hoeffding(CONTINUOUS_DRAWS, FALSE_ALARM / 2, 2 * R)] : [sum / CONTINUOUS_DRAWS, 1, hoeffding(CONTINUOUS_DRAWS, FALSE_ALARM / 2, R * R)];
  return Math.abs(estimate - target) <= t
    ? null
    : `under uniform laws with the same moments, ${CONTINUOUS_DRAWS} draws give E[${moment === 'mean' ? 'a(y+b)' : '(a(y+b))²'}] ≈ ${estimate.toPrecision(4)}, not ${target} (±${t.toPrecision(3)} at false-alarm probability ${FALSE_ALARM})`;
}

const rule = (id: string, description: string, f: InitRule): Answer<InitRule> => ({ id, description, answer: f });

const ORACLE =
  'mean and variance of y = Σᵢ wᵢxᵢ by enumerating every joint outcome of the 2d independent discrete variables, in exact rationals (fraction.js), no tolerance; then, under uniform laws with the same moments, 4000 sampled values of a(y+b) within Hoeffding intervals at false-alarm probability 1e-12 per example';

/**
 * The oracle enumerates every joint outcome of the 2d variables (up to 3^2d of them), so d stops at
 * 5 (59,049 outcomes) however large the profile: past that one nightly example takes minutes.
 */
const ENUMERATED_D = 5;
const dimension = (profile: Profile) => Math.min(profile.maxDim, ENUMERATED_D);

/**
 * A student's module computes a and b in float64 from the moments: about a dozen operations for
 * a and b, two more for 1/a, so 64 units of roundoff, relative, bound them with room to spare. A
 * wrong rule is off by far more.
 */
const FLOAT64_RULE = 64 * 2 ** -53;

/**
 * A student's initialization rule, in plain numbers: the moments in, a and b out; P6.bias reads b
 * and P6.scale 1/|a|, each judged against its claim file's chain (exams/midterm-practice/p6.claims)
 * at the chain's points (the reals d, mu_w, mu_x, sigma_w, sigma_x).
 */
const initCandidate = (reads: 'b' | '1/a'): CandidateInterface<NumericAnswer> => ({
  exportName: 'init',
  description: 'a function init({ d, mu_w, var_w, mu_x, var_x }) returning { a, b } (numbers), for a(y + b) with y = Σᵢ wᵢxᵢ',
  protocol: 'function',
  expects: 'a function init(moments) returning { a, b }',
  remote: (ask) => ({
          value: (r) => {
            const { a, b } = numbersReply(ask({ args: [{ d: r.d, mu_w: r.mu_w, var_w: r.sigma_w ** 2, mu_x: r.mu_x, var_x: r.sigma_x ** 2 }] }), ['a', 'b'], 'init');
            // each claim judges its own number and nothing else: P6.bias b, whatever a is; P6.scale a, whatever b is
            if (reads === 'b') return b;
            // a = ±∞ is the exam's 1/a = 0, for a constant y (the finding constant-y); a = 0 gives no unit variance
            if (Number.isNaN(a) || a === 0) throw new Error(`init returned a = ${a}`);
            return Number.isFinite(a) ? 1 / Math.abs(a) : 0;
          },
          relativeTolerance: FLOAT64_RULE,
        }),
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
    const init = callAnswer(() => rule(momentsOf(x)));
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
      replaces: [
        { from: String.raw`y will have zero mean and unit variance after initialization`, to: String.raw`a(y+b) will have zero mean and unit variance after initialization` },
      ],
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
  'P6.xavier': { property: xavier, expected: 'verified', measure: xavierMeasure },
};

/** P6.bias and P6.scale are claims of exams/midterm-practice/p6.claims: what TypeScript adds to them. */
export const fileClaimExtras: FileClaimExtras = {
  'P6.bias': { candidate: initCandidate('b'), measure: assumptionsMeasure },
  'P6.scale': { candidate: initCandidate('1/a') },
};
