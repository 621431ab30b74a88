/**
 * The `gradient` claim of claim files (DESIGN.md §2, exams/README.md): BACKWARD adds into each
 * `.grad` tensor it writes the gradient of the scalar loss Σ_outputs outGrad · output of FORWARD.
 *
 * Roles, read off the programs once per claim:
 * - an input is a tensor FORWARD reads and never writes; its values are drawn;
 * - an output is a tensor FORWARD writes and no later statement of FORWARD reads (so `Z` of a
 *   softmax, read by the statement after it, is an intermediate, not an output); its outGrad is drawn;
 * - a checked tensor is an input whose `.grad` BACKWARD writes. Its `.grad` starts at gradsBefore,
 *   drawn nonzero, so an answer that writes `=` where `+=` is meant is seen. Inputs whose `.grad`
 *   BACKWARD leaves alone are held fixed (one statement group with the rest held fixed).
 * - anything else BACKWARD reads or writes starts at 0, as EDF's Backward() zeroes every gradient:
 *   the `.grad` of an intermediate (a backward in stages) and the tensors of the file only BACKWARD
 *   uses (`e[b]` of the softmax backward).
 *
 * The truth is forward-mode differentiation of FORWARD with dual numbers (oracles/numbers/dual.ts),
 * whatever its operations: exact over rationals when both programs use only + − × ÷ and integer
 * powers, else over quad-double (oracles/numbers/quad.ts), the example decided over decimal(50)
 * instead wherever any value of it leaves quad's band or has no value (a division by 0: decimal
 * then names it), and wherever quad refutes the answer: decimal's verdict and message stand there,
 * so a refutation reads as it did before quad (a residue of rounding printed, 1e-50 rather than
 * quad's 1e-67), at the cost of one more pass per failing example, a small share of a run.
 * BACKWARD runs in the same system on the same values. The check
 * goes along a random direction D first (one dual tangent: cost linear in the size, like JAX's
 * check_grads); where that fails and the checked tensors have at most ENTRYWISE_LIMIT entries, it
 * goes entry by entry (one tangent per entry) so the failure names the entry, as it does on every
 * shrunk case.
 *
 * Over quad-double or decimal(50) the answer and the truth may differ by rounding: allowed
 * 1e-40 · M per entry and 1e-40 · M · Σ|Dᵢ| along D, where M is the largest magnitude of the
 * example: of every entry of every tensor BACKWARD leaves (the inputs, FORWARD's values, outGrad,
 * the gradients). Each operation of quad-double rounds within QUAD_OP_BOUND = 2^-190 ≈ 6·10^-58
 * of its result, relative (oracles/numbers/quad.ts: every value inside its band, else the example
 * is redone in decimal(50)), each of decimal(50) within 10^-49; 1e-40 leaves room for 10^9 such
 * roundings of quantities below M (10^17 in quad-double), far more than the few hundred
 * operations per entry of a claim's programs (a refutation is decimal's: its message names the
 * allowance "50-digit rounding"). A program whose intermediate values, never stored, dwarf every
 * stored one (exp(60)·exp(−60)) could be refuted falsely: the message gives the error and the
 * allowance. The errors a `gradient` claim is about (an index, a sign, a factor) are ≥ 1e-12
 * relative.
 *
 * At scale (FLOAT64_FROM input entries and more, where the claim's programs compile for it:
 * oracles/notation/compile-float64.ts) the check runs in float64 instead, every value carrying a
 * running bound on its distance from the exact value (Higham §3.3, the rules stated in that file):
 * the truth by reverse-mode differentiation of FORWARD (one pass gives every entry's gradient),
 * BACKWARD run on FORWARD's values, and the two compared entry by entry. An entry whose float64
 * values differ by more than their two bounds is wrong, certainly (refuted, named); otherwise the
 * entry is resolved where the bounds are at most 2^-41 of the gradient there, so a relative error
 * of 1e-12 or more in it would have been refuted; the rest (a gradient cancelled to near 0, where
 * float64's rounding cannot tell 1e-12) are counted as limited, with the coarsest resolution, in
 * the verdict (Float64Resolution), never passed off as resolved. Why this is sound where it is
 * used: every claim's examples stay below FLOAT64_FROM (so every verdict of a claim run is the
 * exact path's), and above it the exact path costs seconds to minutes per example while the
 * errors a gradient claim is about are ≥ 1e-12 relative. Where float64 cannot run (a value leaves
 * its normal range, a divisor's bound holds 0, an index leaves its axis) the exact path decides.
 */
import Fraction from 'fraction.js';
import { compileFloat64, Float64Unsupported, LeftFloat64, sumError, type Float64Program, type RoundedTensor } from '../notation/compile-float64.ts';
import { compileProgram, lint, NotationError, tensorShape, type ClaimBlock, type ClaimFile, type CompiledProgram, type Program, type Statement, type Tensor } from '../notation/index.ts';
import { decimal } from '../numbers/decimal.ts';
import { dual, tangent, type Dual } from '../numbers/dual.ts';
import { quad } from '../numbers/quad.ts';
import { rational } from '../numbers/rational.ts';
import { has, NotRepresentable, type Field } from '../numbers/tower.ts';
import { uint32Stream } from '../prng.ts';

/** A tensor's name and its axes, each named by the size its index ranges over. */
export interface TensorAxes {
  readonly name: string;
  readonly axes: readonly string[];
}

/** What the examples of a claim are made of: the arbitrary (properties/arbitraries/gradient-case.ts) draws from it. */
export interface GradientSignature {
  /** Each `size` of the file, with its declared range. */
  readonly sizes: readonly { readonly name: string; readonly lo: number; readonly hi: number }[];
  /** FORWARD's inputs: their values are drawn. */
  readonly inputs: readonly TensorAxes[];
  /** FORWARD's outputs: their outGrad is drawn. */
  readonly outputs: readonly TensorAxes[];
  /** The inputs whose `.grad` BACKWARD writes: their gradsBefore is drawn. */
  readonly checked: readonly TensorAxes[];
  /** An `equal` claim's declared reals and integers (the rates and factors of update rules): each value drawn in its interval. */
  readonly reals?: readonly ScalarDomain[];
  /** An `equal` claim whose programs call declared functions (a gradient ∇ℓ(Θ[t, i])): CALL_VALUES values are drawn for their distinct arguments. */
  readonly functions?: boolean;
}

/** A real's or an integer's interval, as numbers (the file's ends are short rationals). */
export interface ScalarDomain {
  readonly name: string;
  readonly lo: number;
  readonly hi: number;
  readonly loOpen: boolean;
  readonly hiOpen: boolean;
  readonly integer: boolean;
}

/** How many function values an example draws: the k-th distinct argument of a run takes the (k mod CALL_VALUES)-th. */
export const CALL_VALUES = 32;

/**
 * One example, plain JSON. Tensors are flat lists, row-major, of the shapes the sizes give. Values
 * must be exact in both number systems (small integers and short dyadics are).
 */
export interface GradientCase {
  readonly sizes: Readonly<Record<string, number>>;
  /** FORWARD's inputs. */
  readonly values: Readonly<Record<string, readonly number[]>>;
  /** d loss / d output: the loss is Σ outGrad · output. */
  readonly outGrad: Readonly<Record<string, readonly number[]>>;
  /** What each checked `.grad` holds before BACKWARD runs (nonzero). */
  readonly gradsBefore: Readonly<Record<string, readonly number[]>>;
  /** Seeds the direction D. */
  readonly directionSeed: number;
  /** The signature's reals, by name (dyadics in their intervals). */
  readonly reals?: Readonly<Record<string, number>>;
  /** The signature's function values (CALL_VALUES of them), in the order of the distinct arguments the programs first call them at. */
  readonly calls?: readonly number[];
}

export type GradientVerdict =
  /** float64: where the float64 path decided it (FLOAT64_FROM), what it resolved (Float64Resolution). */
  | { readonly holds: true; readonly float64?: Float64Resolution }
  | { readonly holds: false; readonly reason: string }
  /** FORWARD has no value on this example (a division by 0, log 0): it says nothing, discard it. */
  | { readonly holds: 'undefined'; readonly reason: string };

export interface GradientCheck {
  readonly signature: GradientSignature;
  /** 'rational' (exact) or 'quad-double' (decimal(50) where quad cannot decide an example); 'none' where BACKWARD is ill-formed and never runs. */
  readonly numbers: string;
  /** The claim is `not gradient …`: it holds where a witness refutes the gradient (the caller's reading). */
  readonly negated: boolean;
  /** Whether BACKWARD adds the gradient on this example. */
  check(x: GradientCase): GradientVerdict;
}

/**
 * Examples with at least this many input entries in all go to the float64 path (module comment),
 * where the claim's programs compile for it: more than any profile draws (the nightly profile's
 * largest, P1 at 8 on every axis, has 4,112), so every claim's verdict is the exact path's. At this
 * size the exact path takes about a second per example (linear, ~0.2 ms per entry for a softmax);
 * the float64 path, about a millisecond.
 */
export const FLOAT64_FROM = 8192;

/**
 * The relative resolution the float64 path must reach at every checked entry: its allowance
 * there at most 2^-41 ≈ 4.5e-13 of the gradient's magnitude, so an entry off by a relative 1e-12
 * differs from the truth by more than twice the allowance and is refuted.
 */
const FLOAT64_RESOLUTION = 2 ** -41;

/** Entry-by-entry checks are run when the checked tensors have at most this many entries in all. */
export const ENTRYWISE_LIMIT = 64;

/** The relative allowance for quad-double and decimal(50) rounding (see the module comment). */
const DECIMAL_ALLOWANCE = new Fraction(1, 10n ** 40n);

/**
 * What an example checked in float64 resolved, over its checked entries: `resolved` entries to
 * within `resolution` relative (the largest relative error any of them could hide, below 1e-12);
 * `limited` entries where float64's rounding does not allow that (the answer's and the truth's
 * bounds together above 2^-41 of the entry: a gradient near 0, or cancelled, as p·(g − Σ p g) is
 * where g is near its mean), each checked to within its bounds only, the coarsest to `coarsest`
 * relative (Infinity where the gradient may be 0). Never verified by luck: the verdict says so.
 */
export interface Float64Resolution {
  readonly entries: number;
  readonly resolved: number;
  readonly resolution: number;
  readonly limited: number;
  readonly coarsest: number;
}

/** A number system the check runs in, and how it shows its numbers. */
interface System<T> {
  readonly name: string;
  readonly N: Field<T>;
  readonly D: Field<Dual<T>>;
  readonly exact: boolean;
  /**
   * A NotRepresentable in this system says nothing about the example (quad-double: a value left its
   * band, or the example has no value, which decimal(50) then names): rethrown, not a verdict.
   */
  readonly provisional?: boolean;
  /** DECIMAL_ALLOWANCE in N (where not exact): converted once, not per example. */
  readonly allowance?: T;
  show(a: T): string;
}

const RATIONAL: System<Fraction> = {
  name: 'rational',
  N: rational,
  D: dual(rational),
  exact: true,
  show: (a) => a.toFraction(),
};
const DECIMAL50 = decimal(50);
const DECIMAL: System<unknown> = {
  name: 'decimal(50)',
  N: DECIMAL50 as Field<unknown>,
  D: dual(DECIMAL50) as Field<Dual<unknown>>,
  exact: false,
  allowance: DECIMAL50.fromRational(DECIMAL_ALLOWANCE),
  show: (a) => String(DECIMAL50.toNumber(a as never)),
};
const QUAD_N = quad();
const QUAD: System<unknown> = {
  name: 'quad-double',
  N: QUAD_N as Field<unknown>,
  D: dual(QUAD_N) as Field<Dual<unknown>>,
  exact: false,
  provisional: true,
  allowance: QUAD_N.fromRational(DECIMAL_ALLOWANCE),
  show: (a) => String(QUAD_N.toNumber(a as never)),
};

const fail = (file: ClaimFile, line: number, what: string) => new NotationError(`${file.file}:${line}: ${what}`);
const entries = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const single = (p: Program, st: Statement): Program => ({ name: p.name, line: st.line, statements: [st] });

/** The size an index letter ranges over; a `gradient` claim draws sizes, so it must be one. */
function sizeOf(file: ClaimFile, letter: string, line: number): string {
  const range = file.declarations.indices.get(letter)!.range.text;
  if (!file.declarations.sizes.has(range)) throw fail(file, line, `a gradient claim needs index ${letter} to range over a declared size (1..SIZE), not 1..${range}`);
  return range;
}

/** The size each axis of a declared tensor ranges over. */
function axesOf(file: ClaimFile, tensor: string): TensorAxes {
  const decl = file.declarations.tensors.get(tensor)!;
  return { name: tensor, axes: decl.axes.map((letter) => sizeOf(file, letter, decl.line)) };
}

interface Conventions {
  /** T → the size of the batch index its gradient is averaged over. */
  readonly averaged: ReadonlyMap<string, string>;
  /** q → z (and the convention's line): q's derivative in z is taken as 1. */
  readonly straightThrough: ReadonlyMap<string, { readonly z: string; readonly line: number }>;
}

function conventionsOf(file: ClaimFile, claim: ClaimBlock): Conventions {
  const averaged = new Map<string, string>();
  const straightThrough = new Map<string, { z: string; line: number }>();
  for (const { text, line } of claim.conventions) {
    const average = /^average\s+(\S+)\s+over\s+(\S+)$/.exec(text);
    const through = /^straight-through\s+(\S+)\s*=\s*(\S+)$/.exec(text);
    if (average) {
      if (!file.declarations.indices.has(average[2])) throw fail(file, line, `average ${average[1]} over ${average[2]}: ${average[2]} is not a declared index`);
      averaged.set(average[1], sizeOf(file, average[2], line));
    } else if (through) {
      straightThrough.set(through[1], { z: through[2], line });
    } else if (!/^relu'\(0\)\s*=\s*0$/.test(text)) {
      throw fail(file, line, `unknown convention "${text}": use "average T over b", "straight-through q = z" or "relu'(0) = 0"`);
    }
  }
  return { averaged, straightThrough };
}

/**
 * The check of a `gradient BACKWARD of FORWARD` claim block of a parsed claim file (`entrywiseLimit`:
 * ENTRYWISE_LIMIT unless a test wants the direction's path alone on small cases; `float64From`:
 * FLOAT64_FROM unless a test wants the float64 path on small cases). Compiles both
 * programs once. Throws NotationError (`file:line: …`) where the claim cannot be checked as
 * written: FORWARD ill-formed, an unknown convention, an index that does not range over a size.
 * An ill-formed BACKWARD is the answer's fault: every example refutes it with the lint's finding.
 */
export function gradientCheck(file: ClaimFile, claim: ClaimBlock, options: { readonly entrywiseLimit?: number; readonly float64From?: number } = {}): GradientCheck {
  // the reader has checked the claim's form and that both programs exist
  const [backwardName, , forwardName] = claim.args;
  const forward = file.programs.get(forwardName)!;
  const backward = file.programs.get(backwardName)!;
  const forwardLint = lint(file, forward);
  if (forwardLint.length) throw fail(file, forwardLint[0].line, forwardLint[0].message);
  const backwardLint = lint(file, backward);
  const conventions = conventionsOf(file, claim);

  // each statement compiled on its own: its reads give the roles, and straight-through acts between statements
  const analysis = forward.statements.map((st) => compileProgram(file, single(forward, st), DECIMAL.D));
  const written = new Set(analysis.flatMap((c) => [...c.writes]));
  const inputNames = [...new Set(analysis.flatMap((c) => [...c.reads]))].filter((t) => !written.has(t));
  const lastWrite = new Map<string, number>();
  analysis.forEach((c, k) => c.writes.forEach((t) => lastWrite.set(t, k)));
  const outputNames = [...written].filter((t) => !analysis.some((c, k) => k > lastWrite.get(t)! && c.reads.has(t)));
  for (const [q, { z, line }] of conventions.straightThrough) {
    if (!written.has(q)) throw fail(file, line, `straight-through ${q} = ${z}: FORWARD does not write ${q}`);
    if (axesOf(file, q).axes.join() !== axesOf(file, z).axes.join()) throw fail(file, line, `straight-through ${q} = ${z}: ${q} and ${z} must have one shape`);
  }
  const axes = (names: readonly string[]) => names.map((t) => axesOf(file, t));
  // every size of the file: a program may read one outside any tensor's axes (`/ B`)
  const sizes = [...file.declarations.sizes.values()].map(({ name, lo, hi }) => ({ name, lo, hi }));
  if (backwardLint.length) {
    const reason = `${file.file}:${backwardLint[0].line}: ${backwardLint[0].message}`;
    return { signature: { sizes, inputs: axes(inputNames), outputs: axes(outputNames), checked: [] }, numbers: 'none', negated: claim.negated, check: () => ({ holds: false, reason }) };
  }

  const backwardAnalysis = compileProgram(file, backward, DECIMAL.N);
  const signature: GradientSignature = {
    sizes,
    inputs: axes(inputNames),
    outputs: axes(outputNames),
    checked: axes(inputNames.filter((t) => backwardAnalysis.writes.has(`${t}.grad`))),
  };
  const misplaced = misplacedWrite(backward, new Set([...inputNames, ...written]), new Set(outputNames));
  if (misplaced) {
    const reason = `${file.file}:${misplaced}`;
    return { signature, numbers: 'none', negated: claim.negated, check: () => ({ holds: false, reason }) };
  }
  // with no checked tensor every example would hold: a backward that writes only intermediates' .grad is not a gradient
  if (signature.checked.length === 0) {
    const reason = `${file.file}:${backward.line}: ${backwardName} adds into the .grad of no input of ${forwardName} (${inputNames.join(', ')}): nothing would be checked`;
    return { signature, numbers: 'none', negated: claim.negated, check: () => ({ holds: false, reason }) };
  }
  const operations = [...analysis, backwardAnalysis].flatMap((c) => [...c.operations]);
  const compiled = compiledIn((operations.every((op) => has(rational, op)) ? RATIONAL : QUAD) as System<unknown>, file, forward, backward) ?? {
    system: DECIMAL,
    compiledForward: analysis,
    compiledBackward: backwardAnalysis,
  };
  const { system, compiledForward, compiledBackward } = compiled;
  const plan: Plan = { file, signature, conventions, lastWrite, outputs: outputNames, entrywiseLimit: options.entrywiseLimit ?? ENTRYWISE_LIMIT };
  // compiled on the first example that takes the float64 path: a claim's own examples never do
  let float64: ReturnType<typeof float64Programs> | undefined;
  const exact = (x: GradientCase): GradientVerdict => {
    try {
      const verdict = checkCase(system, compiledForward, compiledBackward, plan, x);
      // an example quad-double refutes is redone in decimal(50): its verdict and message are decimal's (module comment)
      return verdict.holds === false && system.provisional ? checkCase(DECIMAL, analysis, backwardAnalysis, plan, x) : verdict;
    } catch (e) {
      // quad-double could not decide this example (module comment): decimal(50) does, with the programs compiled for it above
      if (e instanceof NotRepresentable && system.provisional) return checkCase(DECIMAL, analysis, backwardAnalysis, plan, x);
      throw e;
    }
  };
  return {
    signature,
    numbers: system.name,
    negated: claim.negated,
    check: (x) => {
      const entries = signature.inputs.reduce((n, t) => n + x.values[t.name].length, 0);
      // Stryker disable next-line EqualityOperator: at exactly FLOAT64_FROM entries either path gives the verdict
      if (entries < (options.float64From ?? FLOAT64_FROM)) return exact(x);
      float64 ??= float64Programs(file, forward, backward, conventions);
      return (float64 !== null && checkFloat64(float64, plan, x)) || exact(x);
    },
  };
}

/**
 * FORWARD (statement by statement) and BACKWARD compiled for `system`, or null where a constant of
 * theirs is outside what a provisional system holds (a literal 1e300 outside quad's band): the
 * claim is then checked over decimal(50).
 */
function compiledIn(system: System<unknown>, file: ClaimFile, forward: Program, backward: Program) {
  try {
    return {
      system,
      compiledForward: forward.statements.map((st) => compileProgram(file, single(forward, st), system.D)),
      compiledBackward: compileProgram(file, backward, system.N),
    };
  } catch (e) {
    if (e instanceof NotRepresentable && system.provisional) return null;
    throw e;
  }
}

/**
 * The first statement of BACKWARD that writes what a backward may not, as `line: …`, else null. A
 * backward adds into the `.grad` of FORWARD's inputs (what the claim checks) and of its
 * intermediates (a backward in stages, as the exams' own references write), and may use tensors
 * FORWARD never touches (`e[b]` of the softmax backward). It may not write a FORWARD tensor (its
 * values are the point the gradient is taken at) nor an output's `.grad` (the outGrad it is given):
 * either would let a wrong answer change what it is judged on.
 */
function misplacedWrite(backward: Program, forwardTensors: ReadonlySet<string>, outputs: ReadonlySet<string>): string | null {
  for (const st of backward.statements) {
    const { tensor, grad } = st.target;
    if (!grad && forwardTensors.has(tensor)) return `${st.line}: writes ${tensor}, a forward tensor: a backward writes .grad tensors only`;
    if (grad && outputs.has(tensor)) return `${st.line}: writes ${tensor}.grad, the output's gradient: a backward writes the .grad of inputs and intermediates only`;
  }
  return null;
}

interface Plan {
  readonly file: ClaimFile;
  readonly signature: GradientSignature;
  readonly conventions: Conventions;
  /** The index of the last FORWARD statement that writes each tensor. */
  readonly lastWrite: ReadonlyMap<string, number>;
  readonly outputs: readonly string[];
  readonly entrywiseLimit: number;
}

/** `s.grad[1, 2]`: an entry by its indices as the notation writes them, from 1 (or each axis's `lows`: `y[0]`). */
export function entryName(name: string, shape: readonly number[], flat: number, lows: readonly number[] = []): string {
  const idx: number[] = [];
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    idx.unshift((flat % shape[axis]) + (lows[axis] ?? 1));
    flat = Math.floor(flat / shape[axis]);
  }
  return `${name}[${idx.join(', ')}]`;
}

/**
 * `count` integers uniform in 1..2^21, from the seed: a wrong gradient (error e ≠ 0, some eₖ ≠ 0)
 * passes along D only if Σ eᵢDᵢ = 0, which given the other Dᵢ holds for at most one of Dₖ's 2^21
 * values: probability ≤ 2^-21 (Schwartz–Zippel for a linear form).
 */
export function directionOf(seed: number, count: number): number[] {
  const next = uint32Stream(seed);
  // Stryker disable next-line ArithmeticOperator: − 1 would allow Dᵢ = 0, with probability 2^-21 per entry: no test draws it
  return Array.from({ length: count }, () => (next() >>> 11) + 1);
}

/** FORWARD in dual numbers, the checked entry k (counted over all checked tensors) starting with `tangents(k, scale)` (scale null: 1); a NotRepresentable value says the case is undefined. */
function runForward<T>(S: System<T>, forward: readonly CompiledProgram<Dual<T>>[], plan: Plan, x: GradientCase, tangents: (k: number, scale: T | null) => T[]): Map<string, Tensor<Dual<T>>> | NotRepresentable {
  const { N } = S;
  const tensors = new Map<string, Tensor<Dual<T>>>();
  let offset = 0;
  for (const t of plan.signature.inputs) {
    const shape = t.axes.map((s) => x.sizes[s]);
    const checked = plan.signature.checked.some((c) => c.name === t.name);
    const over = plan.conventions.averaged.get(t.name);
    // an averaged gradient is the gradient divided by the batch size: so is its tangent
    const scale = over ? N.fromRational(new Fraction(1, x.sizes[over])) : null;
    const k0 = offset;
    tensors.set(t.name, { shape, data: x.values[t.name].map((v, i) => ({ v: N.fromNumber(v), d: checked ? tangents(k0 + i, scale) : [] })) });
    if (checked) offset += entries(shape);
  }
  try {
    forward.forEach((statement, k) => {
      statement.run({ sizes: x.sizes, tensors });
      for (const [q, { z }] of plan.conventions.straightThrough) {
        // Stryker disable next-line ConditionalExpression,EqualityOperator: z is an input, so setting q's tangents to z's again after later statements changes nothing
        if (plan.lastWrite.get(q) !== k) continue;
        const [tq, tz] = [tensors.get(q)!, tensors.get(z)!];
        tq.data.forEach((e, i) => (tq.data[i] = { v: e.v, d: tz.data[i].d }));
      }
    });
  } catch (e) {
    if (e instanceof NotRepresentable && !S.provisional) return e;
    throw e;
  }
  return tensors;
}

/** d loss along each of `count` tangents, loss = Σ outGrad · output (outGrad in N, by output). */
function truthsOf<T>(N: Field<T>, plan: Plan, outGrad: ReadonlyMap<string, readonly T[]>, tensors: Map<string, Tensor<Dual<T>>>, count: number): T[] {
  const truths = new Array<T>(count).fill(N.zero);
  for (const t of plan.outputs) {
    const g = outGrad.get(t)!;
    tensors.get(t)!.data.forEach((e, i) => {
      const gi = g[i];
      for (let k = 0; k < count; k++) truths[k] = N.add(truths[k], N.mul(gi, tangent(N, e, k)));
    });
  }
  return truths;
}

/**
 * One example: along D first (one tangent); where that fails on a small case, entry by entry (one
 * tangent per checked entry) to name the first wrong entry. A right answer costs one dual pass;
 * a wrong one passes along D only if its error e ≠ 0 has Σ eᵢDᵢ = 0, probability ≤ 2^-21.
 */
function checkCase<T>(S: System<T>, forward: readonly CompiledProgram<Dual<T>>[], backward: CompiledProgram<T>, plan: Plan, x: GradientCase): GradientVerdict {
  const { N } = S;
  const shape = (t: TensorAxes) => t.axes.map((s) => x.sizes[s]);
  const checked = plan.signature.checked;
  const total = checked.reduce((n, t) => n + entries(shape(t)), 0);
  const direction = directionOf(x.directionSeed, total);
  const along = runForward(S, forward, plan, x, (k, scale) => [scale === null ? N.fromNumber(direction[k]) : N.mul(N.fromNumber(direction[k]), scale)]);
  if (along instanceof NotRepresentable) return { holds: 'undefined', reason: `FORWARD has no value here: ${along.message}` };

  // BACKWARD in the base system, on FORWARD's values
  const values = new Map<string, Tensor<T>>();
  for (const [name, t] of along) values.set(name, { shape: t.shape, data: t.data.map((e) => e.v) });
  // the example's numbers in N once each (BACKWARD reads outGrad and never writes it; it adds into a copy of gradsBefore)
  const outGrad = new Map(plan.signature.outputs.map((t) => [t.name, x.outGrad[t.name].map((v) => N.fromNumber(v))]));
  const before = new Map(checked.map((t) => [t.name, x.gradsBefore[t.name].map((v) => N.fromNumber(v))]));
  for (const t of plan.signature.outputs) values.set(`${t.name}.grad`, { shape: shape(t), data: outGrad.get(t.name)! });
  for (const t of checked) values.set(`${t.name}.grad`, { shape: shape(t), data: before.get(t.name)!.slice() });
  // every other gradient starts at 0, as EDF's Backward() zeroes them
  for (const name of backward.reads) {
    if (!name.endsWith('.grad') || values.has(name)) continue;
    const shape = tensorShape(plan.file, name.slice(0, -5), x.sizes);
    values.set(name, { shape, data: new Array<T>(entries(shape)).fill(N.zero) });
  }
  try {
    backward.run({ sizes: x.sizes, tensors: values });
  } catch (e) {
    // Stryker disable next-line ConditionalExpression: anything else BACKWARD throws is an internal error, which no claim file makes
    if ((e instanceof NotRepresentable && !S.provisional) || e instanceof NotationError) return { holds: false, reason: `BACKWARD fails here: ${e.message}` };
    throw e;
  }
  // what BACKWARD added into each checked .grad
  const added: { t: TensorAxes; i: number; a: T }[] = [];
  for (const t of checked) {
    const after = values.get(`${t.name}.grad`)!.data;
    before.get(t.name)!.forEach((b, i) => added.push({ t, i, a: N.sub(after[i], b) }));
  }

  // M, the magnitude the decimal allowance is relative to (module comment): the same for both passes.
  // The example's own numbers (inputs, outGrad, gradsBefore) are entries of it, so their largest
  // magnitude is a lower bound, free to compute: an error within the allowance for it is within
  // the allowance for M, and M itself (a pass over every tensor) is computed only where it is not.
  const abs = (a: T) =>
    // Stryker disable next-line EqualityOperator: −0 is 0
    N.sign(a) < 0 ? N.neg(a) : a;
  const given = [x.values, x.outGrad, x.gradsBefore].flatMap((group) => Object.values(group));
  const lower = N.fromNumber(given.reduce((m, data) => data.reduce((m, v) => Math.max(m, Math.abs(v)), m), 0));
  let magnitude: T | null = null;
  const largest = (): T => {
    let m = lower;
    for (const t of values.values()) {
      for (const a of t.data) {
        // Stryker disable next-line ConditionalExpression,EqualityOperator: M matters only within orders of magnitude (right answers differ by ~1e-50 relative, wrong ones by ≥ 1e-12): any entry of the example serves
        if (N.sign(N.sub(abs(a), m)) > 0) m = abs(a);
      }
    }
    return m;
  };
  const within = (a: T, b: T, scaleBy: T): string | null => {
    const error = N.sub(a, b);
    if (S.exact) return N.sign(error) === 0 ? null : '';
    const allowance = (m: T) => N.mul(N.mul(m, scaleBy), S.allowance!);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut; M below gives the same verdict
    if (magnitude === null && N.sign(N.sub(abs(error), allowance(lower))) <= 0) return null;
    magnitude ??= largest();
    const allowed = allowance(magnitude);
    // Stryker disable next-line EqualityOperator: an error of exactly the allowance, in 50 digits, is not a case anyone meets
    return N.sign(N.sub(abs(error), allowed)) <= 0 ? null : ` (error ${N.toNumber(abs(error)).toPrecision(3)}, 50-digit rounding allows ${N.toNumber(allowed).toPrecision(3)})`;
  };

  const truth = truthsOf(N, plan, outGrad, along, 1);
  let claimed = N.zero;
  added.forEach(({ a }, k) => (claimed = N.add(claimed, N.mul(a, N.fromNumber(direction[k])))));
  // Σ|Dᵢ| in float64 is exact: at most 2^21 per entry, so below 2^53 for up to 2^32 entries
  const weight = N.fromNumber(direction.reduce((w, d) => w + d, 0));
  const wrongAlong = within(claimed, truth[0], weight);
  if (wrongAlong === null) return { holds: true };
  const alongD = `along a random direction D, the answer's gradient gives ${S.show(claimed)}, the derivative of the loss is ${S.show(truth[0])}${wrongAlong}`;
  if (total > plan.entrywiseLimit) return { holds: false, reason: alongD };

  // entry by entry: tangent k of checked entry k is 1 (times its scale), the tangents before it 0
  const byEntry = runForward(S, forward, plan, x, (k, scale) => [...new Array<T>(k).fill(N.zero), scale ?? N.one]) as Map<string, Tensor<Dual<T>>>;
  const truths = truthsOf(N, plan, outGrad, byEntry, total);
  for (const [k, { t, i, a }] of added.entries()) {
    const wrong = within(a, truths[k], N.one);
    if (wrong !== null) return { holds: false, reason: `${entryName(`${t.name}.grad`, shape(t), i)}: the answer added ${S.show(a)}, the gradient is ${S.show(truths[k])}${wrong}` };
  }
  // not reached: with one M, entries within their allowances sum along D within its own (exactly,
  // a miss along D has a wrong entry)
  // Stryker disable next-line all: not reached
  return { holds: false, reason: alongD };
}

/**
 * FORWARD and BACKWARD compiled for float64 with running error bounds (oracles/notation/compile-float64.ts),
 * or null where either uses what that back end does not compile, or a straight-through convention
 * (its derivative is a convention, not the program's): such a claim is checked exactly at every size.
 */
function float64Programs(file: ClaimFile, forward: Program, backward: Program, conventions: Conventions): { forward: Float64Program; backward: Float64Program } | null {
  if (conventions.straightThrough.size > 0) return null;
  try {
    return { forward: compileFloat64(file, forward), backward: compileFloat64(file, backward) };
  } catch (e) {
    if (e instanceof Float64Unsupported) return null;
    throw e;
  }
}

const rounded = (shape: readonly number[], data: readonly number[]): RoundedTensor => ({ shape, value: Float64Array.from(data), error: new Float64Array(data.length) });

/**
 * One example in float64 (the module comment's float64 path): the truth by reverse-mode
 * differentiation of FORWARD, BACKWARD run on FORWARD's values, every value with its running error
 * bound; entry by entry, the answer is refuted where it and the truth differ by more than their
 * two bounds (so their exact values differ), and holds where no entry is refuted, every entry's
 * bounds are at most FLOAT64_RESOLUTION of the gradient there, saying how many entries were only
 * checked more coarsely (Float64Resolution). Null where the float64 run says nothing and the exact
 * path must decide: a value left float64's normal range or a divisor's bound holds 0 (FORWARD may
 * have no value there), an index left its axis (the exact path names it).
 */
function checkFloat64(programs: { forward: Float64Program; backward: Float64Program }, plan: Plan, x: GradientCase): GradientVerdict | null {
  const shape = (t: TensorAxes) => t.axes.map((s) => x.sizes[s]);
  const tensors = new Map<string, RoundedTensor>();
  for (const t of plan.signature.inputs) tensors.set(t.name, rounded(shape(t), x.values[t.name]));
  const adjoints = new Map<string, RoundedTensor>();
  for (const t of plan.signature.outputs) adjoints.set(t.name, rounded(shape(t), x.outGrad[t.name]));
  const values = new Map<string, RoundedTensor>();
  try {
    // FORWARD's values BACKWARD does not read are not computed (Float64Program.reverse)
    programs.forward.run(x.sizes, tensors, programs.backward.reads);
    programs.forward.reverse(x.sizes, tensors, adjoints, programs.backward.reads);
    // BACKWARD on FORWARD's values, the outputs' gradients, gradsBefore, every other gradient 0 (as checkCase)
    for (const [name, t] of tensors) values.set(name, t);
    for (const t of plan.signature.outputs) values.set(`${t.name}.grad`, rounded(shape(t), x.outGrad[t.name]));
    // kept as value + rest: what BACKWARD adds is taken off gradsBefore before it is rounded to one double
    for (const t of plan.signature.checked) values.set(`${t.name}.grad`, { ...rounded(shape(t), x.gradsBefore[t.name]), rest: new Float64Array(x.gradsBefore[t.name].length) });
    for (const name of programs.backward.reads) {
      if (!name.endsWith('.grad') || values.has(name)) continue;
      const s = tensorShape(plan.file, name.slice(0, -5), x.sizes);
      values.set(name, rounded(s, new Array<number>(entries(s)).fill(0)));
    }
    programs.backward.run(x.sizes, values);
  } catch (e) {
    if (e instanceof LeftFloat64 || e instanceof NotationError) return null;
    throw e;
  }
  const U = 2 ** -53;
  let [checkedEntries, resolved, resolution, limited, coarsest] = [0, 0, 0, 0, 0];
  for (const t of plan.signature.checked) {
    const after = values.get(`${t.name}.grad`)!;
    const truth = adjoints.get(t.name)!;
    const before = x.gradsBefore[t.name];
    const over = plan.conventions.averaged.get(t.name);
    // an averaged gradient is divided by the batch size: 1/B as the nearest double, within u of itself
    const scale = over ? 1 / x.sizes[over] : 1;
    const scaleError = over ? U * scale : 0;
    for (let i = 0; i < before.length; i++) {
      // what BACKWARD added: (after − before) + rest, within e_after and the two sums' own rounding
      const d = after.value[i] - before[i];
      const a = d + after.rest![i];
      const ea = (after.error[i] + sumError(after.value[i], -before[i], d) + sumError(d, after.rest![i], a)) * (1 + 2 ** -49);
      const ge = truth.error[i];
      const g = truth.value[i] * scale;
      const eg = over ? (Math.abs(truth.value[i]) * scaleError + ge * (scale + scaleError) + U * Math.abs(g)) * (1 + 2 ** -49) : ge;
      const allowed = (ea + eg) * (1 + 2 ** -49);
      // |â − ĝ| rounds by at most u of itself
      if (Math.abs(a - g) * (1 - 2 ** -52) > allowed) {
        return {
          holds: false,
          reason: `${entryName(`${t.name}.grad`, shape(t), i)}: the answer added ${a}, the gradient is ${g} (float64 with running error bounds: error ${Math.abs(a - g).toPrecision(3)}, the bounds allow ${allowed.toPrecision(3)})`,
        };
      }
      checkedEntries++;
      // the gradient's magnitude, from below
      const magnitude = Math.max(0, (Math.abs(g) - eg) * (1 - 2 ** -52));
      if (allowed <= FLOAT64_RESOLUTION * magnitude) {
        // (both exact and equal, allowed = 0: any error would have been seen)
        resolved++;
        if (allowed > 0) resolution = Math.max(resolution, (2 * allowed) / magnitude);
      } else {
        limited++;
        coarsest = Math.max(coarsest, magnitude > 0 ? (2 * allowed) / magnitude : Infinity);
      }
    }
  }
  return { holds: true, float64: { entries: checkedEntries, resolved, resolution, limited, coarsest } };
}
