/**
 * The `count` claim of claim files (DESIGN.md §2, exams/README.md): `count OPERATION of PROGRAM`,
 * the number of multiplies (divides, adds, exps, flops) PROGRAM performs, as a formula in its
 * sizes (the claim's `answer:` line), checked at random sizes.
 *
 * The truth is counted from the program's syntax, exactly, in integers: a statement performs its
 * right side's operations (plus one add for `+=` / `-=`) once per iteration of its loops (the
 * product of its loop letters' ranges); a `sum` or `prod` over n values performs its body n times
 * and n − 1 adds (multiplies) to combine them; a power x^k with a constant whole k performs
 * |k| − 1 multiplies (and a divide where k < 0), as written out. Index arithmetic (`x + dx`) and
 * reads are free, as in the course's flop counts. Nothing runs, so the count does not depend on the
 * values nor on whether every index stays on its axis. (The counts agree with a run of the program
 * in a number system that counts its operations, for programs without powers: count.test.ts.)
 */
import Fraction from 'fraction.js';
import type { MathNode } from '../mathjs.ts';
import { compileExpression, constantOf, indexRange, lint, loopsOf, NotationError, symbolOf, type ClaimBlock, type ClaimFile, type CompiledExpression, type Program } from '../notation/index.ts';
import { rational } from '../numbers/rational.ts';
import type { GradientVerdict } from './gradient.ts';

/** The operations a count claim counts, and what each primitive weighs in it. */
export const OPERATIONS = {
  multiplies: { mul: 1, div: 0, add: 0, exp: 0 },
  divides: { mul: 0, div: 1, add: 0, exp: 0 },
  adds: { mul: 0, div: 0, add: 1, exp: 0 },
  exps: { mul: 0, div: 0, add: 0, exp: 1 },
  flops: { mul: 1, div: 1, add: 1, exp: 0 },
} as const;
export type CountedOperation = keyof typeof OPERATIONS;
type Weights = (typeof OPERATIONS)[CountedOperation];

/** A size or integer the count depends on, and the range its values are drawn from. */
export interface CountVariable {
  readonly name: string;
  readonly lo: number;
  readonly hi: number;
}

export interface CountCheck {
  /** The file's sizes and integers: each example gives every one a value. */
  readonly variables: readonly CountVariable[];
  readonly operation: CountedOperation;
  readonly negated: boolean;
  /** The program's count at these sizes, per statement line (ranges below 1: null). */
  count(sizes: Readonly<Record<string, number>>): { total: bigint; byLine: readonly (readonly [number, bigint])[] } | null;
  /** Whether the answer's formula equals the count at these sizes ('undefined' where an index range is below 1). */
  check(sizes: Readonly<Record<string, number>>): GradientVerdict;
}

/** The count of one expression at the sizes, as a closure built once from the syntax. */
type Counter = (range: (letter: string) => bigint) => bigint;

const ZERO: Counter = () => 0n;
const plus = (a: Counter, b: Counter): Counter => (r) => a(r) + b(r);
const constant = (k: number): Counter => () => BigInt(k);

/** The counter of an expression (a statement's right side) under the weights. */
function counter(m: MathNode, w: Weights): Counter {
  const n = m as unknown as { type: string; fn: unknown; args: MathNode[]; content: MathNode; op: string };
  // a name, a number and a tensor entry have no args: they count nothing (index arithmetic is free)
  const args = () => (n.args ?? []).map((a) => counter(a, w)).reduce(plus, ZERO);
  if (m.type === 'ParenthesisNode') return counter(n.content, w);
  if (m.type === 'OperatorNode') {
    switch (n.fn as string) {
      case 'add':
      case 'subtract':
        return plus(constant(w.add), args());
      case 'multiply':
        return plus(constant(w.mul), args());
      case 'divide':
        return plus(constant(w.div), args());
      case 'pow': {
        const k = constantOf(n.args[1]);
        const written = Number.isSafeInteger(k) ? Math.max(Math.abs(k) - 1, 0) * w.mul + (k < 0 ? w.div : 0) : 0;
        return plus(constant(written), counter(n.args[0], w));
      }
    }
    return args();
  }
  const f = m.type === 'FunctionNode' ? symbolOf(n.fn as MathNode) : null;
  if (f === 'sum' || f === 'prod') {
    const letter = symbolOf(n.args[0])!;
    const body = counter(n.args[1], w);
    const combine = BigInt(f === 'sum' ? w.add : w.mul);
    return (r) => {
      const count = r(letter);
      return count * body(r) + (count - 1n) * combine;
    };
  }
  return plus(constant(f === 'exp' ? w.exp : 0), args());
}

/** The counter of each statement of a program: its loops' iterations times its own count. */
function statementCounters(program: Program, w: Weights): { line: number; count: Counter }[] {
  return program.statements.map((st) => {
    const own = plus(counter(st.rhs, w), constant(st.op === '=' ? 0 : w.add));
    return { line: st.line, count: (r) => loopsOf(st).reduce((p, letter) => p * r(letter), 1n) * own(r) };
  });
}

/**
 * The check of a `count OPERATION of PROGRAM` claim block. Throws NotationError (`file:line: …`)
 * where the claim cannot be checked as written: an unknown operation, no such program, an
 * ill-formed program, no `answer:` line, an answer that is not a formula in the sizes.
 */
export function countCheck(file: ClaimFile, claim: ClaimBlock): CountCheck {
  const fail = (line: number, what: string) => new NotationError(`${file.file}:${line}: ${what}`);
  const [operation, of, name, ...rest] = claim.args;
  if (of !== 'of' || !name || rest.length) throw fail(claim.line, `a count claim is: claim ${claim.id}: count OPERATION of PROGRAM`);
  if (!(operation in OPERATIONS)) throw fail(claim.line, `count ${operation}: the operations counted are ${Object.keys(OPERATIONS).join(', ')}`);
  const program = file.programs.get(name);
  if (!program) throw fail(claim.line, `no program "${name}" in the file`);
  const findings = lint(file, program);
  if (findings.length) throw fail(findings[0].line, findings[0].message);
  if (!claim.answer) throw fail(claim.line, `a count claim needs an answer: line (the count as a formula in the sizes)`);
  if (claim.chain.length > 1) throw fail(claim.chain[0].line, `a count claim has one formula, its answer: line`);
  const answerLine = claim.answer;
  const answer: CompiledExpression<Fraction> = compileExpression(file, { text: answerLine.text, node: answerLine.node, line: answerLine.line }, rational);
  const d = file.declarations;
  const variables: CountVariable[] = [
    ...[...d.sizes.values()].map((s) => ({ name: s.name, lo: s.lo, hi: s.hi })),
    ...[...d.reals.values()].filter((r) => r.interval.integer).map((r) => ({ name: r.name, lo: r.interval.lo.valueOf(), hi: r.interval.hi.valueOf() })),
  ];
  const statements = statementCounters(program, OPERATIONS[operation as CountedOperation]);
  const count = (sizes: Readonly<Record<string, number>>) => {
    let empty = false;
    const range = (letter: string) => {
      const extent = indexRange(file, letter, sizes);
      if (extent < 1) empty = true;
      return BigInt(extent);
    };
    const byLine = statements.map(({ line, count }) => [line, count(range)] as const);
    return empty ? null : { total: byLine.reduce((t, [, c]) => t + c, 0n), byLine };
  };
  const at = (sizes: Readonly<Record<string, number>>) =>
    variables.map((v) => `${v.name} = ${sizes[v.name]}`).join(', ');
  return {
    variables,
    operation: operation as CountedOperation,
    negated: claim.negated,
    count,
    check(sizes) {
      const truth = count(sizes);
      if (truth === null) return { holds: 'undefined', reason: `at ${at(sizes)} an index range of ${name} is empty` };
      // the integers' values (the sizes' are read from `sizes`)
      const scalars = new Map(variables.map((v) => [v.name, new Fraction(sizes[v.name])]));
      const claimed = answer({ scalars, sizes });
      if (claimed.equals(new Fraction(truth.total))) return { holds: true };
      const lines = truth.byLine.length > 1 ? ` (${truth.byLine.map(([line, c]) => `line ${line}: ${c}`).join(', ')})` : '';
      return { holds: false, reason: `at ${at(sizes)}, ${name} performs ${truth.total} ${operation}${lines}; the answer ${answerLine.text} gives ${claimed.toFraction()}` };
    },
  };
}
