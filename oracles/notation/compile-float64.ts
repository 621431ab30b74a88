/**
 * The compiler's float64 back end, for checks at scale (oracles/checks/gradient.ts): a `+=`
 * program becomes JavaScript source, loops over Float64Arrays with every value in a local and
 * carried with a running bound on its distance from the exact value (Higham, Accuracy and
 * Stability of Numerical Algorithms, §3.3; the rules of oracles/numbers/error-bound.ts's
 * float64WithError, written out inline so that a run allocates nothing and calls nothing per
 * entry). Each statement's source is written once (from templates and numbers only: no text of
 * the claim file is evaluated, see Unit) and made functions by new Function on its first run at
 * each split of its loops (splitDepth); a run walks no syntax tree. Measured (node --cpu-prof)
 * on a softmax over 1000 × 1000: closures per operation took 58% of the check; the generated code
 * is 3 to 4 times faster. What a first run costs beyond the loops is V8 compiling them: the code
 * keeps that small (a value leaving the band is thrown once at the end, rule.normal; a function
 * declares only what it uses) and gives V8 functions it can optimize from their start (splitDepth).
 *
 * Two runs: `run` executes the statements in order (each tensor a value array and an error array);
 * `reverse` then carries adjoints from the tensors' entries back through the statements, last
 * first (reverse-mode differentiation, Griewank & Walther ch. 3), each adjoint with its own bound,
 * so one pass gives the gradient of Σ adjoint · entry in every input entry. The reverse pass
 * recomputes each statement's right-hand side from the tensors as the forward run left them,
 * which is sound because a program compiled here reads no tensor that the same or a later
 * statement writes (otherwise: Float64Unsupported).
 *
 * Rounding, per operation with result v (a nonzero result outside the band [2^-300, 2^300], a
 * nonzero product or quotient rounded to 0, or a bound above 2^300, infinite or NaN throws
 * LeftFloat64, the band's at the end of the statement (rule.normal), and the exact path decides):
 *   a ± b   e_a + e_b + |a + b − v|         (TwoSum's residual, exact: sumError)
 *   a · b   |a|e_b + |b|e_a + e_a·e_b + |ab − v|   (Dekker's residual, exact; else u|v|)
 *   a / b   e_a/(|b| − e_b) + |v|·e_b/(|b| − e_b) + u|v|, e_b ≤ |b|/2 (else LeftFloat64): the
 *           distance of a/b from a'/b' for |a − a'| ≤ e_a, |b − b'| ≤ e_b, with |a/b| ≤ |v|(1 + 2u)
 *           inside the widening; no product of two magnitudes, which overflowed to ∞ (a bound of 0)
 *           past |b| = 2^512 and underflowed below 2^-512
 *   a += x  compensated: hi + lo, TwoSum, the residual of lo's own sum (accumulate)
 *   exp a   |v|(e^{e_a} − 1)(1 + 2^-45) + 8u|v|
 *   ln a    e_a / (a − e_a) · (1 + 2^-45) + 8u|v|, e_a < a (else LeftFloat64)
 *   tanh a  e_a + 8u|v|                     (|tanh′| ≤ 1)
 * with u = 2^-53 and each bound widened by 2^-49 for its own rounding (error-bound.ts).
 * BAND: values kept within [2^-300, 2^300] (or 0) so that no bound term overflows, and where an
 * operand's bound is nonzero, TINY = 2^-600 added to the result's: a term of a bound that
 * underflows loses under 2^-1022, and one operation multiplies it by at most 2^301 after (÷ by
 * |b| − e_b ≥ 2^-301, × |v| ≤ 2^300), so under 2^-721 is lost, which TINY covers; the lost part
 * would have propagated as TINY does. Found by review (a false alarm: ((1e-150 + 1e-160) − 1e-150)
 * / 1e-160 had the bound u|v| alone; exp(x − 800), 0, a bound of 0). 8u|v| is
 * four ulps of v: V8's Math.exp, Math.log and Math.tanh are fdlibm's (V8's base/ieee754.cc),
 * whose sources state errors below 1 ulp for exp and log (e_exp.c, e_log.c) and build tanh on
 * expm1 (below 1 ulp, s_expm1.c) with a few roundings after; four ulps covers them with room.
 * Constants: the decimal as the exact path reads it (compile.ts's decimalFraction: 0.1 is 1/10),
 * as the nearest double and a bound on its distance (error-bound.ts's fromRational): 0 where the
 * double is that decimal (integers, 0.25).
 */
import type { MathNode } from '../mathjs.ts';
import { NotationError } from './errors.ts';
import { float64WithError } from '../numbers/error-bound.ts';
import { accessOf, constantOf, N as node, symbolOf } from './names.ts';
import type { ClaimFile, IndexDecl, Program, Statement } from './syntax.ts';
import { decimalFraction, tensorShape } from './compile.ts';

/**
 * A tensor in float64 with a bound on each entry's distance from the exact value; row-major. With
 * `rest`, each entry is value + rest (a compensated sum, see accumulate), left unfolded by a run:
 * a caller that subtracts what the entry held before keeps the digits a fold into one double
 * would round away (a small gradient added into a .grad that held 2).
 */
export interface RoundedTensor {
  readonly shape: readonly number[];
  readonly value: Float64Array;
  readonly error: Float64Array;
  readonly rest?: Float64Array;
}

/** A program compiled for float64 with running error bounds. */
export interface Float64Program {
  /** The tensors it reads and writes (`T`, `T.grad`). */
  readonly reads: ReadonlySet<string>;
  readonly writes: ReadonlySet<string>;
  /**
   * Runs the statements in order on `tensors` (by name; a tensor a statement writes and the map
   * lacks is created at 0). Throws LeftFloat64 where a value leaves the normal range or a divisor
   * may be 0, NotationError where an index leaves its axis (the tensors' values are then
   * meaningless). With `needed`, leaves out the
   * statements whose values nobody reads (see reverse).
   */
  run(sizes: Readonly<Record<string, number>>, tensors: Map<string, RoundedTensor>, needed?: ReadonlySet<string>): void;
  /**
   * After `run` on the same tensors: adds into `adjoints` (by name, created at 0 where missing)
   * d(Σ adjoint · entry)/d entry for every tensor the program reads, through every statement,
   * last first. A write with `=` passes its entry's adjoint to its right-hand side and zeroes it.
   *
   * `needed` (the same in both calls, or in neither): the tensors the caller reads after the run.
   * A statement whose target is not needed and no later statement reads is then left out of
   * `run` (its values would be read by nobody: a gradient does not depend on the value of what it
   * is the gradient of). Where its right-hand side may have no value at some entry (a division, a
   * ln, an index checked inside a Σ), `reverse` evaluates it at every entry instead, as the run
   * would have, so it throws wherever the run would have thrown (a divisor that may be 0, an index
   * outside its axis) except where only the left-out sum itself leaves float64; elsewhere only
   * where the entry's adjoint is not 0 (what reaches a gradient), so a value there outside
   * float64's band goes unseen, as the left-out sum's own would.
   */
  reverse(sizes: Readonly<Record<string, number>>, tensors: ReadonlyMap<string, RoundedTensor>, adjoints: Map<string, RoundedTensor>, needed?: ReadonlySet<string>): void;
}

/** The program uses what this back end does not compile (see compileFloat64): the check stays exact. */
export class Float64Unsupported extends Error {}
/** A value left float64's normal range, or a divisor's bound holds 0: this run says nothing. */
export class LeftFloat64 extends Error {}

const U = 2 ** -53;
/** Four ulps of v: the libm functions' allowance (module comment). */
const LIBM = 8 * U;
const WIDE = 1 + 2 ** -45;

/**
 * The rounding rules (module comment) as JavaScript source, written once here and run only as the
 * generated code (Unit) and the functions below built from it, so every rule has one copy and a
 * run calls no function per operation. Each template's operands and results are names of locals
 * (or, for accumulate and folded, array entries), results distinct from operands; the temporaries
 * it uses (declared in every generated function, TEMPORARIES) are its own, so templates follow
 * one another freely. Constants are passed by name (K below), never as text of a claim file.
 */
const K = {
  /** 1 + 2^-49: a bound's own rounding, widened (error-bound.ts). */
  UP: 1 + 2 ** -49,
  U,
  LIBM,
  WIDE,
  /** The band every nonzero value and every bound must stay in (else LeftFloat64): see BAND. */
  HI: 2 ** 300,
  LO: 2 ** -300,
  /** A bound term lost to underflow, times what one operation multiplies it by, is below this: see BAND. */
  TINY: 2 ** -600,
  /** Veltkamp's splitting constant, 2^27 + 1. */
  SPLIT: 134217729,
  /** Where Dekker's split may overflow (|x| > 2^995) or its residual underflow (|v| < 2^-969). */
  BIG: 2 ** 995,
  SMALL: 2 ** -969,
};
/** The most source (characters) a power's repeated factors may take: a few hundred plain factors. */
const POWER_SOURCE_LIMIT = 200_000;
const TEMPORARIES = ['ta', 'ts', 'tb', 'tt', 'to', 'tl', 'pc', 'ph', 'pl', 'qh', 'ql', 'pe', 'dn'];

const rule = {
  /**
   * |x + y − v| for v = fl(x + y), exactly: TwoSum's residual (Knuth, TAOCP vol. 2 §4.2.2), exact
   * wherever the sum does not overflow. So a sum that rounds nothing (integers, short dyadics) adds no error.
   */
  sumError: (x: string, y: string, v: string) => `Math.abs(${x}-(${v}-(${v}-${x}))+(${y}-(${v}-${x})))`,
  /**
   * Keeps v in the band [LO, HI] (0 is inside), NaN included: a v outside it is kept in `bad`,
   * which the end of the generated function checks (WATCH), throwing LeftFloat64. A value outside
   * the band makes only later values of the same run wrong, never a loop longer nor an index
   * other (indices are integers, checked where they are computed), and the run's tensors are
   * discarded when it throws, so the statement may finish first. A call to the thrower after every
   * operation made the function larger: V8 took longer to compile it (the first run's cost).
   */
  normal: (v: string) => `if(!(Math.abs(${v})<=HI)||(${v}!==0&&Math.abs(${v})<LO))bad=${v};`,
  /** Keeps the bound e at most HI, not infinite nor NaN (a bound that large decides nothing): as normal, through `bad`. */
  bounded: (e: string) => `if(!(${e}<=HI))bad=${e};`,
  /** TINY where an operand's bound is not 0: what its terms may have lost to underflow (BAND). */
  tiny: (...errors: string[]) => `(${errors.map((x) => `${x}>0`).join('||')}?TINY:0)`,
  add: (v: string, e: string, x: string, ex: string, y: string, ey: string) => `${v}=${x}+${y};${rule.normal(v)}${e}=(${ex}+${ey}+${rule.sumError(x, y, v)})*UP;`,
  /**
   * Into pe: |x·y − v| for v = fl(x·y), Dekker's TwoProduct residual (Dekker 1971), exact where
   * the split cannot overflow and the residual cannot underflow (BIG, SMALL); elsewhere u|v|, the
   * rounding bound. A product that rounds nothing adds no error. First, 0 where x and y are both
   * float32 values (Math.fround returns them unchanged): 24-bit significands, whose product has
   * at most 48 bits and is a double exactly unless it leaves the normal range, which the band
   * (rule.normal) and the underflow check refuse: the test costs a few instructions where Dekker's
   * split costs some twenty, and the inputs drawn at scale (m/8, small integers) are such values.
   */
  productError: (x: string, y: string, v: string) =>
    `if(Math.fround(${x})===${x}&&Math.fround(${y})===${y})pe=0;else if(Math.abs(${x})>BIG||Math.abs(${y})>BIG||Math.abs(${v})<SMALL)pe=U*Math.abs(${v});else{pc=SPLIT*${x};ph=pc-(pc-${x});pl=${x}-ph;pc=SPLIT*${y};qh=pc-(pc-${y});ql=${y}-qh;pe=Math.abs(ph*qh-${v}+ph*ql+pl*qh+pl*ql);}`,
  mul: (v: string, e: string, x: string, ex: string, y: string, ey: string) =>
    `${v}=${x}*${y};${rule.normal(v)}if(${v}===0&&${x}!==0&&${y}!==0)underflow(${x},${y});${rule.productError(x, y, v)}${e}=(Math.abs(${x})*${ey}+Math.abs(${y})*${ex}+${ex}*${ey}+pe)*UP+${rule.tiny(ex, ey)};${rule.bounded(e)}`,
  div: (v: string, e: string, x: string, ex: string, y: string, ey: string) =>
    `dn=Math.abs(${y})-${ey};if(!(dn>0&&dn>=0.5*Math.abs(${y})))divisor(${y},${ey});${v}=${x}/${y};${rule.normal(v)}if(${v}===0&&${x}!==0)quotient(${x},${y});${e}=(${ex}/dn+Math.abs(${v})*(${ey}/dn)+U*Math.abs(${v}))*UP+${rule.tiny(ex, ey)};${rule.bounded(e)}`,
  /**
   * hi + lo += x (x within ex of its exact value), compensated: TwoSum (Knuth, TAOCP vol. 2 §4.2.2)
   * splits hi + x into s + t exactly, and only lo + t rounds, by its own TwoSum residual, ≪ u|hi|. So
   * a `+=` over n terms stays near u relative where the running bound of a plain sum,
   * u·Σ|partial sums|, grows like n·u. Updates the entry's bound `er` in place. Where t = 0 and
   * ex = 0, lo and er are left as they are: s = hi + x exactly and x is exact, so hi + lo gains
   * exactly what the exact sum gains, and er + 0 + 0 = er rounds nothing, so no widening by UP is
   * due (it covers the rounding of the bound's own sum); the loads and stores of lo and er are
   * skipped where the sums at scale are exact (12% of the convolution's check, 18% of P1's).
   */
  accumulate: (hi: string, lo: string, er: string, x: string, ex: string) =>
    `ta=${hi};ts=ta+${x};${rule.normal('ts')}tb=ts-ta;tt=ta-(ts-tb)+(${x}-tb);${hi}=ts;if(tt!==0||${ex}!==0){to=${lo};tl=to+tt;${lo}=tl;${er}=(${er}+${ex}+${rule.sumError('to', 'tt', 'tl')})*UP;}`,
  /** An accumulated entry as one double: hi + lo, rounded once (u|v| more) unless lo is 0. */
  folded: (v: string, e: string, hi: string, lo: string, er: string) =>
    `tl=${lo};if(tl===0){${v}=${hi};${e}=${er};}else{${v}=${hi}+tl;${rule.normal(v)}${e}=(${er}+${rule.sumError(hi, 'tl', v)})*UP;}`,
  // exp is never 0: a 0 is an underflow, outside the band; e^0 − 1 is 0, a call less where the operand is exact
  exp: (v: string, e: string, x: string, ex: string) =>
    `${v}=Math.exp(${x});if(!(${v}>=LO)||!(${v}<=HI))bad=${v};${e}=(Math.abs(${v})*(${ex}===0?0:Math.expm1(${ex}))*WIDE+LIBM*Math.abs(${v}))*UP+${rule.tiny(ex)};${rule.bounded(e)}`,
  ln: (v: string, e: string, x: string, ex: string) =>
    `if(!(${x}-${ex}>0))lnOf(${x},${ex});${v}=Math.log(${x});${e}=((${ex}/(${x}-${ex}))*WIDE+LIBM*Math.abs(${v}))*UP+${rule.tiny(ex)};${rule.bounded(e)}`,
  // in the band as every result: an input below it (2^-1070) gave tanh x = x with a bound 8u|v| underflowed to 0
  tanh: (v: string, e: string, x: string, ex: string) => `${v}=Math.tanh(${x});${rule.normal(v)}${e}=(${ex}+LIBM*Math.abs(${v}))*UP;`,
};

/** What generated code calls: the throws of LeftFloat64 (out of the hot path), and `out`, the NotationError of an index outside its axis. */
const THROWS = {
  leave: (v: number) => {
    throw new LeftFloat64(`float64 left the normal range: ${v}`);
  },
  underflow: (x: number, y: number) => {
    throw new LeftFloat64(`${x}·${y} underflowed to 0`);
  },
  quotient: (x: number, y: number) => {
    throw new LeftFloat64(`${x}/${y} underflowed to 0`);
  },
  divisor: (y: number, ey: number) => {
    throw new LeftFloat64(`division by ${y} ± ${ey}: the divisor may be 0`);
  },
  lnOf: (x: number, ex: number) => {
    throw new LeftFloat64(`ln of ${x} ± ${ex}: the argument may be ≤ 0`);
  },
};

/**
 * The end of a generated function: throws LeftFloat64 where a value or bound left the band
 * (rule.normal keeps it in `bad`, which starts at 1, a value inside the band; NaN too is not 1).
 */
const WATCH = 'if(bad!==1)leave(bad);';

/**
 * Compiles `body` (the rules' source) into a function of `params`, with the constants K, the throws
 * and `extra` in scope, the temporaries declared, and WATCH after the body (a body that returns a
 * value keeps no band).
 */
function generated<F>(params: readonly string[], body: string, extra: Record<string, unknown> = {}): F {
  const scope = { ...K, ...THROWS, ...extra };
  const names = Object.keys(scope);
  // strict: a temporary the declarations missed is a ReferenceError, not a global that still computes
  const source = `'use strict';const{${names.join(',')}}=S;return function(${params.join(',')}){let ${TEMPORARIES.map((t) => `${t}=0`).join(',')},bad=1;${body}${WATCH}};`;
  return new Function('S', source)(scope) as F;
}

/** |x + y − fl(x + y)|, exactly (rule.sumError): 0 where nothing rounds. */
export const sumError: (x: number, y: number, v: number) => number = generated(['x', 'y', 'v'], `return ${rule.sumError('x', 'y', 'v')};`);

/** Folds each entry's compensation lo[i] into value[i] and its bound error[i] (rule.folded), leaving lo at 0. */
const foldInto: (value: Float64Array, lo: Float64Array, error: Float64Array) => void = generated(
  ['value', 'lo', 'error'],
  `let v=0,e=0;for(let i=0;i<lo.length;i++){if(lo[i]===0)continue;${rule.folded('v', 'e', 'value[i]', 'lo[i]', 'error[i]')}value[i]=v;error[i]=e;lo[i]=0;}`,
);

/** What a generated statement reads when it runs: sizes by size slot, tensors (values, bounds, compensations) and adjoints by tensor slot. */
interface Frame {
  readonly z: readonly number[];
  readonly tv: Float64Array[];
  readonly te: Float64Array[];
  /** Compensation terms of the tensors' entries (accumulate), folded in when a run ends; empty for a tensor the program only reads (read as one double, Unit.read). */
  readonly tl: Float64Array[];
  readonly shapes: (readonly number[])[];
  /** Adjoints by tensor slot (reverse only; the tensors themselves in a forward run, never touched). */
  readonly av: Float64Array[];
  readonly ae: Float64Array[];
  readonly al: Float64Array[];
}

/**
 * A compiled value, as JavaScript source: `fwd` leaves it in the locals v{r} (value) and e{r}
 * (bound); `back`, run right after fwd, sends the adjoint in g{r} (bound h{r}) to its operands.
 */
interface Value {
  readonly r: number;
  readonly fwd: string;
  /** The part of fwd that back reads (fwd itself, or less: the operands' values, an entry's offset), for the reverse pass to recompute. */
  readonly prep: string;
  readonly back: string;
}

const unsupported = (file: ClaimFile, line: number, what: string): never => {
  throw new Float64Unsupported(`${file.file}:${line}: ${what} is not compiled for float64`);
};

/**
 * One program's code generator. The source it writes contains only its own templates, integers
 * it numbers (registers, slots, axes) and safe integers of the file's index expressions: names
 * and constants of the file never enter it (constants are read from the array C by number), so
 * no text of a claim file is ever evaluated.
 */
class Unit {
  registers = 0;
  /** Loop variables made so far (i0, i1, …): a letter bound twice (a Σ inside a loop over it) gets two. */
  loopVariables = 0;
  readonly tensorSlots = new Map<string, number>();
  readonly sizeSlots: ReadonlyMap<string, number>;
  readonly constants: number[] = [];
  readonly constantErrors: number[] = [];
  /** The NotationError of an index outside its axis, by number: `out(k, value, extent)`. */
  // Stryker disable next-line ArrayDeclaration: an entry before the first is never read (out's k is the length at its push)
  readonly outside: ((v: number, extent: number) => NotationError)[] = [];
  /** Each bound letter's loop variable, while it is bound. */
  readonly env = new Map<string, string>();
  /** The tensors the statement being compiled reads. */
  reads = new Set<string>();
  /** The Σ nodes of the statement being compiled (each has scratch of its own). */
  // Stryker disable next-line ArrayDeclaration: compileStatement sets it before each statement
  sums: number[] = [];
  /**
   * Whether the statement being compiled may have no value at some entry in exact arithmetic: it
   * divides, takes a ln, or checks an index inside a Σ (a check that does not run before the
   * loops). See compileStatement's revAll.
   */
  // Stryker disable next-line BooleanLiteral: compileStatement sets it before each statement
  partial = false;
  /** The statement's loop variables and their depths (0 outermost); a Σ's variables are not here. */
  depths = new Map<string, number>();
  /** Code hoisted to the top of the statement's loop at each depth (−1: before the loops): offsets' prefixes that read no deeper letter. */
  // Stryker disable next-line ArrayDeclaration: compileStatement sets it before each statement
  hoisted: string[][] = [];
  /** The locals that hold the hoisted prefixes. */
  // Stryker disable next-line ArrayDeclaration: a name that no body holds is not declared (Unit.function's uses)
  prefixes: string[] = [];
  line = 0;

  /** @param written the tensors the program writes (`T`, `T.grad`): only theirs have compensation terms to fold in when read (Frame.tl). */
  constructor(
    readonly file: ClaimFile,
    readonly written: ReadonlySet<string>,
  ) {
    this.sizeSlots = new Map([...file.declarations.sizes.keys()].map((name, k) => [name, k]));
  }

  no(what: string): never {
    return unsupported(this.file, this.line, what);
  }

  tensorSlot(name: string): number {
    if (!this.tensorSlots.has(name)) this.tensorSlots.set(name, this.tensorSlots.size);
    return this.tensorSlots.get(name)!;
  }

  /** A value with no operands and no error (an index's value, a size), from an integer expression's source. */
  leaf(source: string): Value {
    const r = this.registers++;
    return { r, fwd: `v${r}=${source};e${r}=0;`, prep: '', back: '' };
  }

  /** A constant c within `error` of the value written. */
  constant(c: number, error: number): Value {
    const r = this.registers++;
    const k = this.constants.length;
    this.constants.push(c);
    this.constantErrors.push(error);
    return { r, fwd: `v${r}=C[${k}];e${r}=CE[${k}];`, prep: '', back: '' };
  }

  value(m: MathNode): Value {
    const n = node(m);
    const name = symbolOf(m);
    const d = this.file.declarations;
    if (name !== null) {
      if (d.indices.has(name) || d.sizes.has(name)) return this.leaf(this.index(m));
      return this.no(`the name ${name}`);
    }
    switch (m.type) {
      case 'ConstantNode': {
        const c = n.value as number;
        // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: the reader refuses a constant that is not a finite number (parse.ts), so no program has one
        if (typeof c !== 'number' || !Number.isFinite(c)) return this.no(`the constant ${String(c)}`);
        // the decimal as the exact path reads it (0.1 is 1/10), as the nearest double and its distance
        // Stryker disable next-line ArrowFunction: decimalFraction fails only on a number that is not finite, refused the line before
        const { value, error } = float64WithError.fromRational(decimalFraction(c, (problem) => this.no(problem)));
        return this.constant(value, error);
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
    return this.no(`"${m.toString()}"`);
  }

  private operator(m: MathNode): Value {
    const n = node(m);
    const fn = n.fn as unknown as string;
    if (fn === 'pow') {
      const k = constantOf(n.args[1]);
      if (!Number.isSafeInteger(k) || Math.abs(k) > 64) return this.no(`the power ${n.args[1].toString()}`);
      const one = () => this.constant(1, 0);
      if (k === 0) return one();
      // repeated products of one compiled base: its reverse rule runs once per factor, as the product rule says
      const base = this.value(n.args[0]);
      // each factor repeats the base's source: a power of a power of … grows as the product of
      // the exponents (((x^64)^64)^64 was 1.5 GB of source), so a long base goes to the exact path
      if ((base.fwd.length + base.prep.length + base.back.length) * Math.abs(k) > POWER_SOURCE_LIMIT) return this.no(`the power ${n.args[1].toString()} of a long expression`);
      let p = base;
      for (let i = 1; i < Math.abs(k); i++) p = this.binary('multiply', p, base);
      // Stryker disable next-line EqualityOperator,StringLiteral: k = 0 has returned one() above; binary's default case is the quotient
      return k < 0 ? this.binary('divide', one(), p) : p;
    }
    if (fn === 'unaryPlus') return this.value(n.args[0]);
    if (fn === 'unaryMinus') {
      const a = this.value(n.args[0]);
      const r = this.registers++;
      return { r, fwd: `${a.fwd}v${r}=-v${a.r};e${r}=e${a.r};`, prep: a.prep, back: `g${a.r}=-g${r};h${a.r}=h${r};${a.back}` };
    }
    if (!['add', 'subtract', 'multiply', 'divide'].includes(fn)) return this.no(`the operator ${n.op}`);
    return this.binary(fn, this.value(n.args[0]), this.value(n.args[1]));
  }

  /** a ∘ b and its reverse rule: ∂(a ± b) = (1, ±1), ∂(ab) = (b, a), ∂(a/b) = (1/b, −(a/b)/b). */
  private binary(fn: string, a: Value, b: Value): Value {
    const r = this.registers++;
    const [x, y] = [a.r, b.r];
    const [v, e, g, h] = [`v${r}`, `e${r}`, `g${r}`, `h${r}`];
    const operands = `${a.fwd}${b.fwd}`;
    switch (fn) {
      case 'add':
      case 'subtract': {
        const sign = fn === 'add' ? '' : '-';
        return { r, fwd: operands + rule.add(v, e, `v${x}`, `e${x}`, `(${sign}v${y})`, `e${y}`), prep: a.prep + b.prep, back: `g${x}=${g};h${x}=${h};${a.back}g${y}=${sign}${g};h${y}=${h};${b.back}` };
      }
      case 'multiply':
        return {
          r,
          fwd: operands + rule.mul(v, e, `v${x}`, `e${x}`, `v${y}`, `e${y}`),
          prep: operands,
          back: `${rule.mul(`g${x}`, `h${x}`, g, h, `v${y}`, `e${y}`)}${a.back}${rule.mul(`g${y}`, `h${y}`, g, h, `v${x}`, `e${x}`)}${b.back}`,
        };
      default:
        this.partial = true;
        return {
          r,
          fwd: operands + rule.div(v, e, `v${x}`, `e${x}`, `v${y}`, `e${y}`),
          prep: operands + rule.div(v, e, `v${x}`, `e${x}`, `v${y}`, `e${y}`),
          // −(a/b)/b: the quotient's adjoint g·(a/b) first, in q, then divided by b
          back: `${rule.div(`g${x}`, `h${x}`, g, h, `v${y}`, `e${y}`)}${a.back}${rule.mul('q', 'qe', g, h, v, e)}${rule.div(`g${y}`, `h${y}`, 'q', 'qe', `v${y}`, `e${y}`)}g${y}=-g${y};${b.back}`,
        };
    }
  }

  private call(m: MathNode): Value {
    const n = node(m);
    const fname = symbolOf(n.fn)!;
    if (this.file.declarations.functions.has(fname)) return this.no(`the function ${fname}`);
    if (fname === 'sum') return this.sum(symbolOf(n.args[0])!, n.args[1]);
    // exp′ = exp, tanh′ = 1 − tanh², ln′(x) = 1/x
    const derivatives: Record<string, (r: number, x: number) => string> = {
      exp: (r, x) => rule.mul(`g${x}`, `h${x}`, `g${r}`, `h${r}`, `v${r}`, `e${r}`),
      tanh: (r, x) => `${rule.mul('q', 'qe', `v${r}`, `e${r}`, `v${r}`, `e${r}`)}${rule.add('q2', 'q2e', '1', '0', '(-q)', 'qe')}${rule.mul(`g${x}`, `h${x}`, `g${r}`, `h${r}`, 'q2', 'q2e')}`,
      ln: (r, x) => rule.div(`g${x}`, `h${x}`, `g${r}`, `h${r}`, `v${x}`, `e${x}`),
    };
    const f = fname === 'log' ? 'ln' : fname;
    if (!(f === 'exp' || f === 'tanh' || f === 'ln')) return this.no(`${fname}(...)`);
    // Stryker disable next-line ConditionalExpression: partial only makes the reverse evaluate every entry, the same gradients
    if (f === 'ln') this.partial = true;
    const a = this.value(n.args[0]);
    const r = this.registers++;
    const fwd = `${a.fwd}${rule[f](`v${r}`, `e${r}`, `v${a.r}`, `e${a.r}`)}`;
    // ln′ reads the operand, exp′ and tanh′ the value
    // Stryker disable next-line ConditionalExpression,StringLiteral: ln's prep may compute the ln too: the run's value, its operand checked by the run
    return { r, fwd, prep: f === 'ln' ? a.fwd : fwd, back: `${derivatives[f](r, a.r)}${a.back}` };
  }

  /** A fresh loop variable for `letter` while `body` compiles: its source, the letter's extent and body's result. */
  bind<R>(letter: string, body: (variable: string) => R): { variable: string; extent: string; result: R } {
    const extent = this.range(letter);
    const variable = `i${this.loopVariables++}`;
    const outer = this.env.get(letter);
    this.env.set(letter, variable);
    const result = body(variable);
    if (outer === undefined) this.env.delete(letter);
    else this.env.set(letter, outer);
    return { variable, extent, result };
  }

  /** Σ over a letter: the body once per value, summed compensated (accumulate) in scratch of its own; its reverse runs the body again at each value, then its back. */
  private sum(letter: string, body: MathNode): Value {
    const { variable: i, extent, result: b } = this.bind(letter, () => this.value(body));
    const r = this.registers++;
    this.sums.push(r);
    // the running sum (hi, lo, bound) in locals of this node's own (a node's evaluation never re-enters itself)
    const loop = `for(let ${i}=1,n${r}=${extent};${i}<=n${r};${i}++)`;
    return {
      r,
      fwd: `sh${r}=sl${r}=se${r}=0;${loop}{${b.fwd}${rule.accumulate(`sh${r}`, `sl${r}`, `se${r}`, `v${b.r}`, `e${b.r}`)}}${rule.folded(`v${r}`, `e${r}`, `sh${r}`, `sl${r}`, `se${r}`)}`,
      prep: '',
      back: `${loop}{${b.prep}g${b.r}=g${r};h${b.r}=h${r};${b.back}}`,
    };
  }

  /** A tensor entry; its reverse adds the adjoint into the tensor's adjoint there. */
  private read(m: MathNode): Value {
    const a = accessOf(m);
    if (a === null || !this.file.declarations.tensors.has(a.tensor)) return this.no(`"${m.toString()}"`);
    const r = this.registers++;
    const { t, source, depth } = this.offset(m, `o${r}`);
    const name = a.grad ? `${a.tensor}.grad` : a.tensor;
    this.reads.add(name);
    const o = `o${r}`;
    const value = source + (this.written.has(name) ? rule.folded(`v${r}`, `e${r}`, `tv${t}[${o}]`, `tl${t}[${o}]`, `te${t}[${o}]`) : `v${r}=tv${t}[${o}];e${r}=te${t}[${o}];`);
    const back = rule.accumulate(`av${t}[${o}]`, `al${t}[${o}]`, `ae${t}[${o}]`, `g${r}`, `h${r}`);
    // an entry no inner loop moves is read once where its offset is known: no statement reads what it writes, so it holds still
    // Stryker disable next-line ConditionalExpression,BlockStatement: an entry read in the loop rather than once where its offset is set (the hoisted code sets o{r} either way): the same value
    if (depth !== null) {
      this.hoisted[depth + 1].push(value);
      return { r, fwd: '', prep: '', back };
    }
    return { r, fwd: value, prep: source, back };
  }

  /**
   * Statements leaving in `into` the row-major offset of T[i, j], each index checked against its
   * axis (extent d{t}_{axis}), and the depth of the loop they are hoisted to whole (−1: before
   * the loops), or null where a letter of a Σ keeps part of them inline.
   */
  offset(m: MathNode, into: string): { t: number; source: string; depth: number | null } {
    const n = node(m);
    const a = accessOf(m)!;
    const name = a.grad ? `${a.tensor}.grad` : a.tensor;
    // Stryker disable next-line OptionalChaining: every axis letter is a declared index (the reader checks)
    if (this.file.declarations.tensors.get(a.tensor)!.axes.some((letter) => this.file.declarations.indices.get(letter)?.low)) this.no(`${name}, whose axis starts below 1,`);
    const t = this.tensorSlot(name);
    const where = `${this.file.file}:${this.line}`;
    const d = this.file.declarations;
    const axes = d.tensors.get(a.tensor)!.axes;
    // Horner's rule over the axes; each prefix at the shallowest loop where all its letters are
    // bound (hoisted), until a letter of a Σ or of the innermost loops makes the rest inline
    let depth = -1;
    // Stryker disable next-line StringLiteral: axis 0 reads no prefix (its value is w − 1) and sets it for the axes after
    let prefix = '0';
    const inline: string[] = [];
    (n.index.dimensions as MathNode[]).forEach((x, axis) => {
      const extent = `d${t}_${axis}`;
      const source = this.index(x);
      for (const [variable] of source.matchAll(/\bi\d+\b/g)) depth = Math.max(depth, this.depths.get(variable) ?? Infinity);
      // a letter over the same size as the axis's own letter runs within the axis: no check to make
      const letter = symbolOf(x);
      let code = '';
      let w = `(${source})`;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: the survivors check an index its letter's range keeps within the axis anyway: a test more, the same values
      if (!(letter !== null && d.indices.has(letter) && sameExtent(d.indices.get(letter)!, d.indices.get(axes[axis])!))) {
        const k = this.outside.length;
        this.outside.push((v, extent) => new NotationError(`${where}: index ${v} is outside 1..${extent} (axis ${axis + 1} of ${name})`));
        code = `w=${source};if(w<1||w>${extent})out(${k},w,${extent});`;
        w = 'w';
      }
      // Stryker disable next-line ConditionalExpression: at axis 0 the general form is 0·extent + w − 1 (prefix '0'), the same offset
      const value = axis === 0 ? `${w}-1` : `${prefix}*${extent}+${w}-1`;
      // Stryker disable next-line ConditionalExpression: an offset computed inline rather than hoisted out of the loops: the same offset
      if (depth === Infinity) {
        // Stryker disable next-line ConditionalExpression,StringLiteral: partial only makes the reverse evaluate every entry, the same gradients
        if (code !== '') this.partial = true;
        inline.push(`${code}${into}=${value};`);
        prefix = into;
      } else {
        prefix = `p${this.prefixes.length}`;
        this.prefixes.push(prefix);
        (this.hoisted[depth + 1] ??= []).push(`${code}${prefix}=${value};`);
      }
    });
    if (inline.length > 0) return { t, source: inline.join(''), depth: null };
    (this.hoisted[depth + 1] ??= []).push(`${into}=${prefix};`);
    return { t, source: '', depth };
  }

  /** An index expression's source: letters (their loop variables), sizes, safe integers, + − ×. */
  index(m: MathNode): string {
    const n = node(m);
    const name = symbolOf(m);
    const d = this.file.declarations;
    if (name !== null) {
      if (d.indices.has(name)) return this.env.get(name) ?? this.no(`the index ${name} where no loop or sum binds it`);
      // Stryker disable next-line ConditionalExpression: the reader binds each name of an index expression to an index or a size
      if (d.sizes.has(name)) return `z${this.sizeSlots.get(name)}`;
      // Stryker disable next-line StringLiteral: the reader binds each name of an index expression to an index or a size
      return this.no(`the index ${name}`);
    }
    if (m.type === 'ConstantNode' && Number.isSafeInteger(n.value)) return `(${n.value as number})`;
    if (m.type === 'ParenthesisNode') return this.index(n.content);
    if (m.type === 'OperatorNode') {
      const fn = n.fn as unknown as string;
      const [x, y] = n.args.map((arg) => this.index(arg));
      const op = { unaryPlus: `(${x})`, unaryMinus: `(-${x})`, add: `(${x}+${y})`, subtract: `(${x}-${y})`, multiply: `(${x}*${y})` }[fn];
      if (op !== undefined) return op;
    }
    return this.no(`the index expression ${m.toString()}`);
  }

  /** The extent of a letter's range, from its declaration (a letter that starts below 1 is not compiled). */
  range(letter: string): string {
    const decl = this.file.declarations.indices.get(letter)!;
    const saved = this.line;
    this.line = decl.line;
    if (decl.low) this.no(`the index ${letter}, which starts at ${decl.low.text},`);
    const source = this.index(decl.range.node);
    this.line = saved;
    return source;
  }

  /** The locals a statement's code may use, its registers from..registers and its Σs' running sums: taken when the statement is compiled, for functions built later (compileStatement's split). */
  locals(from: number): string[] {
    const locals = ['w', 'ot', 'gt', 'ht', 'q', 'qe', 'q2', 'q2e', ...this.prefixes];
    for (let r = from; r < this.registers; r++) locals.push(`v${r}`, `e${r}`, `g${r}`, `h${r}`, `o${r}`);
    for (const r of this.sums) locals.push(`sh${r}`, `sl${r}`, `se${r}`);
    return locals;
  }

  /**
   * A generated function of the frame F and `params` (names of locals, their values passed in):
   * `body` inside the declarations it uses of `locals` (but params), the sizes and the tensors'
   * arrays and extents by slot; `extra` in scope.
   */
  function(locals: readonly string[], body: string, params: readonly string[] = [], extra: Record<string, unknown> = {}): (f: Frame, ...values: number[]) => void {
    // only what the body uses: each declaration is more for V8 to compile before the loops run optimized
    // Stryker disable next-line StringLiteral: a declaration the body does not use changes nothing but V8's work
    const uses = (name: string) => new RegExp(`\\b${name}\\b`).test(body);
    const used = locals.filter((x) => uses(x) && !params.includes(x));
    const source = [
      used.length > 0 ? `let ${used.map((x) => `${x}=0`).join(',')};` : '',
      // Stryker disable next-line MethodExpression,StringLiteral: a declaration the body does not use changes nothing but V8's work
      ...[...this.sizeSlots.values()].filter((k) => uses(`z${k}`)).map((k) => `const z${k}=F.z[${k}];`),
      ...[...this.tensorSlots].map(([name, t]) => {
        // Stryker disable next-line Regex: a tensor's name has no '.', so '.grad' can only end one
        const axes = this.file.declarations.tensors.get(name.replace(/\.grad$/, ''))!.axes.map((_, a) => `d${t}_${a}=F.shapes[${t}][${a}]`);
        const arrays = ['tv', 'te', 'tl', 'av', 'ae', 'al'].map((a) => `${a}${t}=F.${a}[${t}]`);
        // Stryker disable next-line MethodExpression,StringLiteral: a declaration the body does not use changes nothing but V8's work
        const wanted = [...arrays, ...axes].filter((d) => uses(d.slice(0, d.indexOf('='))));
        return wanted.length > 0 ? `const ${wanted.join(',')};` : '';
      }),
      body,
    // Stryker disable next-line StringLiteral: each line ends in ';' (or is empty), so joined without newlines it is the same code
    ].join('\n');
    const out = (k: number, v: number, extent: number) => {
      throw this.outside[k](v, extent);
    };
    // the source holds no text of the file (class comment): only templates and numbers
    return generated(['F', ...params], source, { ...extra, out, C: Float64Array.from(this.constants), CE: Float64Array.from(this.constantErrors) });
  }
}

/**
 * One statement as two generated functions: its forward (loops in order, each entry written or
 * accumulated) and its reverse (loops in reverse order, each entry's adjoint sent to the
 * right-hand side, recomputed first).
 */
function compileStatement(unit: Unit, st: Statement): { fwd: (f: Frame) => void; rev: (f: Frame) => void; revAll: (f: Frame) => void } {
  unit.line = st.line;
  if (st.step) unit.no('a step block');
  const from = unit.registers;
  // Stryker disable next-line ArrayDeclaration: a name that no body holds is not declared (Unit.function's uses)
  unit.sums = [];
  unit.partial = false;
  unit.depths = new Map();
  unit.hoisted = [];
  const loops: { variable: string; extent: string }[] = [];
  const nest = (k: number): { rhs: Value; target: { t: number; source: string; depth: number | null } } => {
    if (k === st.loops.length) return { rhs: unit.value(st.rhs), target: unit.offset(st.target.node, 'ot') };
    const { variable, extent, result } = unit.bind(st.loops[k], (v) => (unit.depths.set(v, k), nest(k + 1)));
    loops.unshift({ variable, extent });
    return result;
  };
  const { rhs, target } = nest(0);
  const t = target.t;
  const r = rhs.r;
  const sign = st.op === '-=' ? '-' : '';
  const write =
    st.op === '='
      ? `tv${t}[ot]=v${r};te${t}[ot]=e${r};tl${t}[ot]=0;`
      : rule.accumulate(`tv${t}[ot]`, `tl${t}[ot]`, `te${t}[ot]`, `(${sign}v${r})`, `e${r}`);
  // the entry's value before an `=` reaches nothing after it
  const consumed = st.op === '=' ? `av${t}[ot]=ae${t}[ot]=al${t}[ot]=0;` : '';
  const fwd = `${rhs.fwd}${target.source}${write}`;
  const adjoint = `${target.source}${rule.folded('gt', 'ht', `av${t}[ot]`, `al${t}[ot]`, `ae${t}[ot]`)}${consumed}`;
  // a += entry's adjoint holds still while the loops its offset does not read run (the statement
  // sends adjoints only to what it reads, never to its target): read once, where ot is known
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a += entry's adjoint read at every inner iteration rather than once: the same adjoint (no statement writes its target's)
  const adjointDepth = st.op !== '=' && target.depth !== null ? target.depth : null;
  // Stryker disable next-line ConditionalExpression: a += entry's adjoint read at every inner iteration as well as once: the same adjoint
  const adjointHere = adjointDepth === null ? adjoint : '';
  const send = `g${r}=${sign}gt;h${r}=ht;${rhs.back}`;
  const rev = `${adjointHere}if(gt!==0||ht!==0){${rhs.prep}${send}}`;
  // where the forward run left the statement out (`needed`) and the right-hand side may have no
  // value at some entry (unit.partial), it is evaluated at every entry, so the reverse throws
  // wherever the run would have; elsewhere (+ − × exp tanh of entries whose indices are checked
  // before the loops) it has a value at every entry in exact arithmetic, and only the entries
  // with an adjoint are evaluated (rev's prep), as they alone reach a gradient
  const revAll = unit.partial ? `${adjointHere}${rhs.fwd}if(gt!==0||ht!==0){${send}}` : rev;
  // this statement's, for functions built after later statements are compiled
  const levels = unit.hoisted;
  const hoisted = (depth: number, reversed: boolean) => (levels[depth + 1] ?? []).join('') + (reversed && depth === adjointDepth ? adjoint : '');
  /** The loops from..to−1 around `inner`, each with its hoisted code. */
  const nested = (from: number, to: number, inner: string, reversed: boolean) =>
    loops.slice(from, to).reduceRight((code, { variable: i, extent }, k) => {
      const depth = from + k;
      return reversed
        ? `for(let ${i}=${extent};${i}>=1;${i}--){${hoisted(depth, true)}${code}}`
        : `for(let ${i}=1,${i}n=${extent};${i}<=${i}n;${i}++){${hoisted(depth, false)}${code}}`;
    }, inner);
  const locals = unit.locals(from);
  // a loop whose extent reads an outer loop's letter (`s in 1..t`) has no one extent: not split
  const fixed = loops.every((l) => !/\bi\d+\b/.test(l.extent));
  const extents = fixed ? (unit.function(locals, `return[${loops.map((l) => l.extent).join(',')}];`) as unknown as (f: Frame) => number[]) : () => [];
  /**
   * The statement's code split at the loop `depth` (0: one function): the loops from `depth` in a
   * function of their own, which the outer loops call with every local it reads that they set.
   */
  const split = (body: string, reversed: boolean, depth: number): ((f: Frame) => void) => {
    // Stryker disable next-line ConditionalExpression: split at 0, the general path calls one inner function once with the same loops
    if (depth === 0) return unit.function(locals, hoisted(-1, reversed) + nested(0, loops.length, body, reversed));
    const innerSource = nested(depth, loops.length, body, reversed);
    const outerShell = hoisted(-1, reversed) + nested(0, depth, '', reversed);
    // Stryker disable next-line StringLiteral: passing more of the outer function's locals passes what the outer one set, or the 0 the inner one would declare
    const setsOuter = (x: string) => new RegExp(`\\b${x}=(?!=)`).test(outerShell);
    // Stryker disable next-line MethodExpression,ArrowFunction,ConditionalExpression,LogicalOperator,StringLiteral: passing more of the outer function's locals passes what the outer one set, or the 0 the inner one would declare; the inner loops' own variables are declared again by their loops
    const params = [...locals, ...loops.slice(0, depth).map((l) => l.variable)].filter((x) => new RegExp(`\\b${x}\\b`).test(innerSource) && setsOuter(x));
    const inner = unit.function(locals, innerSource, params);
    return unit.function(locals, hoisted(-1, reversed) + nested(0, depth, `inner(F${params.map((x) => `,${x}`).join('')});`, reversed), [], { inner });
  };
  /** Each direction's functions by split depth, built on first use. */
  const byDepth = (body: string, reversed: boolean) => {
    const built = new Map<number, (f: Frame) => void>();
    return (f: Frame) => {
      const depth = splitDepth(extents(f));
      // Stryker disable next-line ConditionalExpression: building the function again builds the same function
      if (!built.has(depth)) built.set(depth, split(body, reversed, depth));
      built.get(depth)!(f);
    };
  };
  const reverse = byDepth(rev, true);
  return { fwd: byDepth(fwd, false), rev: reverse, revAll: unit.partial ? byDepth(revAll, true) : reverse };
}

/** The least work (iterations) a function of inner loops is given per call: SPLIT_WORK. */
const SPLIT_WORK = 512;

/**
 * Where a statement's loops, of these extents, are split (compileStatement): the deepest loop
 * whose nest, with the loops inside it, runs SPLIT_WORK iterations or more, if loops outside it
 * call it more than once; else 0, one function. V8 optimizes a function that runs once, a long
 * loop, by on-stack replacement, which ran the convolution's loops about 1.6 times slower than
 * the same function optimized from its start (its second run); a function called again and again
 * is optimized from its start after its first calls.
 */
export function splitDepth(extents: readonly number[]): number {
  let work = 1;
  // Stryker disable next-line EqualityOperator: at depth 0 no loop is outside: the product of none is 1, not more than 1, and 0 is returned either way
  for (let depth = extents.length - 1; depth > 0; depth--) {
    work *= Math.max(extents[depth], 0);
    if (work >= SPLIT_WORK) return extents.slice(0, depth).reduce((calls, n) => calls * Math.max(n, 0), 1) > 1 ? depth : 0;
  }
  return 0;
}

/**
 * Whether two index letters run over one extent, whatever the sizes: both from 1 to the same size
 * or integer (a range that reads another letter, `0..t`, is never the same).
 */
// Stryker disable all: its mutants only make or skip a check of an index inside its axis anyway: one
// range text is one extent at any point, and a letter that starts below 1 is refused (range) before
// any offset reads it
function sameExtent(a: IndexDecl, b: IndexDecl): boolean {
  const simple = (m: MathNode) => m.type === 'ConstantNode' || m.type === 'SymbolNode';
  return !a.low && !b.low && simple(a.range.node) && a.range.text === b.range.text;
}
// Stryker restore all

const zeros = (shape: readonly number[]): RoundedTensor => {
  const n = shape.reduce((p, x) => p * x, 1);
  return { shape, value: new Float64Array(n), error: new Float64Array(n) };
};

/**
 * Compile a program for float64 with running error bounds. Compiles + − × ÷, whole constant
 * powers up to ±64, exp, ln, tanh, Σ, constants, index values, sizes and tensor entries indexed by
 * letters, sizes and integers with + − ×; throws Float64Unsupported for anything else (reals,
 * definitions, declared functions, relu, max, gathers, indices that start below 1, step blocks…)
 * and for a statement that reads a tensor it or a later statement writes (the reverse pass
 * recomputes from final values). Each statement becomes JavaScript source once (Unit), so a run
 * is loops over Float64Arrays with no closure per operation.
 */
export function compileFloat64(file: ClaimFile, program: Program): Float64Program {
  const unit = new Unit(file, new Set(program.statements.map((st) => (st.target.grad ? `${st.target.tensor}.grad` : st.target.tensor))));
  const reads = new Set<string>();
  const writes = new Set<string>();
  const statements = program.statements.map((st) => {
    unit.reads = new Set();
    const compiled = compileStatement(unit, st);
    const target = st.target.grad ? `${st.target.tensor}.grad` : st.target.tensor;
    const read = unit.reads;
    for (const name of read) reads.add(name);
    writes.add(target);
    return { ...compiled, read, target, line: st.line };
  });
  statements.forEach((st, k) => {
    for (const name of st.read) {
      const later = statements.slice(k).find((w) => w.target === name);
      if (later) unsupported(file, st.line, `reading ${name}, which line ${later.line} writes at or after it,`);
    }
  });
  const names = [...unit.tensorSlots.keys()];
  /** The frame of a run on `tensors` (and `adjoints`, created at 0 where missing): every tensor of its declared shape, since the generated code checks no index that runs over its axis's own size. */
  const frameOf = (sizes: Readonly<Record<string, number>>, tensors: ReadonlyMap<string, RoundedTensor>, adjoints: Map<string, RoundedTensor> | null): Frame => {
    // Stryker disable next-line Regex: a tensor's name has no '.', so '.grad' can only end one
    const shapes = names.map((name) => tensorShape(file, name.replace(/\.grad$/, ''), sizes));
    const ofShape = (name: string, t: RoundedTensor, k: number) => {
      const n = shapes[k].reduce((p, x) => p * x, 1);
      if (t.shape.join() !== shapes[k].join() || t.value.length !== n || t.error.length !== n || (t.rest && t.rest.length !== n)) {
        throw new NotationError(`${file.file}:${program.line}: ${name} has shape [${t.shape.join(', ')}] where its declaration gives [${shapes[k].join(', ')}]`);
      }
      return t;
    };
    // a tensor the program only reads is read as one double: its compensation, if any, folded into a copy first
    const all = names.map((name, k) => {
      const t = ofShape(name, tensors.get(name)!, k);
      if (unit.written.has(name) || !t.rest?.some((x) => x !== 0)) return t;
      const folded: RoundedTensor = { shape: t.shape, value: t.value.slice(), error: t.error.slice() };
      foldInto(folded.value, t.rest.slice(), folded.error);
      return folded;
    });
    const adj = names.map((name, k) => {
      if (adjoints === null) return all[k];
      if (!adjoints.has(name)) adjoints.set(name, zeros(all[k].shape));
      return ofShape(`the adjoint of ${name}`, adjoints.get(name)!, k);
    });
    return {
      z: [...unit.sizeSlots.keys()].map((name) => sizes[name]),
      tv: all.map((t) => t.value),
      te: all.map((t) => t.error),
      tl: all.map((t, k) => t.rest ?? new Float64Array(unit.written.has(names[k]) ? t.value.length : 0)),
      shapes: all.map((t) => t.shape),
      av: adj.map((t) => t.value),
      ae: adj.map((t) => t.error),
      // Stryker disable next-line ConditionalExpression: adjoint arrays for a run, which writes none
      al: adj.map((t) => new Float64Array(adjoints === null ? 0 : t.value.length)),
    };
  };
  /** Which statements a run with `needed` leaves out (Float64Program.reverse). */
  const leftOut = (needed: ReadonlySet<string> | undefined) =>
    // Stryker disable next-line MethodExpression,ArithmeticOperator: no statement reads what it or a later one writes (refused above), so none before k + 1 reads st.target
    statements.map((st, k) => needed !== undefined && !needed.has(st.target) && !statements.slice(k + 1).some((later) => later.read.has(st.target)));
  /** Each entry's compensation folded into its value and bound, as the run leaves them. */
  const fold = (value: Float64Array[], lo: Float64Array[], error: Float64Array[]) => lo.forEach((l, k) => foldInto(value[k], l, error[k]));
  return {
    reads,
    writes,
    run(sizes, tensors, needed) {
      for (const name of names) {
        const t = tensors.get(name);
        // Stryker disable next-line Regex: a tensor's name has no '.', so '.grad' can only end one
        const shape = tensorShape(file, name.replace(/\.grad$/, ''), sizes);
        if (t !== undefined) continue;
        if (!writes.has(name)) throw new NotationError(`${file.file}:${program.line}: program ${program.name} reads ${name}, which the run does not give`);
        tensors.set(name, zeros(shape));
      }
      const f = frameOf(sizes, tensors, null);
      const skipped = leftOut(needed);
      statements.forEach((st, k) => skipped[k] || st.fwd(f));
      const folding = names.map((name) => unit.written.has(name) && tensors.get(name)!.rest === undefined);
      fold(
        f.tv.filter((_, k) => folding[k]),
        f.tl.filter((_, k) => folding[k]),
        f.te.filter((_, k) => folding[k]),
      );
    },
    reverse(sizes, tensors, adjoints, needed) {
      const f = frameOf(sizes, tensors, adjoints);
      const skipped = leftOut(needed);
      for (let k = statements.length - 1; k >= 0; k--) (skipped[k] ? statements[k].revAll : statements[k].rev)(f);
      fold(f.av, f.al, f.ae);
    },
  };
}
