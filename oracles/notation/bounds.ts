/**
 * Bounded work (issue 16 item 5): every expression, index range and enumeration gets a stated
 * bound, checked from the declarations before anything is computed, and refused in one line past
 * it. The text's own bounds (length, nesting, constants) are in language.ts.
 *
 * - MAX_WEIGHT: exact arithmetic spends its time on the length of its numbers, and a value's
 *   length is at most about its weight times 64 bits. Every variable weighs 1 (a grid point has
 *   fewer than 64 bits), a number its length in units of 64 bits (at least 1); a sum, difference, product or quotient what its operands weigh
 *   together; x^k |k| times x; a sum or product over an index its body times the range's extent;
 *   E[...] its body's (the laws' values and probabilities are short: oracles/derivation.ts).
 *   An expression that calls exp, ln, log2, tanh, σ, σ′ or an information quantity (H, I, KL, CE)
 *   has no exact value: it is computed at 50 digits, whose numbers do not grow, and its weight is
 *   not bounded (its work is: exam1-p1b sums a series of 50 terms with an exp and a ln in each).
 *   At weight 256 a rational has some 16,000 bits and an operation on it takes milliseconds
 *   (measured: x^256 of a 20-bit rational, 16 ms; x^1024, 300 ms; (x^64)^64, 6 s; (x^1000)^1000
 *   never ends).
 * - MAX_EXPONENT: each power's exponent, also one known only when it runs (x^(k − 1)).
 * - MAX_WORK: operations per evaluation, counting a sum over an index once per value of the
 *   index and E[...] once per outcome it enumerates (a definition once: it is memoized).
 * - MAX_INDEX_EXTENT: the most values an index range may take, from the declared sizes and integers.
 * - MAX_OUTCOMES: the joint outcomes an expectation may enumerate: each random variable takes up
 *   to its law's number of values (`supportOf`), so independent ones multiply and coupled ones add.
 */
import type { MathNode } from '../mathjs.ts';
import type { Declarations, LawDecl } from './syntax.ts';
import { constantOf, INFORMATION, momentOf, N, symbolOf, TRANSCENDENTAL } from './names.ts';
import { shownName } from './primes.ts';

export const MAX_WEIGHT = 256;
export const MAX_EXPONENT = 256;
export const MAX_WORK = 1_000_000;
export const MAX_INDEX_EXTENT = 1000;
export const MAX_OUTCOMES = 10_000;
/** The largest claim or derivation file read, in characters. */
export const MAX_FILE_CHARS = 1_000_000;
/** Values each random variable takes at most in an enumeration (oracles/derivation.ts's laws: two points, or three). */
export const SUPPORT_PER_VARIABLE = 3;

type Range = readonly [number, number];
const ANY: Range = [-Infinity, Infinity];

/**
 * The values an integer or real expression can take, from the declarations: sizes, integers and
 * reals in their declared ranges, index letters in theirs, numbers; + − × ÷ and whole constant
 * powers. Anything else is unbounded. Loose (each operand's range taken independently), never too
 * narrow.
 */
export function valueRange(d: Declarations, m: MathNode): Range {
  const n = N(m);
  const name = symbolOf(m);
  if (name !== null) {
    const size = d.sizes.get(name);
    if (size) return [size.lo, size.hi];
    const real = d.reals.get(name);
    if (real) return [real.interval.lo.valueOf(), real.interval.hi.valueOf()];
    const index = d.indices.get(name);
    if (index) return [index.low ? valueRange(d, index.low.node)[0] : 1, valueRange(d, index.range.node)[1]];
    const def = d.definitions.get(name);
    return def ? valueRange(d, def.expr.node) : ANY;
  }
  // a constant is a number: the language (language.ts) lets no other through
  if (m.type === 'ConstantNode') return [n.value as number, n.value as number];
  if (m.type === 'ParenthesisNode') return valueRange(d, n.content);
  if (m.type !== 'OperatorNode') return ANY;
  const [a, b] = n.args.map((x) => valueRange(d, x));
  const span = (xs: number[]): Range => (xs.some(Number.isNaN) ? ANY : [Math.min(...xs), Math.max(...xs)]);
  switch (n.fn as unknown as string) {
    case 'unaryPlus':
      return a;
    case 'unaryMinus':
      return [-a[1], -a[0]];
    case 'add':
      return [a[0] + b[0], a[1] + b[1]];
    case 'subtract':
      return [a[0] - b[1], a[1] - b[0]];
    case 'multiply':
      return span([a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]]);
    case 'divide':
      return b[0] <= 0 && b[1] >= 0 ? ANY : span([a[0] / b[0], a[0] / b[1], a[1] / b[0], a[1] / b[1]]);
    case 'pow': {
      // a whole exponent of one value (2, 2^30, 2^2^2^2^2: the last overflows to Infinity, which the bounds then say)
      const k = b[0] === b[1] ? b[0] : NaN;
      if (!(Number.isInteger(k) || k === Infinity) || k < 0) return ANY;
      const top = Math.max(Math.abs(a[0]), Math.abs(a[1])) ** k;
      return a[0] >= 0 ? [a[0] ** k, top] : [k % 2 === 0 ? 0 : -top, top];
    }
  }
  return ANY;
}

/** The most values index letter `letter` takes (Infinity where its range has no bound from the declarations): its highest value less its lowest, plus 1. */
export function indexExtent(d: Declarations, letter: string): number {
  const decl = d.indices.get(letter);
  if (!decl) return Infinity;
  const low = decl.low ? Math.ceil(valueRange(d, decl.low.node)[0]) : 1;
  return Math.max(0, Math.floor(valueRange(d, decl.range.node)[1]) - low + 1);
}

/**
 * The most values one member of a family (or one joint law) takes in an enumeration:
 * SUPPORT_PER_VARIABLE for a law by moments, any law on the reals or a symmetric one
 * (oracles/laws.ts draws two or three points), 2 for a Bernoulli, the listed outcomes for a set or
 * a categorical law, the cells of the largest set any law on 1..n (1..m, 1..n) may reach, and 1 for
 * a continuous law (sampled: each of its draws enumerates the rest, SAMPLES times per expectation).
 */
export function supportOf(d: Declarations, law: LawDecl): number {
  switch (law.kind) {
    case 'bernoulli':
      return 2;
    case 'set':
      return law.values.length;
    case 'categorical':
      return law.outcomes.length;
    case 'any':
      return law.on === null ? SUPPORT_PER_VARIABLE : law.on.reduce((n, r) => n * Math.max(1, Math.floor(valueRange(d, r.node)[1])), 1);
    case 'interval':
    case 'gaussian':
      return 1;
    default:
      return SUPPORT_PER_VARIABLE;
  }
}

/**
 * The most joint outcomes an expectation over the declared random variables enumerates, and the
 * variables counted: independent ones (and iid families, and each joint law, a block of its own)
 * multiply, coupled ones add.
 */
export function outcomesBound(d: Declarations): { outcomes: number; variables: string } {
  let independent = 1;
  let coupled = 0;
  const shown: string[] = [];
  const free = new Set(d.independent.flatMap((i) => i.names));
  for (const [name, family] of d.randoms) {
    if (family.joint) {
      // counted once, at its first name
      if (family.joint[0] === name) {
        independent *= supportOf(d, family.law);
        shown.push(`(${family.joint.join(', ')})`);
      }
      continue;
    }
    const count = (family.index === null ? 1 : indexExtent(d, family.index)) * (family.entry === null ? 1 : indexExtent(d, family.entry));
    shown.push(family.index === null ? name : family.entry === null ? `${name}[1..${count}]` : `${name}[1..${indexExtent(d, family.index)}, 1..${indexExtent(d, family.entry)}]`);
    // an iid family's members are independent of each other and of the rest (oracles/laws.ts)
    if (free.has(name) || family.iid) independent *= supportOf(d, family.law) ** count;
    else coupled += supportOf(d, family.law) * count;
  }
  return { outcomes: independent * Math.max(1, coupled), variables: shown.join(', ') };
}

/** A constant's weight: its length as the rational written (0.5 is 5/10; 1e-300 has 301 digits), in units of 64 bits, at least 1. */
function constantWeight(v: number): number {
  // String(v) of a finite number: its digits, a fraction, an exponent with its sign (1e+21, 1e-7)
  const m = /(\d+)(?:\.(\d+))?(?:e([+-]\d+))?/.exec(String(v));
  const digits = m ? m[1].length + (m[2]?.length ?? 0) + Math.abs(Number(m[3] ?? 0)) : 1;
  return Math.max(1, Math.ceil((digits * Math.log2(10)) / 64));
}

/**
 * The weight and the work of an expression (see the module comment), or the first reason either
 * passes its bound: `refuse` is called with one line before anything is computed. Returns the
 * weight and the work where both are within their bounds.
 */
export function checkWork(d: Declarations, node: MathNode, refuse: (why: string) => never): { weight: number; work: number } {
  const weights = new Map<string, number>();
  const outcomes = () => outcomesBound(d).outcomes;
  /** [weight, work] of a node. */
  const walk = (m: MathNode): [number, number] => {
    const n = N(m);
    const name = symbolOf(m);
    if (name !== null) {
      const def = d.definitions.get(name);
      if (!def) return [d.sizes.has(name) || d.indices.has(name) ? 0 : 1, 1];
      // a definition is computed once per point (memoized): its work counts once, its weight each time
      if (!weights.has(name)) {
        const [w, work] = walk(def.expr.node);
        weights.set(name, w);
        return [w, work];
      }
      return [weights.get(name)!, 1];
    }
    switch (m.type) {
      case 'ConstantNode':
        return [constantWeight(n.value as number), 1];
      case 'ParenthesisNode':
        return walk(n.content);
      case 'OperatorNode': {
        if ((n.fn as unknown as string) === 'pow') {
          const [w, work] = walk(n.args[0]);
          const [, workE] = walk(n.args[1]);
          const k = constantOf(n.args[1]);
          const range = valueRange(d, n.args[1]);
          const e = Number.isFinite(k) ? Math.abs(k) : Math.max(Math.abs(range[0]), Math.abs(range[1]));
          // too large for certain (2^2^30, 2^2^2^2^2 whose value overflows a double), or somewhere in a bounded range (x^n, n in 1..1000);
          // an unbounded one (a tensor entry) is checked when it runs, before the power is computed
          const certain = range[0] > MAX_EXPONENT || range[1] < -MAX_EXPONENT;
          if (e > MAX_EXPONENT && (Number.isFinite(e) || certain)) {
            const text = shownName(n.args[1].toString());
            const shown = Number.isFinite(k) ? String(k) : range[0] === range[1] ? `${text} = ${e}` : certain ? `${text} (at least ${Math.min(Math.abs(range[0]), Math.abs(range[1]))})` : `${text} (up to ${e})`;
            refuse(`the power ${shown} is too large to compute exactly (at most ±${MAX_EXPONENT})`);
          }
          return [w * Math.min(e, MAX_EXPONENT), work + workE + Math.ceil(Math.log2(Math.min(e, MAX_EXPONENT) + 1)) * 2];
        }
        return n.args.map(walk).reduce(([w, k], [w2, k2]) => [w + w2, k + k2], [0, 1]);
      }
      case 'FunctionNode': {
        const f = symbolOf(n.fn);
        if ((f === 'sum' || f === 'prod') && !d.functions.has(f) && n.args.length === 2) {
          // Stryker disable next-line StringLiteral: a sum over no letter (sum(2, x)) has no declared extent under any name
          const extent = indexExtent(d, symbolOf(n.args[0]) ?? '');
          const [w, work] = walk(n.args[1]);
          return [w * extent, extent * work + 1];
        }
        // a declared function's value is one drawn number; ind's is 0 or 1 (a callee is a name: the language lets no other through)
        const args = n.args.map(walk);
        const work = args.reduce((k, [, k2]) => k + k2, 1);
        if (d.functions.has(f!) || f === 'ind') return [1, work];
        if (TRANSCENDENTAL.has(f!)) fixedPrecision = true;
        // H, I, KL, CE and Pr enumerate the laws' outcomes: a number of fixed precision each
        if (INFORMATION.has(f!)) return [1, outcomes() * work + 1];
        return [args.reduce((w, [w2]) => w + w2, 0), work];
      }
      default: {
        // a tensor entry T[...], T.grad[...], or E[...] (the language lets no other node through)
        const dims = n.index.dimensions;
        const inner = dims.map(walk).reduce((k, [, k2]) => k + k2, 1);
        // E[...] enumerates its outcomes: its value is a weighted sum over them
        // Var and Cov are two and three expectations (names.ts's MOMENTS)
        const moment = momentOf(m, d);
        if (moment !== null) {
          const [w, work] = dims.map(walk).reduce(([w1, k1], [w2, k2]) => [w1 + w2, k1 + k2], [0, 0]);
          return [w + Math.ceil(Math.log2(outcomes() + 1)), (moment === 'E' ? 1 : moment === 'Var' ? 2 : 3) * outcomes() * work + 1];
        }
        return [1, inner];
      }
    }
  };
  /** Whether the expression calls exp, ln, …: then no exact system computes it, only one of fixed precision (50 digits), whose numbers do not grow. */
  let fixedPrecision = false;
  const [weight, work] = walk(node);
  if (work > MAX_WORK) refuse(`the expression takes some ${work.toExponential(1)} operations per evaluation (sums over indices, expectations over outcomes): at most ${MAX_WORK.toExponential(0)}`);
  if (weight > MAX_WEIGHT && !fixedPrecision) refuse(`the expression's weight is ${weight} (its numbers' lengths: a variable 1, a number its length in 64-bit words, a power x^k k times x's, a product the sum of its factors'): at most ${MAX_WEIGHT} is computed exactly`);
  return { weight, work };
}
