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
 */
import Fraction from 'fraction.js';
import { compileProgram, lint, NotationError, type ClaimBlock, type ClaimFile, type CompiledProgram, type Tensor } from '../notation/index.ts';
import { decimal } from '../numbers/decimal.ts';
import { rational } from '../numbers/rational.ts';
import { has, NotRepresentable, type Field } from '../numbers/tower.ts';
import { entryName, type GradientCase, type GradientSignature, type GradientVerdict, type TensorAxes } from './gradient.ts';

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

const fail = (file: ClaimFile, line: number, what: string) => new NotationError(`${file.file}:${line}: ${what}`);

/** The size each index letter of a tensor (or of T for T.grad) ranges over (it must be a declared size). */
function axesOf(file: ClaimFile, tensor: string, line: number): TensorAxes {
  const decl = file.declarations.tensors.get(tensor.replace(/\.grad$/, ''));
  if (!decl) throw fail(file, line, `tensor ${tensor} is not declared`);
  const axes = decl.axes.map((letter) => {
    const range = file.declarations.indices.get(letter)?.range.text.trim();
    if (!range || !file.declarations.sizes.has(range)) throw fail(file, decl.line, `an equal claim needs index ${letter} of ${tensor} to range over a declared size (1..SIZE)`);
    return range;
  });
  return { name: tensor, axes };
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
  const signature: GradientSignature = {
    sizes: [...new Set([...inputs, ...written].flatMap((t) => axesOf(file, t.replace(/\.grad$/, ''), spec.line).axes))].map((s) => {
      const { lo, hi } = file.declarations.sizes.get(s)!;
      return { name: s, lo, hi };
    }),
    inputs: inputs.map((t) => axesOf(file, t, spec.line)),
    outputs: [],
    checked: [],
  };
  if (answerLint.length) {
    const reason = `${file.file}:${answerLint[0].line}: ${answerLint[0].message}`;
    return { signature, numbers: 'rational', negated: claim.negated, check: () => ({ holds: false, reason }) };
  }
  const exact = [spec, answer].every((p) => [...compileProgram(file, p, DECIMAL50).operations].every((op) => has(rational, op)));
  const N = (exact ? rational : DECIMAL50) as Field<unknown>;
  const compiled = { spec: compileProgram(file, spec, N), answer: compileProgram(file, answer, N) };
  return {
    signature,
    numbers: exact ? 'rational' : 'decimal(50)',
    negated: claim.negated,
    check: (x) => checkCase(N, exact, compiled.spec, compiled.answer, { answerName, specName, outputs, signature }, x),
  };
}

interface Plan {
  readonly answerName: string;
  readonly specName: string;
  readonly outputs: readonly string[];
  readonly signature: GradientSignature;
}

function checkCase<T>(N: Field<T>, exact: boolean, spec: CompiledProgram<T>, answer: CompiledProgram<T>, plan: Plan, x: GradientCase): GradientVerdict {
  const inputs = () =>
    new Map<string, Tensor<T>>(plan.signature.inputs.map((t) => [t.name, { shape: t.axes.map((s) => x.sizes[s]), data: x.values[t.name].map((v) => N.fromNumber(v)) }]));
  const truth = inputs();
  try {
    spec.run({ sizes: x.sizes, tensors: truth });
  } catch (e) {
    if (e instanceof NotRepresentable) return { holds: 'undefined', reason: `${plan.specName} has no value here: ${e.message}` };
    throw e;
  }
  const claimed = inputs();
  try {
    answer.run({ sizes: x.sizes, tensors: claimed });
  } catch (e) {
    if (e instanceof NotRepresentable || e instanceof NotationError) return { holds: false, reason: `${plan.answerName} fails here: ${e.message}` };
    throw e;
  }
  const abs = (a: T) => (N.sign(a) < 0 ? N.neg(a) : a);
  let magnitude = N.zero;
  if (!exact) for (const m of [truth, claimed]) for (const t of m.values()) for (const a of t.data) if (N.sign(N.sub(abs(a), magnitude)) > 0) magnitude = abs(a);
  const allowed = N.mul(magnitude, N.fromRational(ALLOWANCE));
  for (const name of plan.outputs) {
    const want = truth.get(name)!;
    const got = claimed.get(name);
    if (!got) return { holds: false, reason: `${plan.answerName} does not write ${name}` };
    for (let i = 0; i < want.data.length; i++) {
      const error = abs(N.sub(got.data[i], want.data[i]));
      if (exact ? N.sign(error) !== 0 : N.sign(N.sub(error, allowed)) > 0) {
        return { holds: false, reason: `${entryName(name, want.shape, i)}: ${plan.answerName} leaves ${N.toNumber(got.data[i])}, ${plan.specName} ${N.toNumber(want.data[i])}` };
      }
    }
  }
  return { holds: true };
}
