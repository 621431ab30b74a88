/**
 * The `equal` claim of claim files (exams/README.md): `equal ANSWER to SPEC` — program ANSWER
 * leaves, in every output of program SPEC, what SPEC leaves there, for random sizes and values.
 * It states that code computes what the exam's notation says: the exam's forward method
 * `self.value = A.value*(L.value + B.value)`, written elementwise with `=`, against its `+=`
 * notation (P1.forward).
 *
 * Roles, read off SPEC as a gradient claim reads FORWARD (oracles/checks/gradient.ts): an input is
 * a tensor SPEC reads and never writes (its values are drawn); an output is a tensor SPEC writes
 * and no later statement of SPEC reads. Both programs run on the same inputs, every tensor they
 * write starting at 0. The truth is SPEC run literally: exactly in rationals when both programs
 * use only + − × ÷ and integer powers, else at 50 digits, where ANSWER may differ from SPEC by
 * 1e-40 · M (M the largest magnitude either leaves; the same allowance and argument as the
 * gradient check's).
 *
 * Update rules over time (DESIGN §2's trajectories) are `equal` claims over programs with a time
 * index (`index t in 0..T - 1`, `for t: y[t + 1] = beta*y[t] + (1 - beta)*x[t]`): both rules run
 * on the same input stream, the same reals (β, η, drawn in their declared intervals) and the same
 * values of the file's declared functions (a gradient ∇ℓ(Θ[t, i]), drawn per distinct argument and
 * shared by both runs, so two rules that reach the same state get the same gradient there), and
 * every step's state must be equal; a stated map between two sequences (y_t = N μ_t) is a
 * statement of the answer program. `not equal` is verified by a witness (the smallest T, stream
 * and values where the two differ).
 */
import Fraction from 'fraction.js';
import type { MathNode } from '../mathjs.ts';
import { compileProgram, constantOf, indexRange, lint, NotationError, symbolOf, type ClaimBlock, type ClaimFile, type CompiledProgram, type Tensor } from '../notation/index.ts';
import { decimal } from '../numbers/decimal.ts';
import { rational } from '../numbers/rational.ts';
import { NotRepresentable, type Field } from '../numbers/tower.ts';
import { CALL_VALUES, entryName, type GradientCase, type GradientSignature, type GradientVerdict, type TensorAxes } from './gradient.ts';

export interface EqualCheck {
  /** The examples' make-up (outputs and checked are empty: no gradients are drawn). */
  readonly signature: GradientSignature;
  /** 'rational' (exact) or 'decimal(50)'. */
  readonly numbers: string;
  readonly negated: boolean;
  /** Whether ANSWER leaves SPEC's outputs on this example ('undefined': SPEC itself has no value here). */
  check(x: GradientCase): GradientVerdict;
}

const DECIMAL50 = decimal(50);
const ALLOWANCE = new Fraction(1, 10n ** 40n);

/** The claim's error at a line of its file (a function, not an arrow in a const: its body runs in the test that meets the error). */
function fail(file: ClaimFile, line: number, what: string): NotationError {
  return new NotationError(`${file.file}:${line}: ${what}`);
}

/** A tensor's declaration, or T's for T.grad: SPEC's lint has found every tensor SPEC names declared. */
function declarationOf(file: ClaimFile, tensor: string): { readonly axes: readonly string[]; readonly line: number } {
  // Stryker disable next-line Regex: a tensor's name has no '.', so '.grad' can only end one
  return file.declarations.tensors.get(tensor.replace(/\.grad$/, ''))!;
}

/**
 * The axis an index letter makes: the one declared size its range is over, the values past it
 * (`0..T` has T + 1: plus 1) and its low end, a constant (0 for time). Anything else is the file's
 * error: an example draws sizes, and the tensors' extents must follow from them.
 */
function axisOf(file: ClaimFile, letter: string, tensor: string, line: number): { size: string; plus: number; low: number } {
  const d = file.declarations;
  const decl = d.indices.get(letter)!;
  const names = new Set<string>();
  for (const e of [decl.range, decl.low]) e?.node.traverse((n) => void (symbolOf(n) !== null && names.add(symbolOf(n)!)));
  const [size] = names;
  const low = decl.low ? constantOf(decl.low.node) : 1;
  const why = `an equal claim needs index ${letter} of ${tensor} to range over one declared size, from a constant (1..SIZE, 0..SIZE - 1, 0..SIZE)`;
  if (names.size !== 1 || !d.sizes.has(size) || !Number.isSafeInteger(low)) throw fail(file, line, why);
  const lo = d.sizes.get(size)!.lo;
  const [a, b] = [lo, lo + 1].map((v) => indexRange(file, letter, { [size]: v }));
  if (b - a !== 1 || a - lo < 0) throw fail(file, line, why);
  return { size, plus: a - lo, low };
}

/** The size each axis of a tensor (or of T for T.grad) ranges over; an input's must be exactly a declared size (its values are drawn for that many entries). */
function axesOf(file: ClaimFile, tensor: string, input = false): TensorAxes {
  const decl = declarationOf(file, tensor);
  const axes = decl.axes.map((letter) => {
    const axis = axisOf(file, letter, tensor, decl.line);
    if (input && axis.plus !== 0) throw fail(file, decl.line, `${tensor} is an input of an equal claim: index ${letter} must range over exactly a declared size (1..SIZE or 0..SIZE - 1)`);
    return axis.size;
  });
  return { name: tensor, axes };
}

/** Each axis's low end (1, or 0 for time): how an entry is named. */
function lowsOf(file: ClaimFile, tensor: string): number[] {
  return declarationOf(file, tensor).axes.map((letter) => axisOf(file, letter, tensor, 0).low);
}

/**
 * The check of `equal ANSWER to SPEC` in a parsed claim file. Throws NotationError (`file:line: …`)
 * where the claim cannot be checked as written: a program missing, SPEC ill-formed. An ill-formed
 * ANSWER is the answer's fault: every example refutes it with the lint's finding.
 */
export function equalCheck(file: ClaimFile, claim: ClaimBlock): EqualCheck {
  const [answerName, to, specName, ...rest] = claim.args;
  if (claim.kind !== 'equal' || to !== 'to' || !specName || rest.length) throw fail(file, claim.line, 'an equal claim reads "equal ANSWER to SPEC" (two programs)');
  const program = (name: string) => file.programs.get(name) ?? (() => { throw fail(file, claim.line, `no program ${name}`); })();
  const spec = program(specName);
  const answer = program(answerName);
  const specLint = lint(file, spec);
  if (specLint.length) throw fail(file, specLint[0].line, specLint[0].message);
  const answerLint = lint(file, answer);

  // statement by statement, for the roles (at 50 digits, which have every operation)
  const statements = spec.statements.map((st) => compileProgram(file, { name: spec.name, line: st.line, statements: [st] }, DECIMAL50));
  const written = new Set(statements.flatMap((c) => [...c.writes]));
  const inputs = [...new Set(statements.flatMap((c) => [...c.reads]))].filter((t) => !written.has(t));
  const lastWrite = new Map<string, number>();
  statements.forEach((c, k) => c.writes.forEach((t) => lastWrite.set(t, k)));
  const outputs = [...written].filter((t) => !statements.some((c, k) => k > lastWrite.get(t)! && c.reads.has(t)));
  // the reals the programs read (a rate, a factor), through definitions too, are drawn; functions where a program calls one
  const read = namesRead(file, [spec, answer].flatMap((p) => p.statements.flatMap((st) => [st.rhs, ...st.target.indices])));
  const reals = [...file.declarations.reals.values()].filter((r) => read.has(r.name)).map((r) => ({ name: r.name, lo: r.interval.lo.valueOf(), hi: r.interval.hi.valueOf(), loOpen: r.interval.loOpen, hiOpen: r.interval.hiOpen, integer: r.interval.integer }));
  const calls = [spec, answer].some((p) => p.statements.some((st) => callsFunction(file, st.rhs)));
  const signature: GradientSignature = {
    sizes: [...new Set([...inputs, ...written].flatMap((t) => axesOf(file, t).axes))].map((s) => {
      const { lo, hi } = file.declarations.sizes.get(s)!;
      return { name: s, lo, hi };
    }),
    inputs: inputs.map((t) => axesOf(file, t, true)),
    outputs: [],
    checked: [],
    ...(reals.length && { reals }),
    ...(calls && { functions: true }),
  };
  if (answerLint.length) {
    const reason = `${file.file}:${answerLint[0].line}: ${answerLint[0].message}`;
    return { signature, numbers: 'rational', negated: claim.negated, check: () => ({ holds: false, reason }) };
  }
  // exactly where both compile over the rationals (β^(t − t'), a power known when it runs, does), else at 50 digits
  const exact = [spec, answer].every((p) => compilesIn(() => compileProgram(file, p, rational)));
  const N = (exact ? rational : DECIMAL50) as Field<unknown>;
  const compiled = { spec: compileProgram(file, spec, N), answer: compileProgram(file, answer, N) };
  const lows = new Map(outputs.map((t) => [t, lowsOf(file, t)]));
  return {
    signature,
    numbers: exact ? 'rational' : 'decimal(50)',
    negated: claim.negated,
    check: (x) => checkCase(N, exact, compiled.spec, compiled.answer, { answerName, specName, outputs, signature, lows }, x),
  };
}

/** Whether the compile succeeds (a NotationError: the number system lacks an operation the program needs). */
function compilesIn(compile: () => unknown): boolean {
  try {
    compile();
  } catch (e) {
    // Stryker disable next-line ConditionalExpression: compileProgram throws NotationError or nothing (anything else would be the engine's bug, no claim file's): catching more changes no verdict
    if (e instanceof NotationError) return false;
    throw e;
  }
  return true;
}

/** Every name the expressions read, and the definitions they read, transitively. */
function namesRead(file: ClaimFile, nodes: readonly MathNode[]): Set<string> {
  const seen = new Set<string>();
  const visit = (m: MathNode) =>
    m.traverse((n) => {
      const name = symbolOf(n);
      // Stryker disable next-line ConditionalExpression,LogicalOperator: null added to seen, or a definition walked again, adds no name: the guard keeps the walk to one visit per definition
      if (name === null || seen.has(name)) return;
      seen.add(name);
      const def = file.declarations.definitions.get(name);
      if (def) visit(def.expr.node);
    });
  nodes.forEach(visit);
  return seen;
}

/** Whether an expression calls a declared function. */
function callsFunction(file: ClaimFile, m: MathNode): boolean {
  let calls = false;
  m.traverse((n) => {
    if (n.type !== 'FunctionNode') return;
    // Stryker disable next-line StringLiteral: '' stands for no name (a call of something not a name, which the lint refuses): no function is declared under it or any text with a space
    calls ||= file.declarations.functions.has(symbolOf((n as unknown as { fn: MathNode }).fn) ?? '');
  });
  return calls;
}

/**
 * The function values of one example, shared by both programs' runs: the k-th distinct argument
 * list (in the order the runs first call at it: SPEC's, then ANSWER's) takes x.calls[k mod
 * CALL_VALUES]. Arguments are told apart exactly (a rational's fraction, a decimal's digits).
 */
function callsOf<T>(N: Field<T>, values: readonly number[] | undefined): (name: string, args: readonly T[]) => T {
  const table = new Map<string, T>();
  // a Fraction's String stops at 15 decimals (1/10000019 prints 0.000000099999810); a decimal's has every digit
  const key = (v: T) => (v instanceof Fraction ? v.toFraction() : String(v));
  return (name, args) => {
    const k = `${name}(${args.map(key).join(', ')})`;
    let v = table.get(k);
    // values is there: the signature draws function values wherever a program calls a function
    if (v === undefined) table.set(k, (v = N.fromNumber(values![table.size % CALL_VALUES])));
    return v;
  };
}

interface Plan {
  readonly answerName: string;
  readonly specName: string;
  readonly outputs: readonly string[];
  readonly signature: GradientSignature;
  /** Each output's axes' low ends, for naming an entry. */
  readonly lows: ReadonlyMap<string, readonly number[]>;
}

function checkCase<T>(N: Field<T>, exact: boolean, spec: CompiledProgram<T>, answer: CompiledProgram<T>, plan: Plan, x: GradientCase): GradientVerdict {
  const inputs = () =>
    new Map<string, Tensor<T>>(plan.signature.inputs.map((t) => [t.name, { shape: t.axes.map((s) => x.sizes[s]), data: x.values[t.name].map((v) => N.fromNumber(v)) }]));
  const truth = inputs();
  const scalars = new Map(Object.entries(x.reals ?? {}).map(([name, v]) => [name, N.fromNumber(v)]));
  const call = callsOf(N, x.calls);
  try {
    spec.run({ sizes: x.sizes, tensors: truth, scalars, call });
  } catch (e) {
    if (e instanceof NotRepresentable) return { holds: 'undefined', reason: `${plan.specName} has no value here: ${e.message}` };
    throw e;
  }
  const claimed = inputs();
  try {
    answer.run({ sizes: x.sizes, tensors: claimed, scalars, call });
  } catch (e) {
    if (e instanceof NotRepresentable || e instanceof NotationError) return { holds: false, reason: `${plan.answerName} fails here: ${e.message}` };
    throw e;
  }
  const abs = (a: T) => (N.sign(a) === -1 ? N.neg(a) : a);
  // exactly, none; at 50 digits 1e-40 of the largest magnitude either run leaves (the inputs too)
  const allowed = exact ? N.zero : N.mul(largest(N, abs, [truth, claimed]), N.fromRational(ALLOWANCE));
  for (const name of plan.outputs) {
    const want = truth.get(name)!;
    const got = claimed.get(name);
    if (!got) return { holds: false, reason: `${plan.answerName} does not write ${name}` };
    for (let i = 0; i < want.data.length; i++) {
      const error = abs(N.sub(got.data[i], want.data[i]));
      if (N.sign(N.sub(error, allowed)) > 0) {
        return { holds: false, reason: `${entryName(name, want.shape, i, plan.lows.get(name))}: ${plan.answerName} leaves ${N.toNumber(got.data[i])}, ${plan.specName} ${N.toNumber(want.data[i])}` };
      }
    }
  }
  return { holds: true };
}

/** The largest magnitude of any entry of any tensor of the runs. */
function largest<T>(N: Field<T>, abs: (a: T) => T, runs: readonly ReadonlyMap<string, Tensor<T>>[]): T {
  let magnitude = N.zero;
  for (const m of runs) for (const t of m.values()) for (const a of t.data) {
    if (N.sign(N.sub(abs(a), magnitude)) === 1) magnitude = abs(a);
  }
  return magnitude;
}
