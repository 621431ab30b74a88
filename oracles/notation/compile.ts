/**
 * The compiler: a program or an expression becomes closures once per number system; running them
 * walks no syntax tree. Every operation the tree uses is checked against the number system here
 * (`has`), so a program that needs exp compiled for the rationals fails at compile time, naming
 * the line and the operation, never half-way through a run.
 *
 * Index letters live in slots of one Int32Array per run (slot k for the k-th declared index, UNBOUND
 * while unbound: 0 is a value, of time counted from 0), so a sum, a loop and a definition that reads a letter bound by an enclosing sum all see
 * one value. Index values are 1-based, as written; tensors are 0-based row-major.
 */
import Fraction from 'fraction.js';
import type { MathNode } from '../mathjs.ts';
import { dual, tangent, type Dual } from '../numbers/dual.ts';
import { has, NotRepresentable, type Analytic, type Field, type Operation, type Ring } from '../numbers/tower.ts';
import { IndexOutOfRange, NotationError } from './errors.ts';
import type { ClaimFile, CompiledExpression, CompiledProgram, Expr, ExpressionEnv, Program, ProgramEnv, Statement, Tensor } from './syntax.ts';
import { checkWork, MAX_EXPONENT } from './bounds.ts';
import { accessOf, constantOf, derivativeName, INFORMATION, isComparison, loopsOf, momentOf, N as node, scanNames, splitBar, strip, symbolOf } from './names.ts';
import { crossEntropy, entropy, kl, mutualInformation } from './information.ts';
import type { Outcome } from '../discrete.ts';
import { surd, type Surd } from '../numbers/rational.ts';
import { parseExpression, vocabularyOf } from './parse.ts';
import { shownName } from './primes.ts';

const tooLarge = (k: number) => `the power ${k} is too large to compute exactly (at most ±${MAX_EXPONENT})`;

/** What closures read while they run. */
interface Frame<T> {
  /** Index slots: the letter's value (1-based), 0 while unbound. */
  readonly idx: Int32Array;
  readonly sizes: Readonly<Record<string, number>>;
  readonly scalars: ReadonlyMap<string, T>;
  /** Tensors by the compile unit's tensor slot. */
  readonly tensors: (Tensor<T> | undefined)[];
  readonly env: ExpressionEnv<T> | null;
  /** Inside E[...]: the random variables' values. */
  readonly random: ((name: string) => T) | null;
  readonly memo: Map<string, T>;
}
type Value<T> = (f: Frame<T>) => T;
type Int = (f: Frame<unknown>) => number;

/**
 * An index expression's + − × (unary ± too) over its operands' compiled closures, or null for any
 * other operator: index arithmetic is integer arithmetic in every back end (this one, the float64
 * one of compile-float64.ts), so both build it here.
 */
export function indexOperator<F>(op: string, [a, b]: readonly ((f: F) => number)[]): ((f: F) => number) | null {
  switch (op) {
    case 'unaryPlus':
      return a;
    case 'unaryMinus':
      return (f) => -a(f);
    case 'add':
      return (f) => a(f) + b(f);
    case 'subtract':
      return (f) => a(f) - b(f);
    case 'multiply':
      return (f) => a(f) * b(f);
  }
  return null;
}

/** An index slot's content while its letter is bound by no loop or sum. */
const UNBOUND = -(2 ** 31);
/** A fresh set of index slots, every letter unbound. */
const slots = (n: number): Int32Array => new Int32Array(n).fill(UNBOUND);

/** One compile unit: a program or an expression, for one number system. */
class Unit<T> {
  readonly operations = new Set<Operation>();
  /** Tensor slots: each tensor (`T`, `T.grad`) the unit reads or writes, numbered in first use. */
  readonly tensorSlots = new Map<string, number>();
  readonly slots: ReadonlyMap<string, number>;
  private readonly defs = new Map<string, Value<T>>();
  line = 0;

  constructor(
    readonly file: ClaimFile,
    readonly N: Ring<T>,
  ) {
    this.slots = new Map([...file.declarations.indices.keys()].map((name, k) => [name, k]));
  }

  fail(problem: string): never {
    return this.failer()(problem);
  }

  /** `file:line` of the line being compiled now (`file` alone for an expression from no line). */
  where(): string {
    return `${this.file.file}${this.line > 0 ? `:${this.line}` : ''}`;
  }

  /** A failure at the line being compiled now, for closures that fail at run time (when compilation has moved on). */
  failer(): (problem: string) => never {
    const where = this.where();
    return (problem) => {
      throw new NotationError(`${where}: ${problem}`);
    };
  }

  /** The number system's operation, or a compile-time error naming what needed it. */
  need<K extends Operation>(op: K, what: string): void {
    if (!has(this.N, op)) this.fail(`${what} needs ${op}, which this number system does not have`);
    this.operations.add(op);
  }
  get F(): Field<T> {
    return this.N as Field<T>;
  }
  get A(): Analytic<T> {
    return this.N as Analytic<T>;
  }

  tensorSlot(name: string): number {
    if (!this.tensorSlots.has(name)) this.tensorSlots.set(name, this.tensorSlots.size);
    return this.tensorSlots.get(name)!;
  }

  /** The slot of an index letter (declared: scanNames and the loops' check come first). */
  slot(name: string): number {
    return this.slots.get(name)!;
  }

  /** A value: the expression's closure. */
  value(m: MathNode): Value<T> {
    const n = node(m);
    const N = this.N;
    const name = symbolOf(m);
    if (name !== null) return this.name(name);
    switch (m.type) {
      case 'ConstantNode': {
        const v = n.value as number;
        if (Number.isSafeInteger(v)) {
          const c = N.fromNumber(v);
          return () => c;
        }
        this.need('fromRational', `the constant ${v}`);
        const c = this.F.fromRational(decimalFraction(v, (problem) => this.fail(problem)));
        return () => c;
      }
      case 'ParenthesisNode':
        return this.value(n.content);
      case 'OperatorNode':
        return this.operator(m);
      case 'FunctionNode':
        return this.call(m);
      case 'AccessorNode':
        return this.read(m);
    }
    return this.fail(`"${shownName(m.toString())}" is not supported`);
  }

  private operator(m: MathNode): Value<T> {
    const n = node(m);
    const N = this.N;
    const fn = n.fn as unknown as string;
    if (fn === 'pow') return this.power(n.args[0], n.args[1]);
    const [a, b] = n.args.map((x) => this.value(x));
    switch (fn) {
      case 'unaryPlus':
        return a;
      case 'unaryMinus':
        return (f) => N.neg(a(f));
      case 'add':
        return (f) => N.add(a(f), b(f));
      case 'subtract':
        return (f) => N.sub(a(f), b(f));
      case 'multiply':
        return (f) => N.mul(a(f), b(f));
      case 'divide': {
        this.need('div', 'division');
        const F = this.F;
        return (f) => F.div(a(f), b(f));
      }
    }
    return this.fail(`operator "${n.op}" is not supported`);
  }

  /**
   * a^b: exact repeated products (by squaring) for a constant whole b (b < 0 needs division);
   * otherwise exp(b·ln a) where the system has them (0 at a = 0 for b > 0), else a product where b's value is whole at
   * run time (NotRepresentable where it is not).
   */
  private power(base: MathNode, exponent: MathNode): Value<T> {
    const N = this.N;
    const a = this.value(base);
    const k = constantOf(exponent);
    const positive = (x: T, e: number): T => {
      let out = N.one;
      // by squaring, stopping before a square no bit needs (in rationals the largest product)
      for (let sq = x; e > 0; sq = N.mul(sq, sq)) {
        if (e & 1) out = N.mul(out, sq);
        if ((e >>= 1) === 0) return out;
      }
      return out;
    };
    // a constant exponent past MAX_EXPONENT was refused with the expression (bounds.ts: checkWork)
    if (Number.isSafeInteger(k)) {
      if (k >= 0) return (f) => positive(a(f), k);
      this.need('div', 'a negative power');
      const F = this.F;
      return (f) => F.div(N.one, positive(a(f), -k));
    }
    const b = this.value(exponent);
    if (has(N, 'exp') && has(N, 'log')) {
      this.need('exp', 'a power');
      this.need('log', 'a power');
      const A = this.A;
      return (f) => {
        const [x, e] = [a(f), b(f)];
        // 0^b = 0 for b > 0, as sqrt(0) is, where exp(b·ln 0) has no value (found by review:
        // (alpha^2)^(1/2) at alpha = 0). Above 1 its derivative is 0 too; up to 1 it has none, as
        // sqrt has none: sqrt(x) times 0 carries that (a dual 0 with a tangent throws in decimals and
        // is not finite in float64), and a complex 0 + εi, whose root is not 0, goes on to exp·ln
        if (N.sign(x) === 0 && N.sign(e) > 0) {
          if (N.sign(N.sub(e, N.one)) > 0) return N.zero;
          const root = A.sqrt(x);
          if (N.toNumber(root) === 0) return N.mul(root, N.zero);
        }
        return A.exp(A.mul(e, A.log(x)));
      };
    }
    // without exp and log, an exponent known only at run time must be a whole number there (0^n, x^(k - 1))
    const where = this.where();
    const text = shownName(exponent.toString());
    const F = has(N, 'div') ? this.F : null;
    /** e as a whole number, or null where it is not one. */
    const wholeOf = (e: T): number | null => {
      const k = Math.round(N.toNumber(e));
      return Number.isSafeInteger(k) && N.sign(N.sub(e, N.fromNumber(k))) === 0 ? k : null;
    };
    // one that reads no name (x^(1/2)) has the same value at every input: not whole, it is a power
    // this system cannot take anywhere, so the program does not compile in it (equal.ts then runs
    // it at 50 digits) rather than having no value at every example
    if (exponent.filter((n) => symbolOf(n) !== null).length === 0) {
      let e: T | undefined;
      try {
        e = b({} as Frame<T>);
      } catch (error) {
        // no value at all (a 1/0): each example says so, as before
        if (!(error instanceof NotRepresentable)) throw error;
      }
      if (e !== undefined && wholeOf(e) === null) this.fail(`the power ${text} = ${N.toNumber(e)} is not a whole number: it needs exp and log`);
    }
    return (f) => {
      const e = b(f);
      const k = wholeOf(e);
      if (k !== null && Math.abs(k) > MAX_EXPONENT) throw new NotationError(`${where}: ${tooLarge(k)}`);
      if (k !== null && k >= 0) return positive(a(f), k);
      if (k !== null && F) return F.div(N.one, positive(a(f), -k));
      throw new NotRepresentable(`${where}: the power ${text} = ${N.toNumber(e)} is not a whole number${k !== null ? ' of a system with division' : ''}`);
    };
  }

  /** Σ or Π over index i of the body `compile` gives (sum(i, …), prod(i, …)), compiled once i has its slot. */
  private fold(i: string, fname: 'sum' | 'prod', compile: () => Value<T>): Value<T> {
    const N = this.N;
    const s = this.slot(i);
    // the ends are read as the sum runs: Σ_{t'=0}^{t} reads t, bound outside it
    const [lo, hi] = this.ends(i);
    const body = compile();
    const [start, step] = fname === 'sum' ? [N.zero, N.add] : [N.one, N.mul];
    return (f) => {
      const outer = f.idx[s];
      const [from, to] = [lo(f), hi(f)];
      let total = start;
      try {
        for (let k = from; k <= to; k++) {
          f.idx[s] = k;
          total = step(total, body(f));
        }
      } finally {
        f.idx[s] = outer;
      }
      return total;
    };
  }

  private call(m: MathNode): Value<T> {
    const n = node(m);
    const N = this.N;
    const fname = symbolOf(n.fn)!;
    const declared = this.file.declarations.functions.has(fname);
    if (!declared && (fname === 'sum' || fname === 'prod')) {
      return this.fold(symbolOf(n.args[0])!, fname, () => this.value(n.args[1]));
    }
    if (!declared && fname === 'diff') return this.derivative(n.args[0], symbolOf(n.args[1])!);
    if (!declared && fname === 'Pr') return this.probability(n.args);
    if (!declared && INFORMATION.has(fname)) return this.information(m, fname, n.args);
    const args = n.args.map((x) => (fname === 'ind' && !declared ? (null as unknown as Value<T>) : this.value(x)));
    const a = args[0];
    if (declared) {
      const fail = this.failer();
      if (this.file.declarations.functions.get(fname)!.polynomial) {
        // Horner, in N: a dual number's tangent flows through it like any product
        return (f) => {
          const c = f.env?.polynomial?.(fname) ?? fail(`function "${fname}" has no coefficients here`);
          const x = a(f);
          return c.reduceRight((acc, ck) => N.add(N.mul(acc, x), ck), N.zero);
        };
      }
      return (f) => {
        if (!f.env?.call) return fail(`function "${fname}" has no values here`);
        return f.env.call(fname, args.map((x) => x(f)));
      };
    }
    const A = this.A;
    const unary = (op: 'exp' | 'log' | 'sqrt' | 'tanh'): Value<T> => {
      this.need(op, `${fname}(...)`);
      return (f) => A[op](a(f));
    };
    switch (fname) {
      case 'exp':
      case 'sqrt':
      case 'tanh':
        return unary(fname);
      case 'ln':
      case 'log':
        return unary('log');
      case 'log2': {
        const ln = unary('log');
        this.need('div', 'log2(...)');
        const ln2 = A.log(N.fromNumber(2));
        return (f) => A.div(ln(f), ln2);
      }
      case 'sigma':
      case 'dsigma': {
        this.need('exp', `${fname}(...)`);
        this.need('div', `${fname}(...)`);
        const sigma = (f: Frame<T>) => A.div(N.one, N.add(N.one, A.exp(N.neg(a(f)))));
        if (fname === 'sigma') return sigma;
        return (f) => {
          const s = sigma(f);
          return N.mul(s, N.sub(N.one, s));
        };
      }
      // relu, |·|, max, min branch on the sign (a dual number on its value): relu'(0) = 0
      case 'relu':
        return (f) => {
          const x = a(f);
          return N.sign(x) > 0 ? x : N.zero;
        };
      case 'abs':
        return (f) => {
          const x = a(f);
          return N.sign(x) < 0 ? N.neg(x) : x;
        };
      case 'max':
      case 'min': {
        const keep = fname === 'max' ? 1 : -1;
        return (f) => args.map((x) => x(f)).reduce((best, y) => (N.sign(N.sub(y, best)) === keep ? y : best));
      }
      case 'ind': {
        const holds = this.comparison(n.args[0]);
        return (f) => (holds(f) ? N.one : N.zero);
      }
    }
    return this.fail(`unknown function "${fname}" (declare it with "function ${fname}")`);
  }

  /** A comparison (ind's argument, an event of Pr, a condition after a bar): whether it holds. */
  private comparison(c: MathNode): (f: Frame<T>) => boolean {
    const N = this.N;
    const cmp = node(strip(c));
    const [l, r] = cmp.args.map((x) => this.value(x));
    const holds = COMPARE[cmp.fn as unknown as string];
    return (f) => holds(N.sign(N.sub(l(f), r(f))));
  }

  /**
   * E[body | given] (`what` names it in messages): with no condition E[body]; given one event
   * (`x == 1`), E[body · 1{event}] / P(event), a number; given random variables (or expressions
   * of them), their values at the enclosing E[...]'s outcome held: E[body · 1{given = those}] /
   * P(given = those), a random variable, only inside E[...] (E[E[x | y]^2]). body reads the
   * outcome it is computed at and `held`'s values at the enclosing one (Pr(x, y) is the law at
   * the enclosing values), read before the enumeration starts: the enclosing outcome is fixed
   * first (a read of it inside would branch the inner enumeration on the outer laws). A condition
   * of probability 0 has no value (NotRepresentable: the point is skipped).
   */
  private conditioned(given: readonly MathNode[], what: string, body: (inner: Frame<T>, held: readonly T[]) => T, held: readonly Value<T>[] = []): Value<T> {
    const N = this.N;
    this.need('div', what);
    const F = this.F;
    const fail = this.failer();
    const expect = (f: Frame<T>, g: (inner: Frame<T>) => T): T => (f.env?.expect ? f.env.expect((random) => g({ ...f, random })) : fail(`${what} needs laws: this expression has none`));
    const ratio = (num: T, den: T): T => {
      if (N.sign(den) === 0) throw new NotRepresentable(`${what}: the condition has probability 0`);
      return F.div(num, den);
    };
    const event = given.length === 1 && isComparison(given[0]) ? this.comparison(given[0]) : null;
    const values = event ? [] : given.map((x) => this.value(x));
    const shown = [...given].map((x) => shownName(x.toString())).join(', ');
    return (f) => {
      if (values.length > 0 && f.random === null) return fail(`${what} is a random variable (a function of ${shown}): put it inside E[...]`);
      if (held.length > 0 && f.random === null) return fail(`${what} is the law at the outcome drawn: put it inside E[...]`);
      const kept = held.map((v) => v(f));
      const at = values.map((v) => v(f));
      const holds = event ?? ((g: Frame<T>) => values.every((v, k) => N.sign(N.sub(v(g), at[k])) === 0));
      if (given.length === 0) return expect(f, (g) => body(g, kept));
      return ratio(expect(f, (g) => (holds(g) ? body(g, kept) : N.zero)), expect(f, (g) => (holds(g) ? N.one : N.zero)));
    };
  }

  /**
   * Pr(event), Pr(event | condition): the probability, exactly where the laws are rational;
   * Pr(x, y), Pr(y | x): the law at the enclosing E[...]'s values of its random variables (the
   * course's P(x, y) and P(y | x) inside an expectation).
   */
  private probability(args: readonly MathNode[]): Value<T> {
    const N = this.N;
    const { of, given } = splitBar(args);
    if (isComparison(of[0])) {
      const holds = this.comparison(of[0]);
      return this.conditioned(given, 'Pr(...)', (g) => (holds(g) ? N.one : N.zero));
    }
    const values = of.map((x) => this.value(x));
    return this.conditioned(given, `Pr(${of.map((x) => shownName(x.toString())).join(', ')})`, (g, at) => (values.every((v, k) => N.sign(N.sub(v(g), at[k])) === 0) ? N.one : N.zero), values);
  }

  /**
   * H, I, KL, CE (`information.ts`) of the law of their arguments: each argument (a random
   * variable, or an expression of random variables, index letters, sizes and numbers) is computed
   * in the surds at every outcome, so equal values are told apart exactly, and the quantity from
   * their joint law with one logarithm per term, in this unit's system (it needs log). Remembered
   * per point, as E[...] is.
   */
  private information(m: MathNode, fname: string, args: readonly MathNode[]): Value<T> {
    this.need('log', `${fname}(...)`);
    this.need('fromRational', `${fname}(...)`);
    const A = this.A;
    const { of, given } = splitBar(args);
    const exact = new Unit(this.file, surd);
    exact.line = this.line;
    const parts = [...of, ...given].map((x) => {
      const real = this.realRead(x);
      if (real !== null) this.fail(`${fname}(...) reads the real "${real}": its arguments are random variables and expressions of them (with index letters, sizes and numbers), whose values are exact`);
      return exact.value(x);
    });
    const quantity = fname === 'H' ? (law: readonly Outcome[]) => entropy(A, law, of.length) : fname === 'I' ? (law: readonly Outcome[]) => mutualInformation(A, law) : fname === 'KL' ? (law: readonly Outcome[]) => kl(A, law) : (law: readonly Outcome[]) => crossEntropy(A, law);
    const key = `${fname}${nodeId(m)}|`;
    const fail = this.failer();
    return (f) => {
      const k = key + f.idx.join();
      const hit = f.memo.get(k);
      if (hit !== undefined) return hit;
      if (!f.env?.law) return fail(`${fname}(...) needs laws: this expression has none`);
      const law = f.env.law((value) => {
        const g: Frame<Surd> = { idx: f.idx, sizes: f.sizes, scalars: NO_SCALARS, tensors: [], env: null, random: (name) => surd.fromRational(value(name)), memo: new Map() };
        return parts.map((p) => surd.show(p(g)));
      });
      const v = quantity(law);
      f.memo.set(k, v);
      return v;
    };
  }

  /** A real (or integer) the expression reads, through its definitions too, or null. */
  private realRead(m: MathNode): string | null {
    const d = this.file.declarations;
    const name = symbolOf(m);
    if (name !== null) {
      if (d.reals.has(name)) return name;
      const def = d.definitions.get(name);
      return def ? this.realRead(def.expr.node) : null;
    }
    const n = node(m);
    const children = m.type === 'AccessorNode' ? n.index.dimensions : m.type === 'ParenthesisNode' ? [n.content] : (n.args ?? []);
    for (const c of children) {
      const r = this.realRead(c);
      if (r !== null) return r;
    }
    return null;
  }

  /**
   * diff(body, x): the derivative of body in the real x, by forward mode: body compiled once more
   * over dual numbers of N (oracles/numbers/dual.ts), run with x's tangent 1 and every other value's
   * 0, its tangent read off. As exact as N (rationals: exactly). A declared function's derivative
   * is its environment's: an uninterpreted one's a value of its own (`l'`, asked by name), a
   * polynomial's by the chain rule through Horner. Nests (diff of diff) by the same rule.
   */
  private derivative(body: MathNode, x: string): Value<T> {
    const N = this.N;
    const D = dual(N);
    const inner = new Unit(this.file, D);
    inner.line = this.line;
    const value = inner.value(body);
    if (inner.tensorSlots.size > 0) this.fail('diff(...) of a tensor entry is not supported');
    for (const op of inner.operations) this.operations.add(op);
    const constant = (v: T): Dual<T> => ({ v, d: [] });
    const along: T[] = [N.one];
    return (f) => {
      const scalars = new Map([...f.scalars].map(([name, v]) => [name, name === x ? { v, d: along } : constant(v)]));
      const env = f.env;
      const lifted: ExpressionEnv<Dual<T>> = {
        scalars,
        ...(env?.call && { call: (name: string, args: readonly Dual<T>[]) => liftedCall(N, env.call!.bind(env), name, args) }),
        ...(env?.polynomial && { polynomial: (name: string) => env.polynomial!(name).map(constant) }),
      };
      const random = f.random;
      const out = value({ idx: f.idx, sizes: f.sizes, scalars, tensors: [], env: lifted, random: random && ((name) => constant(random(name))), memo: new Map() });
      return tangent(N, out, 0);
    };
  }

  /**
   * E[x] by linearity, where x is a sum: E[a ± b] = E[a] ± E[b], E[−a] = −E[a], E[sum(i, t)] =
   * sum(i, E[t]), each term's expectation enumerating only the laws it reads (Σᵢ E[wᵢxᵢ] is d
   * enumerations of 9 outcomes, not one of 9^d). Used where the environment's expectations are
   * exact enumerations (`ExpressionEnv.linear`), where linearity holds exactly; null where x is
   * not a sum (nothing to split).
   */
  private linear(x: MathNode): Value<T> | null {
    const n = node(x);
    if (x.type === 'ParenthesisNode') return this.linear(n.content);
    // a definition's name (E[y], let y = sum(…)): its expression, as `name` reads it (same frame, same letters)
    const d = this.file.declarations;
    const name = symbolOf(x);
    if (name !== null) {
      const def = !d.indices.has(name) && !d.reals.has(name) ? d.definitions.get(name) : undefined;
      if (!def) return null;
      const saved = this.line;
      this.line = def.expr.line;
      const split = this.linear(def.expr.node);
      this.line = saved;
      return split;
    }
    const N = this.N;
    // each term's expectation remembered at the point by its text and the bound letters: the same
    // term met through a definition and written out (E[y] and E[sum(i, w[i]*x[i])]) is enumerated once
    const E = (t: MathNode): Value<T> => {
      const body = this.value(t);
      const key = `E[${t.toString()}]|`;
      return (f) => {
        const k = key + f.idx.join();
        const hit = f.memo.get(k);
        if (hit !== undefined) return hit;
        const v = f.env!.expect!((random) => body({ ...f, random }));
        f.memo.set(k, v);
        return v;
      };
    };
    const termOf = (t: MathNode): Value<T> => this.linear(t) ?? E(t);
    if (x.type === 'OperatorNode' && n.args.length === 2 && ((n.fn as unknown as string) === 'add' || (n.fn as unknown as string) === 'subtract')) {
      const [a, b] = n.args.map(termOf);
      return (n.fn as unknown as string) === 'add' ? (f) => N.add(a(f), b(f)) : (f) => N.sub(a(f), b(f));
    }
    if (x.type === 'OperatorNode' && (n.fn as unknown as string) === 'unaryMinus') {
      const a = termOf(n.args[0]);
      return (f) => N.neg(a(f));
    }
    if (x.type === 'FunctionNode' && symbolOf(n.fn) === 'sum' && !d.functions.has('sum')) return this.fold(symbolOf(n.args[0])!, 'sum', () => termOf(n.args[1]));
    return null;
  }

  /** A tensor entry, a random family's member, or a moment: E[...] (E[... | ...] conditioned), Var[...], Cov[..., ...]. */
  private read(m: MathNode): Value<T> {
    const n = node(m);
    const a = accessOf(m);
    const d = this.file.declarations;
    const dims = n.index.dimensions;
    const moment = momentOf(m, d);
    if (moment === 'E' && splitBar(dims).bars > 0) {
      const { of, given } = splitBar(dims);
      const body = this.value(of[0]);
      return this.conditioned(given, 'E[... | ...]', body);
    }
    if (moment !== null) {
      const N = this.N;
      const bodies = dims.map((x) => this.value(x));
      const key = `E${nodeId(m)}|`;
      const fail = this.failer();
      // Var[X] = E[X²] − E[X]², Cov[X, Y] = E[XY] − E[X]E[Y]: each an expectation of the environment's
      const split = moment === 'E' ? this.linear(dims[0]) : null;
      const compute = (f: Frame<T>): T => {
        if (!f.env?.expect) return fail(`${moment}[...] needs laws: this expression has none`);
        if (split && f.env.linear) {
          try {
            return split(f);
          } catch (e) {
            // a term's expectation may leave the system (Σ p·√w in the surds) where the whole's does not
            if (!(e instanceof NotRepresentable)) throw e;
          }
        }
        const E = (g: (inner: Frame<T>) => T) => f.env!.expect!((random) => g({ ...f, random }));
        const [x, y] = [bodies[0], bodies[1] ?? bodies[0]];
        const mean = E(x);
        if (moment === 'E') return mean;
        return N.sub(E((inner) => N.mul(x(inner), y(inner))), N.mul(mean, moment === 'Var' ? mean : E(y)));
      };
      return (f) => {
        const k = key + f.idx.join();
        const hit = f.memo.get(k);
        if (hit !== undefined) return hit;
        const v = compute(f);
        f.memo.set(k, v);
        return v;
      };
    }
    const family = a !== null && !a.grad ? d.randoms.get(a.tensor) : undefined;
    if (family?.index) {
      // a member w[2], or a vector family's entry g[2, 1]
      const axes = [family.index, family.entry].filter((i) => i !== null).map((letter, axis) => ({ k: this.index(dims[axis]), count: this.range(letter), text: shownName(dims[axis].toString()) }));
      const random = this.random();
      const where = this.where();
      const at = (f: Frame<T>, { k, count, text }: (typeof axes)[number]): number => {
        const v = k(f);
        if (v < 1 || v > count(f)) throw new IndexOutOfRange(`${where}: index ${text} = ${v} is outside 1..${count(f)} (${family.name})`);
        return v;
      };
      // a member of a family with one index: its name made once per index value (an expectation reads it at every outcome)
      const names: string[] = [];
      if (axes.length === 1)
        return (f) => {
          const v = at(f, axes[0]);
          return random(f, (names[v] ??= `${family.name}[${v}]`));
        };
      return (f) => random(f, `${family.name}[${axes.map((axis) => at(f, axis)).join(', ')}]`);
    }
    const offset = this.offset(m);
    const t = this.tensorSlot(a!.grad ? `${a!.tensor}.grad` : a!.tensor);
    return (f) => f.tensors[t]!.data[offset(f)];
  }

  /** The row-major offset of an access T[i, j] (checked against T's declared arity), with range checks at run time. */
  offset(m: MathNode): Int {
    const n = node(m);
    const a = accessOf(m);
    const decl = a === null ? undefined : this.file.declarations.tensors.get(a.tensor);
    if (a === null || decl === undefined) return this.fail(`undeclared tensor "${a?.tensor ?? shownName(n.object.toString())}"`);
    const dims = n.index.dimensions;
    if (dims.length !== decl.axes.length) this.fail(`${a.tensor} has ${decl.axes.length} ${decl.axes.length === 1 ? 'axis' : 'axes'} (${a.tensor}[${decl.axes.join(', ')}]) but is read as ${shownName(m.toString())}`);
    const name = a.grad ? `${a.tensor}.grad` : a.tensor;
    const t = this.tensorSlot(name);
    const ks = dims.map((x) => this.index(x));
    const lows = decl.axes.map((letter) => this.ends(letter)[0]);
    const texts = dims.map((x) => shownName(x.toString()));
    const where = this.where();
    return (f) => {
      const shape = f.tensors[t]!.shape;
      let off = 0;
      for (let axis = 0; axis < ks.length; axis++) {
        const v = ks[axis](f);
        const low = lows[axis](f);
        if (v < low || v >= low + shape[axis]) throw new IndexOutOfRange(`${where}: index ${texts[axis]} = ${v} is outside ${low}..${low + shape[axis] - 1} (axis ${axis + 1} of ${name})`);
        off = off * shape[axis] + (v - low);
      }
      return off;
    };
  }

  /** An integer: an index expression or a range (letters, sizes, integers, + − ×, gathers). */
  index(m: MathNode): Int {
    const n = node(m);
    const name = symbolOf(m);
    const d = this.file.declarations;
    const N = this.N;
    const fail = this.failer();
    if (name !== null) {
      if (d.indices.has(name)) {
        const s = this.slot(name);
        return (f) => {
          const v = f.idx[s];
          return v !== UNBOUND ? v : fail(`index "${name}" is not bound here`);
        };
      }
      if (d.sizes.has(name)) return (f) => f.sizes[name] ?? fail(`no value for the size ${name}`);
      if (d.reals.get(name)?.interval.integer || d.definitions.has(name)) {
        const v = this.name(name);
        return (f) => integer(N.toNumber(v(f as Frame<T>)), name, fail);
      }
      return this.fail(`"${name}" is not an index, a size or an integer`);
    }
    switch (m.type) {
      case 'ConstantNode':
        return Number.isSafeInteger(n.value) ? () => n.value as number : this.fail(`${String(n.value)} is not an integer index`);
      case 'ParenthesisNode':
        return this.index(n.content);
      case 'OperatorNode': {
        const op = indexOperator(n.fn as unknown as string, n.args.map((x) => this.index(x)));
        if (op) return op;
        break;
      }
      case 'AccessorNode': {
        const v = this.read(m);
        const text = shownName(m.toString());
        return (f) => integer(N.toNumber(v(f as Frame<T>)), text, fail);
      }
    }
    return this.fail(`"${shownName(m.toString())}" is not an index expression (letters, sizes, integers, + - *, gathers k[p])`);
  }

  /** The extent of an index letter's range, from its declaration: its high end less its low one, plus 1. */
  range(letter: string): Int {
    const [lo, hi] = this.ends(letter);
    return (f) => hi(f) - lo(f) + 1;
  }

  /** The low and high ends of an index letter's range (`index t in 0..T - 1`: 0 and T − 1; low 1 where not written). */
  ends(letter: string): [Int, Int] {
    const decl = this.file.declarations.indices.get(letter);
    if (!decl) return this.fail(`"${letter}" is not a declared index`);
    const saved = this.line;
    this.line = decl.line;
    const ends: [Int, Int] = [decl.low ? this.index(decl.low.node) : () => 1, this.index(decl.range.node)];
    this.line = saved;
    return ends;
  }

  /** A scalar name: bound index, real or integer, definition, size, or random variable. */
  private name(name: string): Value<T> {
    const d = this.file.declarations;
    const N = this.N;
    const fail = this.failer();
    if (d.indices.has(name)) {
      const s = this.slot(name);
      return (f) => {
        const v = f.idx[s];
        return N.fromNumber(v !== UNBOUND ? v : fail(`index "${name}" is not bound here`));
      };
    }
    if (d.reals.has(name)) return (f) => f.scalars.get(name) ?? fail(`no value for ${name}`);
    const def = d.definitions.get(name);
    if (def) return this.definition(name, def.expr);
    if (d.sizes.has(name)) return (f) => N.fromNumber(f.sizes[name] ?? fail(`no value for the size ${name}`));
    if (d.randoms.has(name)) {
      const random = this.random();
      return (f) => random(f, name);
    }
    return this.fail(`undeclared variable "${name}"`);
  }

  /** A random variable's value (family member `w[2]` or `w`): only inside E[...]. */
  private random(): (f: Frame<T>, member: string) => T {
    const fail = this.failer();
    return (f, member) => (f.random === null ? fail(`${member} is random: put it inside E[...]`) : f.random(member));
  }

  /** A definition's closure (compiled once per unit), memoized per point outside E[...] (inside, it reads the random variables). */
  /** The index letters an expression reads, through the definitions it reads too (a sum's own letter included: a superset is safe). */
  private lettersRead(m: MathNode, seen: Set<string>): string[] {
    const d = this.file.declarations;
    const letters = new Set<string>();
    m.traverse((c) => {
      const name = symbolOf(c);
      if (name === null) return;
      if (d.indices.has(name)) letters.add(name);
      const def = d.definitions.get(name);
      if (def && !seen.has(name)) {
        seen.add(name);
        for (const l of this.lettersRead(def.expr.node, seen)) letters.add(l);
      }
    });
    return [...letters];
  }

  private definition(name: string, expr: Expr): Value<T> {
    let v = this.defs.get(name);
    if (!v) {
      const saved = this.line;
      this.line = expr.line;
      const body = this.value(expr.node);
      this.line = saved;
      // remembered per value of the index letters it reads (a normalizer Z = sum(m, …) read inside sum(n, …) is computed once, not once per n)
      const slots = this.lettersRead(expr.node, new Set()).map((l) => this.slot(l));
      v = (f) => {
        if (f.random !== null) return body(f);
        const key = `let ${name}|${slots.map((k) => f.idx[k]).join()}`;
        const hit = f.memo.get(key);
        if (hit !== undefined) return hit;
        const value = body(f);
        f.memo.set(key, value);
        return value;
      };
      this.defs.set(name, v);
    }
    return v;
  }
}

/**
 * An uninterpreted function at dual arguments: its value at their values, and its tangent by the
 * chain rule, Σₖ ∂ₖf · argₖ′, each ∂ₖf a value of its own (`derivativeName`), asked only where argₖ
 * has a tangent (so values never needed are never drawn).
 */
function liftedCall<T>(N: Ring<T>, call: (name: string, args: readonly T[]) => T, name: string, args: readonly Dual<T>[]): Dual<T> {
  const values = args.map((a) => a.v);
  const v = call(name, values);
  let d: T[] = [];
  args.forEach((a, k) => {
    if (a.d.length === 0) return;
    const partial = call(derivativeName(name, k, args.length), values);
    const n = Math.max(d.length, a.d.length);
    d = Array.from({ length: n }, (_, t) => N.add(tangent(N, { v, d }, t), N.mul(tangent(N, a, t), partial)));
  });
  return { v, d };
}

const COMPARE: Record<string, (s: -1 | 0 | 1) => boolean> = {
  larger: (s) => s > 0,
  largerEq: (s) => s >= 0,
  smaller: (s) => s < 0,
  smallerEq: (s) => s <= 0,
  equal: (s) => s === 0,
  unequal: (s) => s !== 0,
};

/**
 * The rational a constant was written as: the shortest decimal that reads back as the double
 * (0.1 is 1/10, 1e-30 is 1/10^30), not the double's binary value. mathjs keeps only the double.
 */
export function decimalFraction(v: number, fail: (problem: string) => never): Fraction {
  const m = String(v).match(/^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/);
  if (!m) return fail(`the constant ${v} is not a finite number`);
  const exponent = Number(m[4] ?? 0) - (m[3] ?? '').length;
  const digits = BigInt(`${m[1]}${m[2]}${m[3] ?? ''}`);
  return exponent >= 0 ? new Fraction(digits * 10n ** BigInt(exponent)) : new Fraction(digits, 10n ** BigInt(-exponent));
}

function integer(x: number, what: string, fail: (p: string) => never): number {
  return Number.isSafeInteger(x) ? x : fail(`${what} = ${x} is not an integer`);
}

const ids = new WeakMap<MathNode, number>();
let nextId = 0;
// Stryker disable next-line UpdateOperator,ArithmeticOperator: ids only tell nodes apart in memo keys, and decreasing ids are as distinct
const nodeId = (m: MathNode): number => ids.get(m) ?? (ids.set(m, nextId++), nextId - 1);

const NO_SCALARS: ReadonlyMap<string, never> = new Map<string, never>();

/**
 * Compile a program for the number system N, once (a second call with the same program and N
 * returns the same compiled program). Each statement is checked (names, arities) and
 * every operation it uses is looked up in N here; `run` then executes the statements in order.
 * Throws NotationError `file:line: …` for the first statement that cannot be compiled.
 */
export function compileProgram<T>(file: ClaimFile, program: Program, N: Ring<T>): CompiledProgram<T> {
  return cached([file, program, N], () => compileProgramOnce(file, program, N));
}

/** Compiled programs and expressions by (file, syntax, number system): compiling twice gives the same closures. */
const compiledCache = new WeakMap<object, WeakMap<object, WeakMap<object, unknown>>>();
function cached<V>([file, syntax, N]: readonly [object, object, object], make: () => V): V {
  if (!compiledCache.has(file)) compiledCache.set(file, new WeakMap());
  const byFile = compiledCache.get(file)!;
  if (!byFile.has(syntax)) byFile.set(syntax, new WeakMap());
  const bySyntax = byFile.get(syntax)!;
  if (!bySyntax.has(N)) bySyntax.set(N, make());
  return bySyntax.get(N) as V;
}

function compileProgramOnce<T>(file: ClaimFile, program: Program, N: Ring<T>): CompiledProgram<T> {
  const unit = new Unit(file, N);
  const reads = new Set<string>();
  const writes = new Set<string>();
  const statements = program.statements.map((st) => {
    unit.line = st.line;
    scanNames(st.rhs, new Set(loopsOf(st)), { decls: file.declarations, defined: new Set(file.declarations.definitions.keys()), program: true, problem: (p) => unit.fail(p.message), access: (a) => void reads.add(a.grad ? `${a.tensor}.grad` : a.tensor) });
    return compileStatement(unit, st, writes);
  });
  const steps = stepBlocks(unit, program.statements, statements);
  const decls = file.declarations;
  const names = [...unit.tensorSlots.keys()];
  // each tensor's declared extents, compiled here like everything else
  const shapes = names.map((name) => decls.tensors.get(name.replace(/\.grad$/, ''))!.axes.map((a) => unit.range(a)));
  const shapeFrame = (sizes: Readonly<Record<string, number>>): Frame<T> => ({ idx: slots(0), sizes, scalars: NO_SCALARS, tensors: [], env: null, random: null, memo: new Map() });
  return {
    reads,
    writes,
    operations: unit.operations,
    run(env: ProgramEnv<T>) {
      const sizesOnly = shapeFrame(env.sizes);
      const tensors = names.map((name, k) => {
        const base = name.replace(/\.grad$/, '');
        const shape = shapes[k].map((extent) => extent(sizesOnly));
        let t = env.tensors.get(name);
        if (t === undefined) {
          if (!writes.has(name)) throw new NotationError(`${file.file}:${program.line}: program ${program.name} reads ${name}, which the run does not give`);
          t = { shape, data: Array.from({ length: shape.reduce((p, x) => p * x, 1) }, () => N.zero) };
          env.tensors.set(name, t);
        } else if (t.shape.length !== shape.length || t.shape.some((x, k) => x !== shape[k]) || t.data.length !== shape.reduce((p, x) => p * x, 1)) {
          throw new NotationError(`${file.file}:${decls.tensors.get(base)!.line}: ${name} has shape [${t.shape.join(', ')}] (${t.data.length} entries) where its declaration gives [${shape.join(', ')}]`);
        }
        return t;
      });
      // an update rule's gradient ∇ℓ(Θ[t, i]) is a declared function, its values the run's
      const calls: ExpressionEnv<T> | null = env.call ? { scalars: env.scalars ?? NO_SCALARS, call: env.call } : null;
      const frame: Frame<T> = { idx: slots(unit.slots.size), sizes: env.sizes, scalars: env.scalars ?? NO_SCALARS, tensors, env: calls, random: null, memo: new Map() };
      for (const s of steps) s(frame);
    },
  };
}

/**
 * The program's statements as they run: each alone, except a `step t:` block's, which run in
 * order inside one loop over t (so Θ^{t+1} reads the v^{t+1} of the same step).
 */
function stepBlocks<T>(unit: Unit<T>, statements: readonly Statement[], compiled: readonly ((f: Frame<T>) => void)[]): ((f: Frame<T>) => void)[] {
  const out: ((f: Frame<T>) => void)[] = [];
  for (let k = 0; k < statements.length; ) {
    const step = statements[k].step;
    let end = k + 1;
    while (step && end < statements.length && statements[end].step?.line === step.line) end++;
    const body = compiled.slice(k, end);
    if (!step) out.push(body[0]);
    else {
      unit.line = step.line;
      out.push(loopOver(unit, step.letter, (f) => {
        for (const s of body) s(f);
      }));
    }
    k = end;
  }
  return out;
}

/** `inner` once per value of the letter, low end to high, the letter's slot set while it runs. */
function loopOver<T>(unit: Unit<T>, letter: string, inner: (f: Frame<T>) => void): (f: Frame<T>) => void {
  const s = unit.slot(letter);
  const [lo, hi] = unit.ends(letter);
  return (f) => {
    const to = hi(f);
    for (let k = lo(f); k <= to; k++) {
      f.idx[s] = k;
      inner(f);
    }
    f.idx[s] = UNBOUND;
  };
}

function compileStatement<T>(unit: Unit<T>, st: Statement, writes: Set<string>): (f: Frame<T>) => void {
  const N = unit.N;
  const d = unit.file.declarations;
  for (const i of st.loops) if (!d.indices.has(i)) unit.fail(`"${i}" in the for list is not a declared index`);
  checkWork(d, st.rhs, (why) => unit.fail(why));
  const rhs = unit.value(st.rhs);
  const name = st.target.grad ? `${st.target.tensor}.grad` : st.target.tensor;
  const target = unit.offset(st.target.node);
  const t = unit.tensorSlot(name);
  writes.add(name);
  const update = st.op === '+=' ? N.add : st.op === '-=' ? N.sub : (_: T, v: T) => v;
  const exec = (f: Frame<T>) => {
    const v = rhs(f);
    const data = f.tensors[t]!.data;
    const off = target(f);
    data[off] = update(data[off], v);
  };
  // the loops, outermost first: each sets its letter's slot (a step's letter is set by its block)
  return st.loops.reduceRight<(f: Frame<T>) => void>((inner, letter) => loopOver(unit, letter, inner), exec);
}

/** A tensor's declared shape for these sizes (each axis the extent of its index letter's range). */
export function tensorShape(file: ClaimFile, tensor: string, sizes: Readonly<Record<string, number>>): number[] {
  const decl = file.declarations.tensors.get(tensor);
  if (!decl) throw new NotationError(`${file.file}: no tensor "${tensor}" is declared`);
  return decl.axes.map((a) => indexRange(file, a, sizes));
}

/** The extent of index letter's range (`index j in 1..J`: sizes.J) for these sizes. */
export function indexRange(file: ClaimFile, letter: string, sizes: Readonly<Record<string, number>>): number {
  const unit = new Unit(file, RANGE_RING);
  const frame: Frame<number> = { idx: slots(unit.slots.size), sizes, scalars: NO_SCALARS, tensors: [], env: null, random: null, memo: new Map() };
  return unit.range(letter)(frame);
}
/** Ranges are integers of sizes: the ring they are computed in never leaves the integers. */
const RANGE_RING: Ring<number> = { zero: 0, one: 1, fromNumber: (x) => x, add: (a, b) => a + b, sub: (a, b) => a - b, mul: (a, b) => a * b, neg: (a) => -a, toNumber: (a) => a, sign: (a) => Math.sign(a) as -1 | 0 | 1 };

/**
 * Compile a scalar expression (a chain line, a formula answer) once for the number system N. Its
 * names are checked against the file's declarations and definitions (NotationError naming the
 * first problem); a string is parsed first, and a string or a bare syntax tree has line 0 (messages
 * name the file only). Compiled once per (file, syntax tree, line, N): lines with one text share
 * one tree (parse.ts), and each names itself in the errors its closures throw at run time.
 */
export function compileExpression<T>(file: ClaimFile, expr: string | Expr | MathNode, N: Ring<T>): CompiledExpression<T> {
  const e = typeof expr === 'string' ? parseExpression(expr, file.file, 0, 'expression', vocabularyOf(file.declarations.functions)) : 'node' in expr ? expr : { text: shownName(expr.toString()), node: expr, line: 0 };
  const byLine = cached([file, e.node, N], () => new Map<number, CompiledExpression<T>>());
  let c = byLine.get(e.line);
  if (!c) byLine.set(e.line, (c = compileExpressionOnce(file, e, N)));
  return c;
}

function compileExpressionOnce<T>(file: ClaimFile, e: Expr, N: Ring<T>): CompiledExpression<T> {
  const unit = new Unit(file, N);
  unit.line = e.line;
  scanNames(e.node, new Set(), { decls: file.declarations, defined: new Set(file.declarations.definitions.keys()), program: false, problem: (p) => unit.fail(p.message) });
  checkWork(file.declarations, e.node, (why) => unit.fail(why));
  const body = unit.value(e.node);
  const names = [...unit.tensorSlots.keys()];
  const compiled = (env: ExpressionEnv<T>): T => {
    const tensors = names.map((n) => env.tensors?.get(n) ?? unit.fail(`no tensor ${n} to read`));
    return body({ idx: slots(unit.slots.size), sizes: env.sizes ?? {}, scalars: env.scalars, tensors, env, random: null, memo: env.memo ?? new Map() });
  };
  return Object.assign(compiled, { operations: unit.operations as ReadonlySet<Operation> });
}
