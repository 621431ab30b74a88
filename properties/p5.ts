/** Problem 5: the Hessian-vector product by complex-step differentiation of Θ.grad. */
import { Complex } from 'complex.js';
import { gradient, gradientOf, type Loss } from '../impl/autodiff.ts';
import { complexStep, complexStepHvp, EPSILON } from '../impl/complex-step.ts';
import { complex } from '../oracles/numbers/complex.ts';
import { float64 } from '../oracles/numbers/float64.ts';
import type { Analytic } from '../oracles/numbers/tower.ts';
import { gamma } from '../oracles/numbers/error-bound.ts';
import { D, decimalOf, hessianVector, type Dec } from '../oracles/hessian.ts';
import { memo } from '../oracles/memo.ts';
import { exprOf, hvpCase, lossOf, show, type Expr, type HvpCase } from './arbitraries/expressions.ts';
import { vectorReply } from './candidate-replies.ts';
import { property, type Answer, type CandidateInterface, type Measurement } from './claim.ts';
import type { BuiltClaims } from './ts-claims.ts';
import { callAnswer } from './run.ts';

/** An answer: HΔΘ for the loss ℓ at Θ, computed in float64 from ℓ's gradient code. */
export type HvpAnswer = (loss: Loss, theta: readonly number[], dtheta: readonly number[]) => number[];

/** Primitive operations in ℓ: the longest chain of local derivatives a rounding error can ride. */
function operations(e: Expr): number {
  switch (e.op) {
    case 'const':
    case 'theta':
      return 1;
    case 'add':
    case 'mul':
      return 1 + operations(e.a) + operations(e.b);
    case 'div':
      return 3 + operations(e.a) + operations(e.b);
    case 'log':
    case 'softplus': // e^a, then log1p of it: two library functions and four roundings
      return 3 + operations(e.a);
    case 'pow':
      return e.k - 1 + operations(e.a);
    default:
      return 1 + operations(e.a);
  }
}

/**
 * Roundings per primitive operation on any path from an input to (HΔΘ)_j, counted on the complex
 * program: its forward operation (≤ 3: complex.js's exp, sin, tanh round a library function and a
 * product per component), its local derivative (≤ 6: tanh' = 4/(e^a + e^−a)² is the longest), the
 * product with the upstream gradient (2) and the += accumulation (≤ 1 per consumer, ≤ 4 here).
 */
const ROUNDINGS_PER_OPERATION = 16;

/** The corrected reading's step ε‖ΔΘ‖∞: see `correctedEpsilon`. */
const TINY_STEP = 2 ** -200;

/**
 * Gradual underflow: an imaginary part below 2^-1022 loses up to 2^-1074 absolute; after ÷ε (at
 * most 2^50, or ‖ΔΘ‖∞/TINY_STEP) and the downstream derivatives (< 2^124 while every value stays
 * in ±2^64) that is below 2^-750·max(1, ‖ΔΘ‖∞). A component of ΔΘ so small that εΔΘᵢ underflows
 * to 0 loses Hⱼᵢ·ΔΘᵢ, within the same bound.
 */
const underflow = (norm: number) => 2 ** -750 * Math.max(1, norm);

/** The jets' HΔΘ and magnitudes, computed once per case however many answers are checked on it. */
const exact = memo((x: HvpCase) => hessianVector(lossOf(x.loss), x.theta, x.dtheta));

/**
 * The bound: |answer_j − (HΔΘ)_j| ≤ γ(16·ops)·mh_j + 2^-100·|curvature_j|/3 + 2^-750·max(1, ‖ΔΘ‖∞).
 * - γ(16·ops)·mh_j: rounding, with mh_j the oracle's magnitude (see oracles/hessian.ts). With ℓ of
 *   20 operations that is 320u ≈ 3.6·10^-14 relative to mh_j: float64 precision, up to ℓ's length.
 * - complex step's own truncation, Im[g(Θ + iεΔ)]/ε = g'Δ − ε²·g'''[Δ³]/6 + O(ε⁴), allowed (twice,
 *   for the rest of the series) while the step ε‖ΔΘ‖∞ is at most 2^-27, i.e. while the step² is
 *   below float64's unit roundoff and truncation is below float64 precision of its own scale
 *   (|curvature_j| along the unit Δ̂ = ΔΘ/‖ΔΘ‖∞). A longer step's truncation is not allowed.
 * - gradual underflow (`underflow` above).
 */
function checkHvp(answer: HvpAnswer, x: HvpCase): string | null {
  const { hv, magnitude, curvature } = exact(x);
  const K = ROUNDINGS_PER_OPERATION * operations(x.loss);
  const norm = Math.max(...x.dtheta.map(Math.abs));
  const got = callAnswer(
    () => answer(lossOf(x.loss), x.theta, x.dtheta),
    (v) => (Array.isArray(v) && v.length === hv.length ? null : `the answer gives ${JSON.stringify(v)}, not a vector of ${hv.length} numbers (HΔΘ)`),
  );
  for (let j = 0; j < hv.length; j++) {
    const allowed = gamma(K) * magnitude[j] * (1 + 2 ** -40) + (Math.min(EPSILON * norm, 2 ** -27) ** 2 * curvature[j].abs().toNumber()) / 3 + underflow(norm);
    const error = Number.isFinite(got[j]) ? decimalOf(got[j]).minus(hv[j]).abs().toNumber() : Infinity;
    if (!(error <= allowed)) {
      return `ℓ = ${show(x.loss)}: (HΔΘ)[${j}] = ${hv[j].toPrecision(17)} but the answer gives ${got[j]} (error ${error.toPrecision(3)}, bound γ(${K})·${magnitude[j].toPrecision(3)} + truncation = ${allowed.toPrecision(3)})`;
    }
  }
  return null;
}

const answer = (id: string, description: string, a: HvpAnswer): Answer<HvpAnswer> => ({ id, description, answer: a });

/**
 * The corrected ε: a power of two (so εΔΘ is exact) with the step ε‖ΔΘ‖∞ in [2^-201, 2^-200].
 * Truncation is (step × the rate ℓ's values vary at)²: a step of 2^-50 is not small where ℓ
 * varies faster than 2^25 per unit of Θ (cos(exp(θ²)) at θ ≈ 5.9 varies at 2^54), and the domain
 * reaches about 2^70 (values up to 2^64). With no subtraction, complex step loses nothing to a
 * tiny step until its imaginary parts underflow, which `underflow` allows for.
 */
const correctedEpsilon = (dtheta: readonly number[]) => {
  const size = Math.max(...dtheta.map(Math.abs));
  return size === 0 ? TINY_STEP : TINY_STEP / 2 ** Math.ceil(Math.log2(size));
};

/**
 * An answer built on complex step at the corrected reading's ε, with the gradient code run in the
 * given (complex) field, that makes HΔΘ of each entry g of Θ.grad@(Θ + iεΔΘ) as `read` says: each
 * wrong answer differs from the corrected reading in one thing, and is refuted for that, not for
 * the exam's ε.
 */
const fromComplexStep =
  (field: Analytic<Complex>, read: (g: Complex, epsilon: number) => number): HvpAnswer =>
  (loss, theta, dtheta) => {
    const epsilon = correctedEpsilon(dtheta);
    return complexStep((at) => gradient(field, loss, at), theta, dtheta, epsilon).map((g) => read(g, epsilon));
  };

const reference = answer('reference', 'impl/complex-step.ts: Im[Θ.grad@(Θ + iεΔΘ)]/ε, ε = 2^-50', (loss, theta, dtheta) =>
  complexStepHvp(gradientOf(loss), theta, dtheta),
);

/**
 * A student's answer: a function hvp(grad, theta, dtheta) given the gradient code as a function
 * of complex parameters (complex.js Complex values in and out), as the exam's Θ.grad computed
 * "using complex arithmetic".
 */
const candidate: CandidateInterface<HvpAnswer> = {
  exportName: 'hvp',
  description: 'a function hvp(grad, theta, dtheta) returning HΔΘ as numbers, where grad(at: Complex[]) is Θ.grad computed in complex arithmetic (complex.js)',
  protocol: 'hvp',
  expects: 'a function hvp(grad, theta, dtheta)',
  remote: (ask) => (loss, theta, dtheta) => Array.from(vectorReply(ask({ loss: exprOf(loss), theta, dtheta }), theta.length, 'HΔΘ')),
};

export const hvp = property<HvpAnswer, HvpCase>({
  domain:
    'random smooth losses ℓ(Θ) (trees of +, ·, a/(1 + b²), log(1 + a²), exp, sin, cos, tanh, softplus, powers 2–4, over Θ of dimension 1 to the profile maximum), Θ with |Θᵢ| < 8, ΔΘ any float64 (2^-60 … 2^113); only ℓ whose float64 evaluation keeps every value within ±2^64',
  arbitrary: (profile) => hvpCase(profile.maxDim, profile.maxDim),
  check: checkHvp,
  oracle:
    'HΔΘ by second-order forward mode (jets) in decimal.js at 60 digits — no complex arithmetic, no reverse mode — with the magnitudes mh_j of the same jets; allowed error γ(16·ops)·mh_j + 2^-750·max(1, ‖ΔΘ‖∞) (rounding of the float64 program, derived in properties/p5.ts)',
  reference,
  candidate,
  wrongAnswers: [
    answer('real-part', 'Re[Θ.grad@(Θ + iεΔΘ)]/ε: the real part, which is Θ.grad (plus O(ε²)), over ε', fromComplexStep(complex, (g, epsilon) => g.re / epsilon)),
    answer('no-division', 'Im[Θ.grad@(Θ + iεΔΘ)]: ε HΔΘ, not divided by ε', fromComplexStep(complex, (g) => g.im)),
    answer('real-forward-difference', '(Θ.grad@(Θ + εΔΘ) − Θ.grad@Θ)/ε in float64 with the same ε: cancellation leaves no bits', (loss, theta, dtheta) => {
      const epsilon = correctedEpsilon(dtheta);
      const at = gradient(float64, loss, theta.map((t, i) => t + epsilon * dtheta[i]));
      return gradient(float64, loss, theta).map((g, i) => (at[i] - g) / epsilon);
    }),
    answer(
      'log-abs',
      'gradient code with log|z| for log z (the modulus: not analytic, drops the imaginary part)',
      fromComplexStep({ ...complex, log: (z) => new Complex(Math.log(z.abs()), 0) }, (g, epsilon) => g.im / epsilon),
    ),
    answer(
      'stable-softplus',
      'gradient code with the "stable" softplus max(z, 0) + log1p(exp(−|z|)) (max and modulus: not analytic)',
      fromComplexStep({ ...complex, softplus: (z) => new Complex(Math.max(z.re, 0) + Math.log1p(Math.exp(-z.abs())), 0) }, (g, epsilon) => g.im / epsilon),
    ),
    answer('conjugated-gradient', 'gradient code returning conj(Θ.grad), the convention of frameworks that return ∂ℓ/∂z̄ for complex inputs', fromComplexStep(complex, (g, epsilon) => g.conjugate().im / epsilon)),
  ],
  errata: [
    {
      id: 'step-scale',
      asWritten: 'ε = 2^-50 for every ΔΘ',
      corrected: 'ε = 2^-200 / 2^⌈log₂‖ΔΘ‖∞⌉ (the step ε‖ΔΘ‖∞ ≈ 2^-200: the step, not ε, must be small, and small against how fast ℓ varies; with no subtraction a tiny step costs nothing), then HΔΘ = Im[Θ.grad@(Θ + iεΔΘ)]/ε',
      replaces: [
        { from: String.raw`$\epsilon = 2^{-50}$`, to: String.raw`$\epsilon = 2^{-200} / 2^{\lceil \log_2 \|\Delta\Theta\|_\infty \rceil}$` },
      ],
      literal: reference.answer,
      fixed: (loss, theta, dtheta) => complexStepHvp(gradientOf(loss), theta, dtheta, correctedEpsilon(dtheta)),
    },
  ],
});

/** The loss of the error-against-step plot: every kind of operation, at a point with curvature. */
const PLOT_LOSS: Expr = {
  op: 'add',
  a: { op: 'mul', a: { op: 'exp', a: { op: 'theta', index: 0 } }, b: { op: 'sin', a: { op: 'theta', index: 1 } } },
  b: { op: 'div', a: { op: 'pow', a: { op: 'theta', index: 0 }, k: 3 }, b: { op: 'tanh', a: { op: 'theta', index: 1 } } },
};
const PLOT_THETA = [0.5, -1.25];
const PLOT_DTHETA = [1, 2];

/** Relative error of a computed HΔΘ, in the ∞-norm, drawn at 2^-60 where it is 0. */
function relativeError(got: readonly number[], hv: readonly Dec[]): number {
  const norm = Math.max(...hv.map((h) => h.abs().toNumber()));
  const worst = Math.max(...got.map((g, j) => (Number.isFinite(g) ? decimalOf(g).minus(hv[j]).abs().toNumber() : Infinity)));
  return Math.max(worst / norm, 2 ** -60);
}

function errorAgainstStep(): Measurement {
  const loss = lossOf(PLOT_LOSS);
  const { hv } = hessianVector(loss, PLOT_THETA, PLOT_DTHETA);
  const grad = (at: readonly number[]) => gradient(float64, loss, at);
  const shifted = (h: number) => PLOT_THETA.map((t, i) => t + h * PLOT_DTHETA[i]);
  const steps = Array.from({ length: 60 }, (_, k) => 2 ** -(k + 1));
  const methods: { name: string; hvp: (h: number) => number[] }[] = [
    { name: 'complex step Im[∇ℓ(Θ + ihΔΘ)]/h', hvp: (h) => complexStepHvp(gradientOf(loss), PLOT_THETA, PLOT_DTHETA, h) },
    { name: 'central difference (∇ℓ(Θ + hΔΘ) − ∇ℓ(Θ − hΔΘ))/2h', hvp: (h) => grad(shifted(h)).map((g, i) => (g - grad(shifted(-h))[i]) / (2 * h)) },
    { name: 'forward difference (∇ℓ(Θ + hΔΘ) − ∇ℓ(Θ))/h', hvp: (h) => grad(shifted(h)).map((g, i) => (g - grad(PLOT_THETA)[i]) / h) },
  ];
  const series = methods.map((m) => ({ name: m.name, points: steps.map((h) => [h, relativeError(m.hvp(h), hv)] as const) }));
  const at = (s: (typeof series)[number], h: number) => s.points.find(([x]) => x === h)![1];
  const best = (s: (typeof series)[number]) => s.points.reduce((a, b) => (b[1] < a[1] ? b : a));
  return {
    id: 'error-against-step',
    title: `Relative error of HΔΘ against the step h, ℓ = ${show(PLOT_LOSS)} at Θ = (${PLOT_THETA}), ΔΘ = (${PLOT_DTHETA})`,
    summary:
      'Complex step has no subtraction, so its error falls as h² until float64 precision and stays there down to h = 2^-60 (ε = 2^-50 included); central differences are best near h ≈ 2^-19 (about 3·10^-12) and lose a bit per halving below it, and at h = 2^-50 keep no correct digit. Errors of 0 are drawn at 2^-60. Exact HΔΘ from the 60-digit jets.',
    table: {
      columns: ['method', 'relative error at h = 2^-50', 'best h', 'relative error at best h'],
      rows: series.map((s) => [s.name, at(s, EPSILON), best(s)[0], best(s)[1]]),
    },
    plot: { x: { label: 'step h', log: true }, y: { label: 'relative error of HΔΘ (∞-norm)', log: true }, series },
  };
}

export const built: BuiltClaims = {
  'P5.hvp': {
    property: hvp,
    expected: 'refuted',
    findings: [
      {
        id: 'step-scale',
        summary:
          'With ε fixed at 2^-50 the formula holds only while the step εΔΘ is small against how fast ℓ varies: the truncation error is (ε‖ΔΘ‖)²·∂³ℓ/6 relative, so for ‖ΔΘ‖ ≳ 2^30 it exceeds float64 precision and for ‖ΔΘ‖ ≳ 2^45 no digit is right (for ‖ΔΘ‖ below 2^-970, εΔΘ underflows instead); and even at ‖ΔΘ‖ = 1 a loss that varies fast, like cos(exp(θ²)) at θ ≈ 5.9, is wrong in every digit. The exam should say: take ε = 2^-200/‖ΔΘ‖ (a power of two, so exact), i.e. make the step εΔΘ tiny, not ε — complex step has no subtraction, so nothing is lost to a tiny step — then it holds for every ΔΘ, within γ(16·ops) of the magnitudes.',
      },
    ],
    measure: () => [errorAgainstStep()],
  },
};
