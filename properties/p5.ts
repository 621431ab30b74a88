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
import { showReply, vectorReply } from './candidate-replies.ts';
import { kinkedGradient, safeAbs } from '../impl/kinked-loss.ts';
import { kinkedHessianVector } from '../oracles/kinked-loss.ts';
import fc from 'fast-check';
import { property, type Answer, type CandidateInterface, type Measurement } from './claim.ts';
import type { BuiltClaims } from './ts-claims.ts';
import { callAnswer, refute } from './run.ts';

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

/** The largest step s = ε‖ΔΘ‖∞ that is small: s² ≤ 2^-54 = u/2, see `checkHvp`. */
const SMALL_STEP = 2 ** -27;

/** Three significant digits, and 0 as 0. */
const digits3 = (x: number) => (x === 0 ? '0' : x.toPrecision(3));

/** x as a power of two, to a tenth: "2^-20.0". */
const pow2 = (x: number) => (x === 0 ? '0' : `2^${Math.log2(x).toFixed(1)}`);

/**
 * Why an error is complex step's truncation, when it is: the step s whose truncation s²·|c|/6
 * equals the error, if that step is past SMALL_STEP but still a step (≤ 2^-10: larger ones are a
 * wrong formula, not a step), and whether it is the exam's (ε = 2^-50, within a factor 2).
 */
function truncationWhy(error: number, c: number, norm: number): string {
  if (!(c > 0)) return '';
  const step = Math.sqrt((6 * error) / c);
  if (!(step > SMALL_STEP && step <= 2 ** -10)) return '';
  const exam = EPSILON * norm;
  const theirs =
    Math.abs(Math.log2(step / exam)) <= 1
      ? `: the exam's ε = 2^-50 takes the step ε‖ΔΘ‖∞ = ${pow2(exam)} (‖ΔΘ‖∞ = ${pow2(norm)}), too large — the step εΔΘ, not ε, must be small`
      : '';
  return `; that is complex step's truncation s²·|D²(HΔΘ)[Δ̂,Δ̂]|/6 (|D²(HΔΘ)[Δ̂,Δ̂]| = ${digits3(c)}) of a step s ≈ ${pow2(step)}, past the largest small step 2^-27${theirs}`;
}

/**
 * The bound: |answer_j − (HΔΘ)_j| ≤ γ(16·ops)·mh_j + 2^-54·|c_j|/3 + 2^-750·max(1, ‖ΔΘ‖∞).
 * - γ(16·ops)·mh_j: rounding, with mh_j the oracle's magnitude (see oracles/hessian.ts). With ℓ of
 *   20 operations that is 320u ≈ 3.6·10^-14 relative to mh_j: float64 precision, up to ℓ's length.
 * - truncation. With g = Θ.grad and the step s = ε‖ΔΘ‖∞, Taylor's series along iεΔΘ gives
 *   Im[g(Θ + iεΔΘ)]/ε = gʹ[ΔΘ] − ε²·g‴[ΔΘ,ΔΘ,ΔΘ]/6 + O(ε⁴) = (HΔΘ)_j − s²·c_j/6 + O(s⁴), with
 *   c_j = D²(HΔΘ)_j[Δ̂,Δ̂] along the unit Δ̂ = ΔΘ/‖ΔΘ‖∞ (oracles/hessian.ts's curvature). A step is
 *   small when s² ≤ u/2 = 2^-54, i.e. s ≤ 2^-27: its truncation is then below float64 precision of
 *   its own scale |c_j|. The claim is about the value HΔΘ, whatever step an answer takes, so the
 *   allowance is the truncation of the largest small step, 2^-54·|c_j|/6, twice (the rest of the
 *   series: c_j is a second difference at 2^-20 ≥ s, which carries the higher terms
 *   2δ^{2k−2}·D^{2k}(HΔΘ)[Δ̂^{2k}]/(2k)!, so where the s² term vanishes — θ⁶ at 0 — the s⁴ term is
 *   still allowed). It does not depend on the answer's ε: an earlier bound took the exam's own
 *   step min(2^-50‖ΔΘ‖∞, 2^-27) and so refuted a right answer whose ε is scaled to ΔΘ (ℓ = θ⁴ at
 *   θ = 0, ΔΘ = −½: its step 2^-50 truncates by (2^-50)²·12/6 = 2^-99, the exam's step 2^-51 was
 *   allowed 2^-102·12/3 = 2^-100). The exam's ε is refuted where its step 2^-50‖ΔΘ‖∞ passes
 *   √2·2^-27, its truncation s²|c_j|/6 then above 2^-54|c_j|/3: ‖ΔΘ‖∞ above about 2^23.5.
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
    const c = curvature[j].abs().toNumber();
    const [rounding, truncation] = [gamma(K) * magnitude[j] * (1 + 2 ** -40), (SMALL_STEP ** 2 * c) / 3];
    const allowed = rounding + truncation + underflow(norm);
    const error = Number.isFinite(got[j]) ? decimalOf(got[j]).minus(hv[j]).abs().toNumber() : Infinity;
    if (!(error <= allowed)) {
      return (
        `ℓ = ${show(x.loss)}: (HΔΘ)[${j}] is ${hv[j].isZero() ? '0' : hv[j].toPrecision(17)} but the answer gives ${got[j]}: error ${digits3(error)} > allowed ${digits3(allowed)} ` +
        `(float64 rounding γ(${K})·${digits3(magnitude[j])} = ${digits3(rounding)}, truncation of a step ≤ 2^-27 ${digits3(truncation)})${truncationWhy(error, c, norm)}`
      );
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

// ---------------------------------------------------------------- a student's own gradient code

/**
 * A module's own gradient code (issue 21, item 8) for the loss of impl/kinked-loss.ts,
 * ℓ(Θ) = Σᵢ (|Θᵢ|³ + max(Θᵢ, 0)³)/3 + √(1 + ‖Θ‖²), written with its own abs, max and sqrt: complex
 * parameters in, Θ.grad out. It is judged by what the claim does with it: HΔΘ = Im[Θ.grad@(Θ +
 * iεΔΘ)]/ε at the corrected reading's ε (the step ε‖ΔΘ‖∞ ≈ 2^-200, so the step-size finding plays
 * no part), against the Hessian in closed form. Code that is not the analytic continuation of its
 * real branch (|z| as the modulus, max of real parts) drops the imaginary part and is refuted.
 */
export type GradientCode = (at: readonly Complex[]) => Complex[];

export interface KinkedCase {
  theta: number[];
  dtheta: number[];
}

/** A coordinate of Θ: small integers (0, a kink, among them) and sixteenths in ±8; shrinks toward 0. */
const kinkedParameter = fc.oneof({ arbitrary: fc.integer({ min: -4, max: 4 }), weight: 2 }, { arbitrary: fc.integer({ min: -128, max: 128 }).map((m) => m / 16), weight: 3 });
/** A coordinate of ΔΘ: ±2^k(1 + i/16), k from −10 to 10; shrinks toward 1. */
const kinkedDirection = fc
  .tuple(fc.integer({ min: -10, max: 10 }), fc.integer({ min: 0, max: 15 }), fc.boolean())
  .map(([k, i, negative]) => (negative ? -1 : 1) * 2 ** k * (1 + i / 16));

const kinkedCase = (maxDim: number): fc.Arbitrary<KinkedCase> =>
  fc.integer({ min: 1, max: maxDim }).chain((n) => fc.record({ theta: fc.array(kinkedParameter, { minLength: n, maxLength: n }), dtheta: fc.array(kinkedDirection, { minLength: n, maxLength: n }) }));

/**
 * Im[code(Θ + iεΔΘ)]/ε against the closed form: allowed 64u of each entry's magnitude (the code's
 * dozen complex operations a coordinate, each a few roundings per component, and the ÷ε, exact for
 * a power of two) plus gradual underflow (`underflow`).
 */
function checkGradientCode(code: GradientCode, x: KinkedCase): string | null {
  const { hv, magnitude } = kinkedHessianVector(x.theta, x.dtheta);
  const epsilon = correctedEpsilon(x.dtheta);
  const at = x.theta.map((t, i) => new Complex(t, epsilon * x.dtheta[i]));
  const g = callAnswer(() => code(at));
  const norm = Math.max(...x.dtheta.map(Math.abs));
  for (let j = 0; j < hv.length; j++) {
    const got = g[j].im / epsilon;
    const allowed = 64 * 2 ** -53 * magnitude[j] + underflow(norm);
    const error = Number.isFinite(got) ? decimalOf(got).minus(hv[j]).abs().toNumber() : Infinity;
    if (!(error <= allowed)) {
      return `Θ = (${x.theta.join(', ')}), ΔΘ = (${x.dtheta.join(', ')}): Im[Θ.grad@(Θ + iεΔΘ)]/ε gives (HΔΘ)[${j}] = ${got}, but the Hessian of ℓ gives ${hv[j].toPrecision(17)} (error ${error.toPrecision(3)}, rounding allows ${allowed.toPrecision(3)}; ε = 2^${Math.log2(epsilon)})`;
    }
  }
  return null;
}

const codeAnswer = (id: string, description: string, code: GradientCode): Answer<GradientCode> => ({ id, description, answer: code });

/** The gradient code with one primitive replaced. */
const codeWith = (abs: (z: Complex) => Complex, relu: (z: Complex) => Complex): GradientCode => (at) => {
  const norm = at.reduce((s, z) => s.add(z.mul(z)), new Complex(1, 0)).sqrt();
  return at.map((z) => abs(z).mul(z).add(relu(z).mul(relu(z))).add(z.div(norm)));
};

/** How a module's own gradient code is judged (`checkGradientCode`). */
export const gradientCodeProperty = property<GradientCode, KinkedCase>({
  domain: 'Θ of dimension 1 to the profile maximum, each coordinate a small integer (0, the kink of |·| and max, among them) or a sixteenth in ±8; ΔΘ with coordinates ±2^k(1 + i/16), k from −10 to 10',
  arbitrary: (profile) => kinkedCase(profile.maxDim),
  check: checkGradientCode,
  oracle:
    'HΔΘ of ℓ(Θ) = Σᵢ (|Θᵢ|³ + max(Θᵢ, 0)³)/3 + √(1 + ‖Θ‖²) in closed form at 60 digits (oracles/kinked-loss.ts: no complex arithmetic, no gradient code); the complex step Im[Θ.grad@(Θ + iεΔΘ)]/ε with ε‖ΔΘ‖∞ ≈ 2^-200 within 64u of each entry\'s magnitude',
  reference: codeAnswer('reference', 'impl/kinked-loss.ts: |z| and max(z, 0) continued analytically (by the sign of Re z)', kinkedGradient),
  wrongAnswers: [
    codeAnswer('modulus-abs', '|z| as the complex modulus √(re² + im²): real, so Im carries half the |Θᵢ|³ term', codeWith((z) => new Complex(z.abs(), 0), (z) => (z.re > 0 ? z : new Complex(0, 0)))),
    codeAnswer('real-max', 'max(z, 0) as Math.max(re, 0): real, so the max(Θᵢ, 0)³ term drops out of Im', codeWith(safeAbs, (z) => new Complex(Math.max(z.re, 0), 0))),
  ],
});

const gradientCandidate: CandidateInterface<GradientCode> = {
  exportName: 'grad',
  description:
    'a function grad(at) returning Θ.grad of ℓ(Θ) = Σᵢ (|Θᵢ|³ + max(Θᵢ, 0)³)/3 + √(1 + ‖Θ‖²) at complex parameters (complex.js Complex values in; Complex or { re, im } values out), with its own abs, max and sqrt: judged by the complex-step HΔΘ it gives',
  protocol: 'gradient',
  expects: 'a function grad(at)',
  remote: (ask) => (at) => {
    const reply = ask({ at: at.map((z) => [z.re, z.im]) });
    if (!Array.isArray(reply) || reply.length !== at.length) refute(`grad gives ${showReply(reply)}, not ${at.length} complex values`);
    return reply.map((pair, i) => {
      const [re, im] = vectorReply(pair, 2, `Θ.grad[${i}] ([re, im])`);
      return new Complex(re, im);
    });
  },
  property: gradientCodeProperty,
};

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
  alternatives: [gradientCandidate],
};

export const hvp = property<HvpAnswer, HvpCase>({
  domain:
    'random smooth losses ℓ(Θ) (trees of +, ·, a/(1 + b²), log(1 + a²), exp, sin, cos, tanh, softplus, powers 2–4, over Θ of dimension 1 to the profile maximum), Θ with |Θᵢ| < 8, ΔΘ float64 scalars (2^-60 … 2^113) times 2^k, k = 0…100; only ℓ whose float64 evaluation keeps every value within ±2^64',
  // A loss of every operation (about 20 nodes) costs the 60-digit jets about four times a random
  // tree (about 5), and a wrong log or softplus is refuted on about 0.85 of them. Three in ten
  // such losses (a wrong log refuted on 26% of inputs) miss it in 100 runs with probability below
  // 5e-12, but in 30 with ~1e-4; so a profile of fewer runs draws four in five (65%: below 1e-12
  // in 30). Measured by npm run power (bounds at 99.9% confidence, 50 and 100 seeds).
  arbitrary: (profile) => hvpCase(profile.maxDim, profile.maxDim, profile.numRuns < 100 ? { everyOperation: 4, tree: 1 } : { everyOperation: 3, tree: 7 }),
  check: checkHvp,
  oracle:
    'HΔΘ by second-order forward mode (jets) in decimal.js at 60 digits — no complex arithmetic, no reverse mode — with the magnitudes mh_j of the same jets; allowed error γ(16·ops)·mh_j (rounding of the float64 program) + 2^-54·|D²(HΔΘ)[Δ̂,Δ̂]|/3 (the complex-step truncation at a step ε‖ΔΘ‖∞ ≤ 2^-27) + 2^-750·max(1, ‖ΔΘ‖∞) (underflow), derived in properties/p5.ts',
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
