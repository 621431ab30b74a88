/** Problem 6: what TypeScript adds to the claim files' claims (exams/midterm-practice/p6.claims, p6-xavier.claims): the candidate interface and the measurements. */
import type Fraction from 'fraction.js';
import { examInit } from '../impl/init.ts';
import { coupled, expectation, independentBlock, q, withMoments, ZERO, type Block, type Marginal } from '../oracles/discrete.ts';
import { rational } from '../oracles/numbers/rational.ts';
import type { FileClaimExtras, NumericAnswer } from './claim-files.ts';
import type { CandidateInterface, Measurement } from './claim.ts';
import { numbersReply } from './candidate-replies.ts';

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

/**
 * P6.bias, P6.scale (exams/midterm-practice/p6.claims) and P6.xavier (p6-xavier.claims) are claims
 * of claim files: what TypeScript adds to them.
 */
export const fileClaimExtras: FileClaimExtras = {
  'P6.bias': { candidate: initCandidate('b'), measure: assumptionsMeasure },
  'P6.scale': { candidate: initCandidate('1/a') },
  'P6.xavier': { measure: xavierMeasure },
};
