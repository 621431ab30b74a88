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
 * - anything else BACKWARD reads or writes starts at 0: the `.grad` of an intermediate (a backward in
 *   stages) and the tensors of the file only BACKWARD uses (`e[b]` of the softmax backward).
 *
 * The truth is forward-mode differentiation of FORWARD with dual numbers (oracles/numbers/dual.ts),
 * whatever its operations: exact over rationals when both programs use only + − × ÷ and integer
 * powers, else over decimal(50). BACKWARD runs in the same system on the same values. The check
 * goes along a random direction D (one dual tangent: cost linear in the size, like JAX's
 * check_grads), and entry by entry (one tangent per entry) when the checked tensors have at most
 * ENTRYWISE_LIMIT entries, so a failure names the entry: shrinking always ends on such a case.
 *
 * Over decimal(50) the answer and the truth may differ by rounding: allowed 1e-40 · M, where M is
 * the largest magnitude of the case (every entry of every tensor both programs leave, forward
 * values and tangents, the truths compared, times Σ|D| along a direction). Each of the programs'
 * operations rounds within 10^-49 of its result; 1e-40 leaves room for 10^9 such roundings
 * accumulated without cancellation below M, far more than a claim's few hundred operations per
 * entry. The errors a `gradient` claim is about (an index, a sign, a factor) are ≥ 1e-12 relative.
 */
import Fraction from 'fraction.js';
import { compileProgram, lint, NotationError, type ClaimBlock, type ClaimFile, type CompiledProgram, type Program, type Statement, type Tensor } from '../notation/index.ts';
import { decimal } from '../numbers/decimal.ts';
import { dual, tangent, type Dual } from '../numbers/dual.ts';
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
  /** Each `size` the claim's tensors use, with its declared range. */
  readonly sizes: readonly { readonly name: string; readonly lo: number; readonly hi: number }[];
  /** FORWARD's inputs: their values are drawn. */
  readonly inputs: readonly TensorAxes[];
  /** FORWARD's outputs: their outGrad is drawn. */
  readonly outputs: readonly TensorAxes[];
  /** The inputs whose `.grad` BACKWARD writes: their gradsBefore is drawn. */
  readonly checked: readonly TensorAxes[];
}

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
}

export type GradientVerdict =
  | { readonly holds: true }
  | { readonly holds: false; readonly reason: string }
  /** FORWARD has no value on this example (a division by 0, log 0): it says nothing, discard it. */
  | { readonly holds: 'undefined'; readonly reason: string };

export interface GradientCheck {
  readonly signature: GradientSignature;
  /** 'rational' (exact) or 'decimal(50)'. */
  readonly numbers: string;
  /** The claim is `not gradient …`: it holds where a witness refutes the gradient (the caller's reading). */
  readonly negated: boolean;
  /** Whether BACKWARD adds the gradient on this example. */
  check(x: GradientCase): GradientVerdict;
}

/** Entry-by-entry checks are run when the checked tensors have at most this many entries in all. */
export const ENTRYWISE_LIMIT = 64;

/** The relative allowance for decimal(50) rounding (see the module comment). */
const DECIMAL_ALLOWANCE = new Fraction(1, 10n ** 40n);

/** A number system the check runs in, and how it shows its numbers. */
interface System<T> {
  readonly name: string;
  readonly N: Field<T>;
  readonly D: Field<Dual<T>>;
  readonly exact: boolean;
  show(a: T): string;
}

const RATIONAL: System<Fraction> = {
  name: 'rational',
  N: rational,
  D: dual(rational),
  exact: true,
  show: (a) => (a.toFraction().length <= 24 ? a.toFraction() : String(a.valueOf())),
};
const DECIMAL50 = decimal(50);
const DECIMAL: System<unknown> = {
  name: 'decimal(50)',
  N: DECIMAL50 as Field<unknown>,
  D: dual(DECIMAL50) as Field<Dual<unknown>>,
  exact: false,
  show: (a) => String(DECIMAL50.toNumber(a as never)),
};

const fail = (file: ClaimFile, line: number, what: string) => new NotationError(`${file.file}:${line}: ${what}`);
const entries = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const single = (p: Program, st: Statement): Program => ({ name: p.name, line: st.line, statements: [st] });

/** The size each index letter of a tensor ranges over (an index's range must be a declared size). */
function axesOf(file: ClaimFile, tensor: string, line: number): TensorAxes {
  const decl = file.declarations.tensors.get(tensor);
  if (!decl) throw fail(file, line, `tensor ${tensor} is not declared`);
  const axes = decl.axes.map((letter) => {
    const range = file.declarations.indices.get(letter)?.range.text.trim();
    if (!range || !file.declarations.sizes.has(range)) throw fail(file, decl.line, `a gradient claim needs index ${letter} of ${tensor} to range over a declared size (1..SIZE)`);
    return range;
  });
  return { name: tensor, axes };
}

interface Conventions {
  /** T → the size of the batch index its gradient is averaged over. */
  readonly averaged: ReadonlyMap<string, string>;
  /** q → z: q's derivative in z is taken as 1. */
  readonly straightThrough: ReadonlyMap<string, string>;
}

function conventionsOf(file: ClaimFile, claim: ClaimBlock): Conventions {
  const averaged = new Map<string, string>();
  const straightThrough = new Map<string, string>();
  for (const { text, line } of claim.conventions) {
    const average = /^average\s+(\S+)\s+over\s+(\S+)$/.exec(text.trim());
    const through = /^straight-through\s+(\S+)\s*=\s*(\S+)$/.exec(text.trim());
    if (average) {
      const range = file.declarations.indices.get(average[2])?.range.text.trim();
      if (!range || !file.declarations.sizes.has(range)) throw fail(file, line, `average ${average[1]} over ${average[2]}: ${average[2]} is not an index over a declared size`);
      averaged.set(average[1], range);
    } else if (through) {
      straightThrough.set(through[1], through[2]);
    } else if (!/^relu'\(0\)\s*=\s*0$/.test(text.trim())) {
      throw fail(file, line, `unknown convention "${text.trim()}": use "average T over b", "straight-through q = z" or "relu'(0) = 0"`);
    }
  }
  return { averaged, straightThrough };
}

/**
 * The check of a `gradient BACKWARD of FORWARD` claim of a parsed claim file (`entrywiseLimit`:
 * ENTRYWISE_LIMIT unless a test wants the direction's path on small cases). Throws NotationError
 * (`file:line: …`) where the claim cannot be checked as written: a program missing, FORWARD ill-formed,
 * an unknown convention, an index that does not range over a size. An ill-formed BACKWARD is the
 * answer's fault: every example refutes it with the lint's finding.
 */
export function gradientCheck(file: ClaimFile, claim: ClaimBlock, options: { readonly entrywiseLimit?: number } = {}): GradientCheck {
  const [backwardName, of, forwardName, ...rest] = claim.args;
  if (claim.kind !== 'gradient' || of !== 'of' || !forwardName || rest.length) throw fail(file, claim.line, `a gradient claim reads "gradient BACKWARD of FORWARD"`);
  const program = (name: string) => file.programs.get(name) ?? (() => { throw fail(file, claim.line, `no program ${name}`); })();
  const forward = program(forwardName);
  const backward = program(backwardName);
  const forwardLint = lint(file, forward);
  if (forwardLint.length) throw fail(file, forwardLint[0].line, forwardLint[0].message);
  const backwardLint = lint(file, backward);
  const conventions = conventionsOf(file, claim);

  // each statement compiled on its own: its reads give the roles, and straight-through acts between statements
  const analysis = forward.statements.map((st) => compileProgram(file, single(forward, st), DECIMAL.D));
  const written = new Set(analysis.flatMap((c) => [...c.writes]));
  const inputNames = [...new Set(analysis.flatMap((c) => [...c.reads]))].filter((t) => !written.has(t) && !t.endsWith('.grad'));
  const lastWrite = new Map<string, number>();
  analysis.forEach((c, k) => c.writes.forEach((t) => lastWrite.set(t, k)));
  const outputNames = [...written].filter((t) => !analysis.some((c, k) => k > lastWrite.get(t)! && c.reads.has(t)));
  const backwardAnalysis = backwardLint.length ? null : compileProgram(file, backward, DECIMAL.N);
  const checkedNames = inputNames.filter((t) => backwardAnalysis?.writes.has(`${t}.grad`));
  for (const [q, z] of conventions.straightThrough) {
    if (!written.has(q)) throw fail(file, claim.line, `straight-through ${q} = ${z}: FORWARD does not write ${q}`);
  }

  const axes = (names: readonly string[]) => names.map((t) => axesOf(file, t, forward.line));
  const signature: GradientSignature = {
    sizes: [...new Set([...inputNames, ...written].flatMap((t) => axesOf(file, t, forward.line).axes))].map((s) => {
      const { lo, hi } = file.declarations.sizes.get(s)!;
      return { name: s, lo, hi };
    }),
    inputs: axes(inputNames),
    outputs: axes(outputNames),
    checked: axes(checkedNames),
  };

  const operations = [...analysis.flatMap((c) => [...c.operations]), ...(backwardAnalysis?.operations ?? [])];
  const system = (operations.every((op) => has(rational, op)) ? RATIONAL : DECIMAL) as System<unknown>;
  const compiled = backwardAnalysis && {
    forward: forward.statements.map((st) => compileProgram(file, single(forward, st), system.D)),
    backward: compileProgram(file, backward, system.N),
  };
  const plan: Plan = { file, signature, conventions, lastWrite, outputs: outputNames, written, entrywiseLimit: options.entrywiseLimit ?? ENTRYWISE_LIMIT };
  return {
    signature,
    numbers: system.name,
    negated: claim.negated,
    check: (x) =>
      compiled ? checkCase(system, compiled.forward, compiled.backward, plan, x) : { holds: false, reason: `${file.file}:${backwardLint[0].line}: ${backwardLint[0].message}` },
  };
}

interface Plan {
  readonly file: ClaimFile;
  readonly signature: GradientSignature;
  readonly conventions: Conventions;
  /** The index of the last FORWARD statement that writes each tensor. */
  readonly lastWrite: ReadonlyMap<string, number>;
  readonly outputs: readonly string[];
  readonly written: ReadonlySet<string>;
  readonly entrywiseLimit: number;
}

/** `s.grad[1, 2]`: an entry by its 1-based indices, as the notation writes it. */
export function entryName(name: string, shape: readonly number[], flat: number): string {
  const idx: number[] = [];
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    idx.unshift((flat % shape[axis]) + 1);
    flat = Math.floor(flat / shape[axis]);
  }
  return `${name}[${idx.join(', ')}]`;
}

/** ±1 … ±2^20, never 0: a wrong gradient (error e ≠ 0) passes along D only if Σ eᵢDᵢ = 0, with probability ≤ 2^-21. */
function directionOf(seed: number, count: number): number[] {
  const next = uint32Stream(seed);
  return Array.from({ length: count }, () => {
    const u = next();
    return ((u >>> 1) % 2 ** 20 + 1) * (u & 1 ? -1 : 1);
  });
}

function checkCase<T>(S: System<T>, forward: readonly CompiledProgram<Dual<T>>[], backward: CompiledProgram<T>, plan: Plan, x: GradientCase): GradientVerdict {
  const { N, D } = S;
  const shape = (t: TensorAxes) => t.axes.map((s) => x.sizes[s]);
  const checked = plan.signature.checked;
  const total = checked.reduce((n, t) => n + entries(shape(t)), 0);
  const entrywise = total <= plan.entrywiseLimit;
  const direction = entrywise ? [] : directionOf(x.directionSeed, total);
  /** 1/(size of the batch index) for an averaged gradient, else 1. */
  const scale = (t: string) => {
    const over = plan.conventions.averaged.get(t);
    return over ? N.fromRational(new Fraction(1, x.sizes[over])) : N.one;
  };

  // FORWARD in dual numbers: tangent k of checked entry k is 1 (entry by entry), or tangent 0 is D
  const tensors = new Map<string, Tensor<Dual<T>>>();
  let offset = 0;
  for (const t of plan.signature.inputs) {
    const k0 = checked.some((c) => c.name === t.name) ? offset : -1;
    const s = scale(t.name);
    tensors.set(t.name, {
      shape: shape(t),
      data: x.values[t.name].map((v, i) => {
        const value = N.fromNumber(v);
        if (k0 < 0) return { v: value, d: [] };
        if (!entrywise) return { v: value, d: [N.mul(N.fromNumber(direction[k0 + i]), s)] };
        const d = new Array<T>(k0 + i + 1).fill(N.zero);
        d[k0 + i] = s;
        return { v: value, d };
      }),
    });
    if (k0 >= 0) offset += entries(shape(t));
  }
  try {
    forward.forEach((statement, k) => {
      statement.run({ sizes: x.sizes, tensors });
      for (const [q, z] of plan.conventions.straightThrough) {
        if (plan.lastWrite.get(q) !== k) continue;
        const [tq, tz] = [tensors.get(q)!, tensors.get(z)];
        if (!tz || tz.data.length !== tq.data.length) throw new NotationError(`${plan.file.file}: straight-through ${q} = ${z}: ${z} must have ${q}'s shape`);
        tq.data.forEach((e, i) => (tq.data[i] = { v: e.v, d: tz.data[i].d }));
      }
    });
  } catch (e) {
    if (e instanceof NotRepresentable) return { holds: 'undefined', reason: `FORWARD has no value here: ${e.message}` };
    throw e;
  }

  // the truths: d loss along each tangent, loss = Σ outGrad · output
  const truths = new Array<T>(entrywise ? total : 1).fill(N.zero);
  let magnitude = N.zero;
  const widen = (a: T) => {
    const m = N.sign(a) < 0 ? N.neg(a) : a;
    if (N.sign(N.sub(m, magnitude)) > 0) magnitude = m;
  };
  for (const t of plan.outputs) {
    const out = tensors.get(t)!;
    const g = x.outGrad[t];
    out.data.forEach((e, i) => {
      if (g[i] === 0) return;
      const gi = N.fromNumber(g[i]);
      for (let k = 0; k < truths.length; k++) truths[k] = N.add(truths[k], N.mul(gi, tangent(N, e, k)));
    });
  }

  // BACKWARD in the base system, on FORWARD's values
  const values = new Map<string, Tensor<T>>();
  for (const [name, t] of tensors) values.set(name, { shape: t.shape, data: t.data.map((e) => e.v) });
  for (const t of plan.signature.outputs) values.set(`${t.name}.grad`, { shape: shape(t), data: x.outGrad[t.name].map((v) => N.fromNumber(v)) });
  for (const t of checked) values.set(`${t.name}.grad`, { shape: shape(t), data: x.gradsBefore[t.name].map((v) => N.fromNumber(v)) });
  for (const name of [...backward.reads, ...backward.writes]) {
    const of = name.endsWith('.grad') ? name.slice(0, -5) : null;
    if (of && !values.has(name) && (plan.written.has(of) || plan.signature.inputs.some((t) => t.name === of))) {
      const t = values.get(of)!;
      values.set(name, { shape: t.shape, data: t.data.map(() => N.zero) });
    }
  }
  try {
    backward.run({ sizes: x.sizes, tensors: values });
  } catch (e) {
    if (e instanceof NotRepresentable || e instanceof NotationError) return { holds: false, reason: `BACKWARD fails here: ${e.message}` };
    throw e;
  }

  // what BACKWARD added into each checked .grad, against the truths
  const added: { t: TensorAxes; i: number; a: T }[] = [];
  for (const t of checked) {
    const after = values.get(`${t.name}.grad`)!.data;
    x.gradsBefore[t.name].forEach((b, i) => added.push({ t, i, a: N.sub(after[i], N.fromNumber(b)) }));
  }
  if (!S.exact) {
    for (const t of values.values()) t.data.forEach(widen);
    for (const t of tensors.values()) t.data.forEach((e) => e.d.forEach(widen));
    truths.forEach(widen);
  }
  const within = (a: T, b: T, scaleBy: T): string | null => {
    const error = N.sub(a, b);
    if (S.exact) return N.sign(error) === 0 ? null : '';
    const abs = N.sign(error) < 0 ? N.neg(error) : error;
    const allowed = N.mul(N.mul(magnitude, scaleBy), N.fromRational(DECIMAL_ALLOWANCE));
    return N.sign(N.sub(abs, allowed)) <= 0 ? null : ` (error ${N.toNumber(abs).toPrecision(3)}, 50-digit rounding allows ${N.toNumber(allowed).toPrecision(3)})`;
  };

  if (entrywise) {
    for (const [k, { t, i, a }] of added.entries()) {
      const wrong = within(a, truths[k], N.one);
      if (wrong !== null) return { holds: false, reason: `${entryName(`${t.name}.grad`, shape(t), i)}: the answer added ${S.show(a)}, the gradient is ${S.show(truths[k])}${wrong}` };
    }
    return { holds: true };
  }
  let claimed = N.zero;
  let weight = N.zero;
  added.forEach(({ a }, k) => {
    claimed = N.add(claimed, N.mul(a, N.fromNumber(direction[k])));
    weight = N.add(weight, N.fromNumber(Math.abs(direction[k])));
  });
  const wrong = within(claimed, truths[0], weight);
  if (wrong === null) return { holds: true };
  return { holds: false, reason: `along a random direction D, the answer's gradient gives ${S.show(claimed)}, the derivative of the loss is ${S.show(truths[0])}${wrong}` };
}
