/**
 * The proof checker: a written derivation, one expression per line, checked step by step.
 *
 * A derivation file (see the README and exams/README.md) is a claim file whose chains are at top
 * level, or in its `chain` claims (exams/<exam>/*.claims): it declares its variables and their
 * domains, its definitions and hypotheses, and then one or more chains of lines, each line after
 * the first starting with its relation to the line before ("=", "<=", ">=", "<", ">"). The
 * notation engine (oracles/notation/) reads the file and compiles every line once, over the surds
 * (oracles/numbers/rational.ts); E[...] is an expectation over the declared random variables,
 * sum(i, ...) a sum over a declared index, sqrt a square root.
 *
 * Each step (line k → line k+1) is decided by evaluating both lines exactly at random points that
 * satisfy the hypotheses: rationals (fraction.js) and square roots of rationals, so equal is equal
 * (and an inequality is decided exactly too); where a line needs exp or ln, at 50 digits with a
 * stated allowance (`System`). diff(EXPR, x) is forward mode (dual numbers, in the engine); a line
 * `answer condition on u:` is judged by its zeros in u (`conditionStep`); a claim's `limit` lines
 * (oracles/checks/limit.ts) are read at the same points.
 * Reals are drawn uniformly from a grid of 2^20 + 1 values across their interval (2^6 + 1 where
 * the file has random variables: `gridOf`), uninterpreted functions take independent uniform values
 * at each distinct argument, and expectations are computed by enumeration over random finite
 * discrete laws with exactly the declared means and variances (oracles/discrete.ts), independent
 * where a hypothesis says so and coupled through their quantiles otherwise.
 *
 * Schwartz–Zippel: a step without E[...] or sqrt is a rational identity; if it is false, the
 * difference of its two sides, with denominators cleared, is a nonzero polynomial of degree ≤ D
 * (computed from the lines: `stepDegrees`), which vanishes at a uniform point of a grid of G values
 * per variable (or an integer's G values) with probability ≤ D/G. Each run of a property draws POINTS_PER_RUN = 1 point, so
 * a false step survives one run with probability ≤ D/2^20 and the default profile's 100 runs with
 * probability ≤ (D/2^20)^100; for Problem 2's steps D ≤ 5, so ≤ 2^-1767. Steps with expectations
 * are exact identities between numbers computed by enumeration, so a true step never fails; the
 * laws are drawn from a family rather than uniformly from a grid, so no bound is claimed on the
 * chance that a false one holds at every point drawn. Nor is one claimed for inequality steps: a
 * false inequality may hold on most of the domain.
 */
import { uniformStream } from './prng.ts';
import fc from 'fast-check';
import Fraction from 'fraction.js';
import { readFileSync, statSync } from 'node:fs';
import type { MathNode } from './mathjs.ts';
import { coupled, expectation, independentBlock, jointOutcomes, q, ZERO, type Block, type Marginal } from './discrete.ts';
import { drawLaw, FALSE_ALARM, finiteOutcomes, INTERVALS, LawError, NoLaw, SAMPLES, sampledExpectation, showFinite, type Continuous, type TableLaw } from './laws.ts';
import type { Enclosure } from './hoeffding.ts';
import type { Decimal } from 'decimal.js';
import { classifyLimit, LIMIT_EXPONENTS, limitPoint, limitHolds } from './checks/limit.ts';
import { MAX_FILE_CHARS, MAX_OUTCOMES, outcomesBound, valueRange } from './notation/bounds.ts';
import { compileExpression, constantOf, derivativeName, momentOf, IndexOutOfRange, NotationError, parseClaimFile, symbolOf, type ChainLine, type ClaimBlock, type ClaimFile, type CompiledExpression, type Definition, type Expr, type ExpressionEnv, type Interval, type LimitLine, type RandomDecl, type Relation } from './notation/index.ts';
import { decimal } from './numbers/decimal.ts';
import { compareRationals, exactOf, rational, surd, type Surd } from './numbers/rational.ts';
import { NotRepresentable, type Analytic, type Field } from './numbers/tower.ts';
import { memo } from './memo.ts';

/** A file that cannot be read as a derivation: the notation engine's one-line error, `file:line: problem`. */
export { NotationError as DerivationError };

export const POINTS_PER_RUN = 1;
/** Grid points per interval: 2^20, or 2^6 where there are random variables (see gridOf). */
const GRID = 2 ** 20;
const COARSE_GRID = 2 ** 6;

/**
 * The grid reals are drawn from. Enumerating expectations over laws built from 20-bit rationals
 * spends its time in gcds of long integers, so a derivation with random variables uses 2^6 + 1
 * values per interval; its Schwartz–Zippel bound (for its rational steps) is stated with that grid.
 */
export const gridOf = (der: Derivation): number => (der.families.size > 0 ? COARSE_GRID : GRID);

/** Schwartz–Zippel's G: the fewest values a free variable is drawn from (an integer's range may be fewer than the grid's). */
const valuesDrawnFrom = (der: Derivation): number =>
  Math.min(gridOf(der), ...[...der.reals.values()].filter((iv) => iv.integer).map((iv) => Number(iv.hi.sub(iv.lo).valueOf()) + 1));

/** A line of a chain: its text, syntax tree, line number in the file, and its relation to the line before (null on the first). */
export interface Line {
  readonly text: string;
  readonly node: MathNode;
  readonly at: number;
  readonly relation: Relation | null;
  /** An `answer condition on u:` line: judged by its zeros in u against the line before it (`conditionStep`). */
  readonly condition?: string;
}

/** A derivation: a claim file (oracles/notation/) whose chains are at top level, with the views the checker reads. */
export interface Derivation {
  readonly file: string;
  readonly source: ClaimFile;
  readonly reals: ReadonlyMap<string, Interval>;
  readonly functions: ReadonlySet<string>;
  readonly families: ReadonlyMap<string, RandomDecl>;
  readonly independent: ReadonlySet<string>;
  /** Definitions (let) and hypotheses (assume NAME = ...), in file order. */
  readonly defined: ReadonlyMap<string, Definition>;
  readonly chains: readonly (readonly Line[])[];
  /** `limit …` lines of a chain claim, checked at each point after its steps. */
  readonly limits: readonly LimitLine[];
}

const cache = new Map<string, Derivation>();

/** Parse a derivation's text (cached by text) with the notation engine; throws DerivationError naming the file and line. */
export function parseDerivation(text: string, file = '<derivation>'): Derivation {
  const key = `${file}\0${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const source = parseClaimFile(text, file);
  // a claim file's chain claims, where it has no chains at top level (exams/<exam>/*.claims)
  const claims = source.chains.length > 0 ? [] : source.claims.filter((c) => c.kind === 'chain');
  const chains = source.chains.length > 0 ? source.chains : claims.flatMap(chainsOf);
  if (chains.length === 0) throw new NotationError(`${file}: no lines to check`);
  const der = derivationOf(source, chains, claims.flatMap((c) => c.limits));
  cache.set(key, der);
  return der;
}

/** The chains of a `chain` claim: its lines, a new chain at each line without a relation. */
export const chainsOf = (claim: ClaimBlock): ChainLine[][] =>
  claim.chain.reduce<ChainLine[][]>((chains, l) => (l.relation === null ? [...chains, [l]] : (chains.at(-1)!.push(l), chains)), []);

/**
 * The derivation of these chains of a parsed claim file: its top-level chains (a derivation file),
 * or a `chain` claim's (ClaimBlock.chain split where a line has no relation), with the claim's
 * `limit` lines (none for top-level chains).
 */
export function derivationOf(source: ClaimFile, chains: readonly (readonly ChainLine[])[], limits: readonly LimitLine[]): Derivation {
  const d = source.declarations;
  // bounded work: every expectation enumerates the joint outcomes of the random variables, 3^n for n independent ones
  const { outcomes, variables } = outcomesBound(d);
  if (outcomes > MAX_OUTCOMES) {
    const first = Math.min(...[...d.randoms.values()].map((r) => r.line));
    throw new NotationError(`${source.file}:${first}: an expectation would enumerate up to ${outcomes.toExponential(1)} joint outcomes (${variables}, each taking up to its law's number of values: 3 by moments): at most ${MAX_OUTCOMES}; narrow the ranges of their indices`);
  }
  return {
    file: source.file,
    source,
    reals: new Map([...d.reals].map(([n, r]) => [n, r.interval])),
    functions: new Set(d.functions.keys()),
    families: d.randoms,
    independent: new Set(d.independent.flatMap((i) => i.names)),
    defined: d.definitions,
    chains: chains.map((c) => c.map((l) => ({ text: l.text, node: l.node, at: l.line, relation: l.relation, ...(l.condition && { condition: l.condition }) }))),
    limits,
  };
}

/** A line as the engine's Expr, made once per line (lines are compiled-value lookups on every step at every point). */
const lineExprs = new WeakMap<Line, Expr>();
const asExpr = (e: Line | Expr): Expr => {
  if (!('at' in e)) return e;
  let x = lineExprs.get(e);
  // Stryker disable next-line ConditionalExpression: a cache; making it again gives an equal Expr (its compiled forms are found by node)
  if (!x) lineExprs.set(e, (x = { text: e.text, node: e.node, line: e.at }));
  return x;
};
/**
 * A line or a declared expression compiled over N (the engine compiles each once per system), kept
 * by the line or expression itself (which belongs to one file): a point looks up a dozen of them,
 * and the engine's own cache takes three lookups and two allocations each time.
 */
const compiledBy = new WeakMap<Line | Expr, Map<Field<unknown>, CompiledExpression<unknown>>>();
function compiledIn<T>(der: Derivation, e: Line | Expr, N: Field<T>): CompiledExpression<T> {
  let bySystem = compiledBy.get(e);
  // Stryker disable next-line ConditionalExpression: a cache; a new map compiles the expression again: the same compiled form
  if (!bySystem) compiledBy.set(e, (bySystem = new Map()));
  let c = bySystem.get(N as Field<unknown>) as CompiledExpression<T> | undefined;
  // Stryker disable next-line ConditionalExpression: a cache; compiling again gives the same
  if (!c) bySystem.set(N as Field<unknown>, (c = compileExpression(der.source, asExpr(e), N)) as CompiledExpression<unknown>);
  return c;
}
const compiledOf = (der: Derivation, e: Line | Expr): CompiledExpression<Surd> => compiledIn(der, e, surd);

/**
 * decimal(50), with ln remembered by its argument as decimal(…) already remembers exp: a point's
 * lines take ln of the same few numbers (Θ, the limit's four points) many times over — once per
 * condition's solve, per limit point — and a truncated series' lines the same exp(−β·i) term by
 * term (exam1-p1b); ln and exp are by far the dearest operations at 50 digits (0.2 ms each).
 */
const DEC: Analytic<Decimal> = (() => {
  const base = decimal(50);
  return { ...base, log: memo((a: Decimal) => base.log(a), { key: (a) => a.toString() }) };
})();

/**
 * The two number systems a step is decided in: the surds, exactly, where both its lines use only
 * what they have (+ − × ÷, whole powers, √ of rationals, derivatives of those); decimal(50) where a
 * line needs exp, ln or tanh (ln Θ). A point's values are exact rationals either way (`of`); in
 * decimal, two numbers are equal when they differ by at most ALLOWANCE · M, M the largest magnitude
 * of the step: its two values and the point's reals and function values. Each decimal operation
 * rounds within 10^-49 of its result, relative, so 1e-40 leaves room for 10^9 roundings of
 * quantities below M — far more than a chain line's few dozen operations — while a false step
 * differs at a random grid point by far more than 1e-40 relative. (A line whose intermediates,
 * never seen, dwarf M could be refuted falsely; its message shows both values.) Function values
 * are looked up by their arguments to 30 digits, so both systems see one function at a point.
 */
interface System<T> {
  readonly N: Field<T>;
  of(s: Surd): T;
  key(v: T): string;
  show(v: T): string;
  /** The sign of a − b, where M is the example's largest magnitude (decimal: 0 within the allowance). */
  compare(a: T, b: T, M: number): -1 | 0 | 1;
  abs(v: T): number;
  /** Whether `a RELATION b` holds, where the system decides it otherwise than by `compare`'s sign (confidence intervals: whether it can hold). */
  holds?(relation: Relation, a: T, b: T): boolean;
  /** A failing step's two sides, shown so that they read apart where `show` would make them alike. */
  showApart?(a: T, b: T): [string, string];
}
const DECIMAL_ALLOWANCE = 1e-40;
const decimalOfSurd = (s: Surd): Decimal => (surd.isRational(s) ? DEC.fromRational(s.q) : DEC.mul(DEC.fromRational(s.q), DEC.sqrt(DEC.fromRational(s.r))));
const canonical = (d: Decimal): string => d.toSignificantDigits(30).toString();
/**
 * Each value's key, once: a point reads its functions at the same few values (a real, a let) over
 * and over, and the key is a 50-digit division. A rational's is kept by its Fraction, so the
 * rationals' and the surds' lines find one function value at one point.
 */
const rationalKeys = new WeakMap<Fraction, string>();
const rationalKey = (v: Fraction): string => {
  let k = rationalKeys.get(v);
  // Stryker disable next-line ConditionalExpression: a cache; computing it again gives the same
  if (k === undefined) rationalKeys.set(v, (k = canonical(DEC.fromRational(v))));
  return k;
};
const surdKeys = new WeakMap<Surd, string>();
const surdKey = (v: Surd): string => {
  if (surd.isRational(v)) return rationalKey(v.q);
  let k = surdKeys.get(v);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: a cache; computing it again gives the same
  if (k === undefined) surdKeys.set(v, (k = canonical(decimalOfSurd(v))));
  return k;
};
const SURDS: System<Surd> = { N: surd, of: (s) => s, key: surdKey, show: surd.show, compare: surd.compare, abs: (v) => Math.abs(surd.toNumber(v)) };
/**
 * The rationals, for a step whose lines use no square root: the surds' values there are rationals
 * (r = 1), computed without the surd around each (the same values, the same keys and messages).
 */
const RATIONALS: System<Fraction> = {
  N: rational,
  of: (s) => {
    // Stryker disable next-line ConditionalExpression,StringLiteral: never taken: a point's values (grid reals, function values) are rational
    if (!surd.isRational(s)) throw new NotRepresentable(`${surd.show(s)} is not rational`);
    return s.q;
  },
  key: rationalKey,
  show: (v) => v.toFraction(),
  compare: compareRationals,
  abs: (v) => Math.abs(rational.toNumber(v)),
};
const DECIMALS: System<Decimal> = {
  N: DEC,
  of: decimalOfSurd,
  key: canonical,
  show: (v) => v.toSignificantDigits(6).toString(),
  // 6 digits, or as many as tell the sides apart (exp(x) + 1e-30 against exp(x): 31; found by review)
  showApart(a, b) {
    // Stryker disable next-line EqualityOperator: a decimal(50) value has at most 50 digits: at 50, toSignificantDigits is the toString returned after the loop
    for (let digits = 6; digits <= 50; digits++) {
      const [x, y] = [a.toSignificantDigits(digits).toString(), b.toSignificantDigits(digits).toString()];
      if (x !== y) return [x, y];
    }
    return [a.toString(), b.toString()];
  },
  compare(a, b, M) {
    const d = a.minus(b);
    const allowed = [a.abs(), b.abs()].reduce((m, v) => (v.gt(m) ? v : m), DEC.fromNumber(M)).mul(DECIMAL_ALLOWANCE);
    return d.abs().lte(allowed) ? 0 : d.isNegative() ? -1 : 1;
  },
  abs: (v) => v.abs().toNumber(),
};

/**
 * Where a file has a continuous law (uniform on an interval, Gaussian): every step in float64
 * intervals (oracles/laws.ts's INTERVALS), each sampled expectation a confidence interval that
 * holds its value except with probability FALSE_ALARM. Exact values become enclosures one ulp or
 * so wide; a relation holds where it can for some values inside the two intervals (so a true step
 * fails only where an expectation's interval missed its value), and fails only where it cannot.
 */
const SAMPLED: System<Enclosure> = {
  N: INTERVALS,
  of: (s) => (surd.isRational(s) ? INTERVALS.fromRational(s.q) : INTERVALS.mul(INTERVALS.fromRational(s.q), INTERVALS.sqrt(INTERVALS.fromRational(s.r)))),
  key: (v) => String(INTERVALS.toNumber(v)),
  // an exact value's enclosure is an ulp or so wide: shown as its value
  show: (v) => (v[1] - v[0] <= 1e-12 * Math.max(1, Math.abs(v[0])) ? `${Number(v[0].toPrecision(6))}` : `[${v[0].toPrecision(6)}, ${v[1].toPrecision(6)}]`),
  // Stryker disable next-line UnaryOperator: its relations are `holds`; compare is read only as 0 or not (a condition's zeros)
  compare: (a, b) => (a[1] < b[0] ? -1 : b[1] < a[0] ? 1 : 0),
  // Stryker disable next-line MethodExpression: read only into M, which this compare does not read
  abs: (v) => Math.max(Math.abs(v[0]), Math.abs(v[1])),
  holds: (relation, a, b) => ({ '=': a[0] <= b[1] && b[0] <= a[1], '<=': a[0] <= b[1], '<': a[0] < b[1], '>=': a[1] >= b[0], '>': a[1] > b[0] })[relation],
};

/**
 * What a derivation's sampled expectations risk, for its claim's results ('' where it has no
 * continuous law). Each E is a confidence interval missing its value with probability at most
 * FALSE_ALARM (Hoeffding over the body's range, oracles/hoeffding.ts); a Var takes two, a Cov three,
 * counted over the chains' lines and the definitions (each computed at most once per point), and
 * the union bound adds them: at most k·FALSE_ALARM per point, and `points` times that per check.
 */
export function samplingStatement(der: Derivation, points = 100): string {
  if (!sampledOf(der)) return '';
  const count = (node: MathNode): number => {
    let k = 0;
    node.traverse((m) => {
      const moment = momentOf(m, der.source.declarations);
      if (moment !== null) k += moment === 'E' ? 1 : moment === 'Var' ? 2 : 3;
    });
    return k;
  };
  const k = [...der.chains.flat().map((l) => l.node), ...[...der.defined.values()].map((d) => d.expr.node)].reduce((sum, n) => sum + count(n), 0);
  return `; expectations over continuous laws sampled: ${SAMPLES} draws each, float64 interval arithmetic, Hoeffding's bound over the body's range (its enclosure on the laws' supports), false alarm ≤ ${FALSE_ALARM} per expectation, ${k} per point: ≤ ${(k * FALSE_ALARM).toExponential(0)} per point, ≤ ${(points * k * FALSE_ALARM).toExponential(0)} per check of ${points} points (the union bound)`;
}

/** Whether the derivation has a continuous law: its steps are decided in SAMPLED. */
const sampled = new WeakMap<Derivation, boolean>();
function sampledOf(der: Derivation): boolean {
  let is = sampled.get(der);
  // Stryker disable next-line ConditionalExpression: a cache; computing it again gives the same
  if (is === undefined) sampled.set(der, (is = [...der.families.values()].some((f) => f.law.kind === 'interval' || f.law.kind === 'gaussian')));
  return is;
}

/** Each line's system, once: the rationals or else the surds where it compiles over them. */
// (by the line, not its tree: one tree serves every file with the line's text, notation/parse.ts,
// and a line's system depends on the file's declarations)
const systems = new WeakMap<Line | Expr, System<Fraction> | System<Surd> | System<Decimal>>();

/**
 * The rationals where every line compiles over them, else the surds where every line does, else
 * decimal(50) (for all of them: one step is decided in one system).
 */
function systemOf(der: Derivation, lines: readonly (Line | Expr)[]): System<Fraction> | System<Surd> | System<Decimal> | System<Enclosure> {
  if (sampledOf(der)) return SAMPLED;
  // Stryker disable next-line BooleanLiteral: the surds hold the rationals: a step decided in them has the same values, keys and messages (RATIONALS)
  let rationals = true;
  let decimals = false;
  // a pin's value (assume diff(g(x), x) = …) is compiled in the step's system when a line reads it
  for (const l of [...lines, ...der.source.declarations.pins.map((p) => p.value)]) {
    const S = lineSystem(der, l);
    // Stryker disable next-line ConditionalExpression: the surds hold the rationals: a step decided in them has the same values, keys and messages (RATIONALS)
    rationals &&= S === RATIONALS;
    decimals ||= S === DECIMALS;
  }
  return rationals ? RATIONALS : decimals ? DECIMALS : SURDS;
}

/** A line's own system, once: the rationals where it compiles over them, else the surds, else decimal(50). */
function lineSystem(der: Derivation, l: Line | Expr): System<Fraction> | System<Surd> | System<Decimal> {
  let S = systems.get(l);
  // Stryker disable next-line ConditionalExpression: a cache; computing it again gives the same
  if (!S) {
    try {
      compiledIn(der, l, rational);
      S = RATIONALS;
    } catch (e) {
      // Stryker disable next-line ConditionalExpression: compileExpression throws NotationError only (the other errors come when a compiled line runs)
      if (!(e instanceof NotationError)) throw e;
      try {
        compiledOf(der, l);
        S = SURDS;
      } catch (e) {
        // Stryker disable next-line ConditionalExpression: compileExpression throws NotationError only (the other errors come when a compiled line runs)
        if (!(e instanceof NotationError)) throw e;
        compiledIn(der, l, DEC); // an error that is not the surds' lack of exp or ln is the file's
        S = DECIMALS;
      }
    }
    systems.set(l, S);
  }
  return S;
}

/**
 * Where a line has no value at a point (a division by zero, a root of a negative number, a sum of
 * surds that is not one, moments no law has, an index out of its range): the point is skipped for
 * that step. Thrown here for moments; the surds throw NotRepresentable and the engine IndexOutOfRange.
 */
class Undefined extends Error {}
const undefinedHere = (e: unknown): boolean => e instanceof Undefined || e instanceof NoLaw || e instanceof NotRepresentable || e instanceof IndexOutOfRange;


// ---------------------------------------------------------------------------------------------
// Points: where a derivation's variables take values, drawn from a stream of choices.

/** The choices a point is made of: uniform on a grid (the decision), or small and simple (the explanation). */
export interface Draws {
  real(iv: Interval): Fraction;
  offset(): Fraction;
  pick(n: number): number;
}

/** mulberry32 from a seed: uniform grid points, as the Schwartz–Zippel bound needs. */
export function uniformDraws(seed: number, grid: number): Draws {
  const next = uniformStream(seed);
  // methods, not arrow functions in properties or consts: tsx compiles with keepNames, which wraps
  // each such function in a call naming it, and these are made at every point
  return {
    // in rational.ts's operations (fraction.js's parse their arguments): lo + (hi − lo)·k/grid, exactly
    real(iv) {
      const width = widthOf(iv);
      if (iv.integer) return rational.add(iv.lo, exactOf(Math.floor(next() * (rational.toNumber(width) + 1))));
      const k = iv.loOpen || iv.hiOpen ? 1 + Math.floor(next() * (grid - 1)) : Math.floor(next() * (grid + 1));
      return rational.add(iv.lo, rational.mul(stepOf(iv, grid), exactOf(k)));
    },
    // offsets of discrete laws: a coarse grid (±1/4 … ±16) keeps the enumerations' rationals short
    offset() {
      const k = 1 + Math.floor(next() * 64);
      // Stryker disable next-line EqualityOperator,ArithmeticOperator: a fair coin whichever face gives −1 (< and <= differ only at the one output 1/2); k·(±1) is k/(±1)
      return rational.mul(exactOf(k * (next() < 0.5 ? -1 : 1)), QUARTER);
    },
    pick(n) {
      return Math.floor(next() * n);
    },
  };
}
const QUARTER = rational.div(rational.one, exactOf(4));

/** An interval's width hi − lo, once per interval (read-only, parsed once). */
const widths = new WeakMap<Interval, Fraction>();
function widthOf(iv: Interval): Fraction {
  let w = widths.get(iv);
  // Stryker disable next-line ConditionalExpression: a cache; computing it again gives the same
  if (!w) widths.set(iv, (w = rational.sub(iv.hi, iv.lo)));
  return w;
}

/** The grid's step across an interval, (hi − lo)/grid, once per interval and grid. */
const steps = new Map<number, WeakMap<Interval, Fraction>>();
function stepOf(iv: Interval, grid: number): Fraction {
  let byInterval = steps.get(grid);
  // Stryker disable next-line ConditionalExpression: a cache; computing it again gives the same
  if (!byInterval) steps.set(grid, (byInterval = new WeakMap()));
  let step = byInterval.get(iv);
  // Stryker disable next-line ConditionalExpression: a cache; computing it again gives the same
  if (!step) byInterval.set(iv, (step = rational.div(widthOf(iv), exactOf(grid))));
  return step;
}

/** Small simple values 0, 1, −1, 2, 1/2, ... (the first that fit), from small natural numbers. */
const SIMPLE = ['0', '1', '-1', '2', '1/2', '-2', '-1/2', '3', '1/4', '3/2', '-3', '3/4', '4', '1/3', '-4', '2/3'].map(q);
/** Draws of simple values from the choices, in order (again from the first past the last); `read` counts those taken. */
export function simpleDraws(choices: readonly number[]): Draws & { readonly read: number } {
  let at = 0;
  const next = () => choices[at++ % choices.length];
  return {
    get read() {
      return at;
    },
    real(iv) {
      const k = next();
      if (iv.integer) return iv.lo.add(Math.min(k, iv.hi.sub(iv.lo).valueOf()));
      const fits = simpleIn(iv);
      return fits.length > 0 ? fits[k % fits.length] : iv.lo.add(iv.hi).div(2);
    },
    offset: () => SIMPLE.slice(1)[next() % (SIMPLE.length - 1)],
    pick: (n) => next() % n,
  };
}
const inside = (v: Fraction, iv: Interval) =>
  (iv.loOpen ? v.compare(iv.lo) > 0 : v.compare(iv.lo) >= 0) && (iv.hiOpen ? v.compare(iv.hi) < 0 : v.compare(iv.hi) <= 0);
/** The simple values inside an interval (read-only, parsed once), found once: simple points draw thousands of reals. */
const simpleFits = new WeakMap<Interval, Fraction[]>();
function simpleIn(iv: Interval): Fraction[] {
  let fits = simpleFits.get(iv);
  // Stryker disable next-line ConditionalExpression: a cache; computing it again gives the same
  if (!fits) simpleFits.set(iv, (fits = SIMPLE.filter((v) => inside(v, iv))));
  return fits;
}

/** Where a derivation's variables stand at one point. */
interface Point {
  readonly scalars: Map<string, Surd>;
  readonly blocks: Block[];
  readonly laws: Map<string, Marginal>;
  /** Members of continuous laws (sampled in each expectation), and the seed of their draws at this point. */
  readonly continuous: Map<string, Continuous>;
  readonly sampleSeed: number;
  /** Joint laws' blocks (`random (x, y) ~ …`), shown with the point. */
  readonly joints: Block[];
  readonly dependent: string[];
  /** The vectors of iid vector families (`random g[i, k] iid`): each one's entries coupled, the vectors independent. */
  readonly vectors: string[][];
  /** Uninterpreted functions' values (and derivatives) drawn so far, by name and arguments to 30 digits. */
  readonly table: Map<string, { readonly shown: string; readonly value: Surd }>;
  /** Polynomial functions' coefficients c₀ … c₄, drawn at first use. */
  readonly polynomials: Map<string, Fraction[]>;
  readonly draws: Draws;
  /** The point's values in the surds, and (`envOf`) in each system asked for. */
  readonly env: PointEnv<Surd>;
  readonly envs: Map<object, PointEnv<unknown>>;
}

/** Function values are uniform on [-4, 4]. */
const FUNCTION_VALUES: Interval = { lo: q(-4), hi: q(4), loOpen: false, hiOpen: false, integer: false };

/**
 * A polynomial function's coefficients at a point: degree 0 … 4, each coefficient a small integer
 * (0, 1, −1, 2, … 8 from the draws' small choices) or one time in four a dyadic m/2^e, as the
 * losses of the first edition's P4 property were.
 */
function polynomialOf(draws: Draws): Fraction[] {
  const zigzag = (k: number) => (k % 2 === 1 ? (k + 1) / 2 : -k / 2);
  const degree = draws.pick(5);
  return Array.from({ length: 5 }, (_, k) => (k > degree ? ZERO : draws.pick(4) === 3 ? q(zigzag(draws.pick(511))).div(2 ** (1 + draws.pick(8))) : q(zigzag(draws.pick(17)))));
}

/**
 * The point's values in system S: its reals (`set` overrides one, for a condition), an uninterpreted
 * function's independent uniform value at each distinct argument (its derivatives, asked by
 * `derivativeName`, likewise), a polynomial's coefficients, expectations over its laws; and the
 * file's hypotheses on derivatives (`assume diff(l(x), x) = e`): an uninterpreted l′ at x's value
 * is e's value, a polynomial's linear coefficient makes l′(x) = e.
 */
function envIn<T>(der: Derivation, pt: Omit<Point, 'env' | 'envs'>, S: System<T>, set?: readonly [string, T]): PointEnv<T> {
  // in the surds the point's own values, not a copy (no env writes to its scalars, and a point's are drawn once)
  let scalars = pt.scalars as unknown as Map<string, T>;
  // Stryker disable next-line ConditionalExpression: a copy of the surds' values in the surds is the same values
  if (S !== (SURDS as unknown) || set) {
    scalars = new Map<string, T>();
    for (const [n, v] of pt.scalars) scalars.set(n, S.of(v));
    if (set) scalars.set(set[0], set[1]);
  }
  return new PointEnv(der, pt, S, scalars);
}

/**
 * `envIn`'s environment. A class, so every point's environments share one shape and one set of
 * methods: an object literal with a getter (`linear`) is given a hidden class of its own each
 * time it is made, which the engine's reads of env then met as a new shape at every point, and
 * which outlived the point in the young generation (6 KB a point, P6.bias).
 */
class PointEnv<T> implements ExpressionEnv<T> {
  readonly memo = new Map<string, T>();
  /** The chain lines' values here (`lineValue`). */
  readonly lines = new Map<Line, T>();
  /** The laws' parameters here, rational or null (`paramAt`: the surds' env of a point). */
  readonly params = new Map<Expr, Fraction | null>();
  constructor(
    private readonly der: Derivation,
    private readonly pt: Omit<Point, 'env' | 'envs'>,
    private readonly S: System<T>,
    readonly scalars: ReadonlyMap<string, T>,
  ) {}

  call(name: string, args: readonly T[]): T {
    const { der, pt, S } = this;
    const pin = der.source.declarations.pins.find((p) => name === derivativeName(p.fn, 0, 1) && S.key(args[0]) === S.key(S.of(pt.scalars.get(p.at)!)));
    if (pin) return compiledIn(der, pin.value, S.N)(this);
    const key = `${name}(${args.map(S.key).join(', ')})`;
    let v = pt.table.get(key);
    if (!v) pt.table.set(key, (v = { shown: `${name}(${args.map(S.show).join(', ')})`, value: surd.fromRational(pt.draws.real(FUNCTION_VALUES)) }));
    return S.of(v.value);
  }

  polynomial(name: string): T[] {
    const { der, pt, S } = this;
    const N = S.N;
    let drawn = pt.polynomials.get(name);
    if (!drawn) pt.polynomials.set(name, (drawn = polynomialOf(pt.draws)));
    const c = drawn.map((x) => N.fromRational(x));
    const pin = der.source.declarations.pins.find((p) => p.fn === name);
    if (!pin) return c;
    // c₁ = e − Σ_{k≥2} k·c_k·x^(k−1), so that l′(x) = e
    // at the real's drawn value: a limit moves the real, never the function
    const x = S.of(pt.scalars.get(pin.at)!);
    let rest = N.zero;
    for (let k = 2, power = x; k < c.length; k++, power = N.mul(power, x)) rest = N.add(rest, N.mul(N.fromNumber(k), N.mul(c[k], power)));
    c[1] = N.sub(compiledIn(der, pin.value, N)(this), rest);
    return c;
  }

  expect(body: (random: (name: string) => T) => T): T {
    const { der, pt, S } = this;
    if (S === (SAMPLED as unknown)) {
      return sampledExpectation(pt.blocks, pt.continuous, pt.sampleSeed, body as unknown as (value: (name: string) => Enclosure) => Enclosure, (range) => {
        throw new NotationError(`${der.file}: an expectation over ${[...pt.continuous.values()].map((c) => c.shown).join(', ')} is sampled, and Hoeffding's bound needs its body bounded: ${range === null ? 'interval arithmetic cannot bound it (relu, max, min, |·|, ind or a division of a sampled variable)' : `here it ranges over [${range[0]}, ${range[1]}]`}`);
      }) as unknown as T;
    }
    // a limit line or a condition is computed at 50 digits, where nothing is sampled
    if (pt.continuous.size > 0) throw new NotationError(`${der.file}: an expectation over continuous laws is sampled in a chain's steps only (not in a limit or a condition line)`);
    const N = S.N;
    return expectation(pt.blocks, (value) => body((name) => N.fromRational(value(name))), N);
  }

  law(body: (value: (name: string) => Fraction) => readonly string[]) {
    return jointOutcomes(this.pt.blocks, body);
  }

  // an enumeration is a finite sum: E[a + b] = E[a] + E[b] exactly (a sampled E is an interval of
  // its own, with its own range; outside the sampled steps `expect` refuses a continuous law, whole or split)
  get linear(): boolean {
    return this.S !== (SAMPLED as unknown);
  }
}

function pointOf(der: Derivation, draws: Draws): Point {
  const scalars = new Map<string, Surd>();
  der.reals.forEach((iv, name) => scalars.set(name, surd.fromRational(draws.real(iv))));
  const blocks: Block[] = [];
  // the seed of the point's sampled expectations, only where the file has a continuous law (other files' points are drawn as before)
  const sampleSeed = sampledOf(der) ? draws.pick(2 ** 31) : 0;
  const base = { scalars, blocks, laws: new Map<string, Marginal>(), continuous: new Map<string, Continuous>(), sampleSeed, joints: [] as Block[], dependent: [] as string[], vectors: [] as string[][], table: new Map(), polynomials: new Map(), draws };
  const env = envIn(der, base, SURDS);
  // Stryker disable next-line ArrayDeclaration: envOf makes the surds' env where it is missing, with the same values
  const pt: Point = { ...base, env, envs: new Map([[SURDS, env as PointEnv<unknown>]]) };
  const loose: { name: string; law: Marginal }[] = [];
  der.families.forEach((fam, name) => drawFamily(der, pt, fam, name, loose));
  pt.blocks.push(...pt.joints);
  // random variables no hypothesis makes independent: coupled, each rising or falling with the rest
  if (loose.length > 0) {
    // Stryker disable next-line EqualityOperator: flipping every direction at once gives the same joint law (U and 1 − U have one law), from the same draws
    pt.blocks.push(coupled(loose.map((l) => l.name), loose.map((l) => l.law), loose.map(() => draws.pick(2) === 0)));
    pt.dependent.push(...loose.map((l) => l.name));
  }
  return pt;
}

/**
 * The laws of one family's members at the point: each its own block where the family is
 * independent or iid, the entries of one vector of an iid vector family coupled, the rest added to
 * `loose` (coupled with each other by `pointOf`).
 */
function drawFamily(der: Derivation, pt: Point, fam: RandomDecl, name: string, loose: { name: string; law: Marginal }[]): void {
  const { env, draws } = pt;
  // a joint law: one block of its own, once for all its names, independent of every other variable
  // (parse.ts allows a joint law only as a table: categorical, or any law on 1..m, 1..n)
  if (fam.joint) {
    if (fam.joint[0] === name) pt.joints.push({ names: fam.joint, outcomes: tableAt(der, fam, fam.law as TableLaw, env, draws) });
    return;
  }
  const n = extentAt(der, env, fam.index);
  const m = extentAt(der, env, fam.entry);
  // an iid family's members share one law (a vector family's: one law per entry, coupled the
  // same way in every vector) and are independent of each other and of the rest
  const shared = fam.iid ? membersOf(name, 1, m).map(() => lawOf(der, fam, env, draws)) : null;
  const vectorsCoupled = fam.iid && m !== null && !der.independent.has(name);
  // Stryker disable next-line EqualityOperator: flipping every direction at once gives the same joint law (U and 1 − U have one law), from the same draws
  const directions = vectorsCoupled ? shared!.map(() => draws.pick(2) === 0) : null;
  for (const i of n === null ? [null] : Array.from({ length: n }, (_, k) => k + 1)) {
    const vector: { name: string; law: Marginal }[] = [];
    const members = membersOf(name, i, m);
    for (let k = 0; k < members.length; k++) {
      const member = members[k];
      const drawn = shared?.[k] ?? lawOf(der, fam, env, draws);
      if (drawn.kind === 'continuous') {
        pt.continuous.set(member, drawn.law);
        continue;
      }
      const law = drawn.marginal;
      pt.laws.set(member, law);
      if (directions) vector.push({ name: member, law });
      else if (der.independent.has(name) || fam.iid) pt.blocks.push(independentBlock(member, law));
      else loose.push({ name: member, law });
    }
    // the entries of one vector of an iid vector family: coupled through their quantiles, independent of the other vectors
    if (vector.length > 0) {
      pt.blocks.push(coupled(vector.map((l) => l.name), vector.map((l) => l.law), directions!));
      pt.vectors.push(vector.map((l) => l.name));
    }
  }
}

/** The extent of an index letter's range at the point (null for no letter: a family without that index). */
function extentAt(der: Derivation, env: PointEnv<Surd>, letter: string | null): number | null {
  return letter === null ? null : integerOf(compiledOf(der, der.source.declarations.indices.get(letter)!.range)(env));
}

/** The members of a family at index value i (null: the family has no index), each a vector of m entries (null: a scalar): `w`, `w[2]`, `g[2, 1]`. */
function membersOf(name: string, i: number | null, m: number | null): string[] {
  return i === null ? [name] : m === null ? [`${name}[${i}]`] : Array.from({ length: m }, (_, k) => `${name}[${i}, ${k + 1}]`);
}

/**
 * A parameter's value at the point in the surds: a rational, or null where it is irrational (no law
 * here). Computed once per point: a family's members share their law's parameters (no index is
 * bound while a point's laws are drawn), and a file's sizes are read by every family.
 */
function paramAt(der: Derivation, env: PointEnv<Surd>): (e: Expr) => Fraction | null {
  const values = env.params;
  return (e) => {
    let v = values.get(e);
    // Stryker disable next-line ConditionalExpression: a cache; computing it again gives the same
    if (v === undefined) {
      const value = compiledOf(der, e)(env);
      values.set(e, (v = surd.isRational(value) ? value.q : null));
    }
    return v;
  };
}

/** Each range's largest extent over the file, for any law on 1..n (laws.ts's `finiteOutcomes` draws every cell of it). */
const largestOf = (der: Derivation, law: RandomDecl['law']): number[] =>
  // Stryker disable next-line ArrayDeclaration: the laws.ts functions read it only for any law on 1..n
  law.kind === 'any' && law.on !== null ? law.on.map((r) => Math.floor(valueRange(der.source.declarations, r.node)[1])) : [];

/** A table law's probabilities that are no law at the point are the file's error at the declaration (`file:line: …`). */
function lawAt<L>(der: Derivation, fam: RandomDecl, draw: () => L): L {
  try {
    return draw();
  } catch (e) {
    if (e instanceof LawError) throw new NotationError(`${der.file}:${fam.line}: ${e.message}`);
    throw e;
  }
}

/** A joint table law's outcomes at the point (oracles/laws.ts's `finiteOutcomes`). */
function tableAt(der: Derivation, fam: RandomDecl, law: TableLaw, env: PointEnv<Surd>, draws: Draws) {
  return lawAt(der, fam, () => finiteOutcomes(law, paramAt(der, env), draws.pick, largestOf(der, law)));
}

/** A family member's law at the point (oracles/laws.ts): its parameters in the surds, each rational (an irrational one has no law here). */
function lawOf(der: Derivation, fam: RandomDecl, env: PointEnv<Surd>, draws: Draws): ReturnType<typeof drawLaw> {
  return lawAt(der, fam, () => drawLaw(fam.law, paramAt(der, env), draws, largestOf(der, fam.law)));
}

function integerOf(v: Surd): number {
  if (!surd.isRational(v) || v.q.d !== 1n) throw new Undefined();
  return Number(v.q.valueOf());
}

const HOLDS: Record<Relation, (c: -1 | 0 | 1) => boolean> = { '=': (c) => c === 0, '<=': (c) => c <= 0, '>=': (c) => c >= 0, '<': (c) => c < 0, '>': (c) => c > 0 };

// ---------------------------------------------------------------------------------------------
// Steps.

export interface StepFailure {
  /** 1-based chain, and the 1-based lines of the step within it. */
  readonly chain: number;
  readonly from: number;
  readonly to: number;
  readonly message: string;
  /** The real a condition step set, and the value it set it to (the point is shown so). */
  readonly set?: readonly [string, string];
}

/** A step's result; where it fails, why (after "fails (file:line): "), and the value a condition set one real to. */
type StepResult = { holds: true } | { holds: false; why: string; set?: readonly [string, string] } | { holds: null };

/** The point's values in S (the surds' env is the point's own; one per system and point). */
function envOf<T>(der: Derivation, pt: Point, S: System<T>): PointEnv<T> {
  let env = pt.envs.get(S) as PointEnv<T> | undefined;
  // Stryker disable next-line ConditionalExpression: a cache; a new env of the point gives the same values (function values and laws are the point's)
  if (!env) pt.envs.set(S, (env = envIn(der, pt, S)));
  return env;
}

/** The largest magnitude of the point's reals, function values and coefficients: the decimal allowance's M. */
function magnitudeOf(pt: Point): number {
  const values = [...pt.scalars.values(), ...[...pt.table.values()].map((e) => e.value)].map((v) => Math.abs(surd.toNumber(v)));
  for (const c of pt.polynomials.values()) values.push(...c.map((x) => Math.abs(x.valueOf())));
  return Math.max(0, ...values);
}

/** "line k+1 = a, line k+2 = b", the two values reading apart (System.showApart). */
function sidesApart<T>(S: System<T>, k: number, a: T, b: T): string {
  const [x, y] = S.showApart ? S.showApart(a, b) : [S.show(a), S.show(b)];
  return `line ${k + 1} = ${x}, line ${k + 2} = ${y}`;
}

/** Each line's value at a point in a system, kept by the point's env: a chain's middle line is in two steps, and its value is the same in both. */
function lineValue<T>(der: Derivation, l: Line, N: Field<T>, env: PointEnv<T>): T {
  let v = env.lines.get(l);
  // Stryker disable next-line ConditionalExpression: a cache; computing it again gives the same
  if (v === undefined) env.lines.set(l, (v = compiledIn(der, l, N)(env)));
  return v;
}

/**
 * Whether `from RELATION to` holds at the point (the relation of `to`'s line unless given), exactly
 * in the surds or within the decimal allowance (`System`); `k` is `from`'s 0-based line in its chain.
 */
// Stryker disable next-line StringLiteral: never taken: a chain's line after the first has its relation
function stepAt(der: Derivation, pt: Point, from: Line, to: Line, relation: Relation = to.relation ?? '=', k = 0): StepResult {
  try {
    return stepIn(der, pt, from, to, relation, k, systemOf(der, [from, to]) as System<unknown>);
  } catch (e) {
    // Stryker disable next-line ObjectLiteral: holds is only compared with true and false, and undefined is neither, as null
    if (undefinedHere(e)) return { holds: null };
    throw e;
  }
}

/** `stepAt` in the step's system S. */
function stepIn<T>(der: Derivation, pt: Point, from: Line, to: Line, relation: Relation, k: number, S: System<T>): StepResult {
  if (to.condition) return conditionStep(der, pt, from, to, S, k);
  const env = envOf(der, pt, S);
  const a = lineValue(der, from, S.N, env);
  const b = lineValue(der, to, S.N, env);
  // the surds compare exactly: no allowance, so no magnitude to compute
  // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: the exact systems' compare reads no magnitude: its mutants only compute one
  return (S.holds ? S.holds(relation, a, b) : HOLDS[relation](S.compare(a, b, S === (SURDS as System<unknown>) || S === (RATIONALS as System<unknown>) ? 0 : magnitudeOf(pt)))) ? { holds: true } : { holds: false, why: sidesApart(S, k, a, b) };
}

/**
 * A condition (`answer condition on u: A`, A = 0) against the line before it (F, F = 0): the same
 * zeros in u, the point's other values held. F must be affine in u (a first derivative is affine in
 * the derivative values it is stated through: P4's ∂(ℓ + λ ln Θ)/∂Θ in dl = ∂ℓ/∂Θ): its zero
 * u* = −F(0)/(F(1) − F(0)) is computed and checked to be one (else the file's error). A must be 0
 * at u*; A's own zero, where A is affine in u, must be F's; an A that is 0 for every u, or F that
 * is (then A must be), is seen at u = 0 and 1; an A not affine in u is tried at u* ± 1 besides.
 * Exactly in the surds, within the decimal allowance in decimal(50). A failure names a value of u
 * where the condition holds under one form and not the other.
 */
function conditionStep<T>(der: Derivation, pt: Point, from: Line, to: Line, S: System<T>, k: number): StepResult {
  const u = to.condition!;
  const N = S.N;
  const [F, A] = [from, to].map((l) => compiledIn(der, l, N));
  const at = (f: CompiledExpression<T>, v: T) => f(envIn(der, pt, S, [u, v]));
  const [f0, f1, a0, a1] = [at(F, N.zero), at(F, N.one), at(A, N.zero), at(A, N.one)];
  const M = Math.max(magnitudeOf(pt), ...[f0, f1, a0, a1].map(S.abs));
  const zero = (v: T) => S.compare(v, N.zero, M) === 0;
  const root = (v0: T, v1: T): T | null => (S.compare(v1, v0, M) === 0 ? null : N.div(N.neg(v0), N.sub(v1, v0)));
  const differs = (v: T, holdsUnder: 'line' | 'answer'): StepResult => {
    const [fv, av] = [at(F, v), at(A, v)];
    const [zeroSide, other] = holdsUnder === 'line' ? [`line ${k + 1} is 0`, `the answer ${to.text} is ${S.show(av)}`] : [`the answer ${to.text} is 0`, `line ${k + 1} is ${S.show(fv)}`];
    return { holds: false, why: `at ${u} = ${S.show(v)} ${zeroSide} and ${other}: the condition holds under one form and not the other`, set: [u, S.show(v)] };
  };
  const star = root(f0, f1);
  if (star !== null) {
    if (!zero(at(F, star))) throw new NotationError(`${der.file}:${from.at}: line ${k + 1} is not affine in ${u}: the zero of the condition cannot be solved for`);
    if (!zero(at(A, star))) return differs(star, 'line');
  } else if (zero(f0) && !(zero(a0) && zero(a1))) return differs(zero(a0) ? N.one : N.zero, 'line');
  const own = root(a0, a1);
  const affine = own !== null && zero(at(A, own));
  // A = 0 at u = 0: tried at 0 and 1 (where A also has a secant root, that root is 0 and A is
  // affine: its 1 is not a zero); an A with a0 = a1 ≠ 0 is not affine either: tried at u* ± 1 too
  // ((u − 1/3)²(u − 4/3) against 3u − 1, 0 at 4/3; found by mutation testing)
  const tries = zero(a0) ? [N.zero, N.one] : affine ? [own] : star === null ? [] : [N.add(star, N.one), N.sub(star, N.one)];
  // Stryker disable next-line StringLiteral: differs tells 'line' from every other word, which is 'answer'
  for (const v of tries) if (zero(at(A, v)) && !zero(at(F, v))) return differs(v, 'answer');
  return { holds: true };
}

const stepName = (der: Derivation, c: number, k: number) => `${der.chains.length > 1 ? `chain ${c + 1}: ` : ''}line ${k + 1} → line ${k + 2}`;

/** A polynomial for a person: `3 - 2x + 1/2x^4`. */
function showPolynomial(c: readonly Surd[]): string {
  const terms = c.flatMap((x, k) => (x.q.equals(0) ? [] : [`${surd.show(x)}${k === 0 ? '' : k === 1 ? 'x' : `x^${k}`}`]));
  return terms.length === 0 ? '0' : terms.join(' + ').replace(/\+ -/g, '- ').replace(/(^|[ -])1x/g, '$1x');
}

/** What a point is, for a person: the reals (`set` one as a condition set it), the function values used, the laws. */
function describe(der: Derivation, pt: Point, set?: readonly [string, string]): string {
  const parts = [...pt.scalars].map(([n, v]) => `${n} = ${n === set?.[0] ? set[1] : surd.show(v)}`);
  for (const [name] of pt.polynomials) parts.push(`${name}(x) = ${showPolynomial(pt.env.polynomial!(name))}`);
  for (const v of pt.table.values()) parts.push(`${v.shown} = ${surd.show(v.value)}`);
  for (const [n, law] of pt.laws) parts.push(`${n} ∈ ${showFinite(law.values.map((v, j) => ({ values: [v], p: law.probs[j] })))}`);
  for (const [n, law] of pt.continuous) parts.push(`${n} ~ ${law.shown}`);
  for (const b of pt.joints) parts.push(`(${b.names.join(', ')}) ∈ ${showFinite(b.outcomes)}`);
  if (pt.dependent.length > 1) parts.push(`${pt.dependent.join(', ')} coupled (no independence hypothesis)`);
  for (const v of pt.vectors) if (v.length > 1) parts.push(`${v.join(', ')} coupled (one vector)`);
  return parts.join(', ');
}

/** The point the draws make, or null where the hypotheses have no law there. */
function pointAt(der: Derivation, draws: Draws): Point | null {
  try {
    return pointOf(der, draws);
  } catch (e) {
    // a mean, variance or index range that reads a random variable is the file's error (a NotationError), not the point's
    if (undefinedHere(e)) return null;
    throw e;
  }
}

/** For each chain and step, at how many points it held (a step has no value where it divides by 0). */
export type HeldCounts = number[][];

interface PointResult {
  failures: StepFailure[];
  /** null where the hypotheses have no law at these draws */
  point: Point | null;
  /** the steps with no value here, as [chain, step] indices */
  unvalued: [number, number][];
}

/** Every failing step at one point; each step that holds there is counted in `held`. */
function failuresAt(der: Derivation, draws: Draws, held?: HeldCounts): PointResult {
  const pt = pointAt(der, draws);
  const result: PointResult = { failures: [], point: pt, unvalued: [] };
  der.chains.forEach((lines, c) => {
    for (let k = 0; k + 1 < lines.length; k++) {
      const r = pt === null ? { holds: null } : stepAt(der, pt, lines[k], lines[k + 1], undefined, k);
      if (r.holds === null) result.unvalued.push([c, k]);
      if (r.holds === true && held) held[c][k]++;
      if (r.holds === false) {
        result.failures.push({ chain: c + 1, from: k + 1, to: k + 2, message: `${stepName(der, c, k)} fails (${der.file}:${lines[k + 1].at}): ${r.why}`, ...(r.set && { set: r.set }) });
      }
    }
  });
  return result;
}

/** The simple points: 40 choices among 16 simple values each, which fast-check shrinks towards 0. */
const SIMPLE_POINT = fc.array(fc.nat({ max: 15 }), { minLength: 40, maxLength: 40 });
const SIMPLE_POINTS_TRIED = 300;
/**
 * Tried before them: every variable at one simple value (0, 1, −1, …), where a boundary that needs
 * three variables equal lies ((a − b)² + (b − c)² > 0 fails at a = b = c alone: 300 random points
 * missed it on 11 of 40 seeds; found by review).
 */
const DIAGONAL: [number[]][] = Array.from({ length: 16 }, (_, k) => [Array<number>(40).fill(k)]);

/** `wanted` at one point: its value, or what it threw. */
type Outcome = { found: boolean } | { threw: unknown };

/**
 * `wanted` at the points choices make, each point evaluated once. A point is fixed by the choices
 * it reads, in order: choices that agree with an earlier point's on every choice that one read
 * make that point again (a file with continuous laws and no reals reads one choice, its sampling
 * seed: 16 points among 316). `read`: how many choices the last point asked for read.
 */
function pointsOf(wanted: (draws: Draws) => boolean): { read: number; at(choices: readonly number[]): Outcome } {
  const seen = new Map<number, Map<string, Outcome>>();
  const points = {
    read: 0,
    at(choices: readonly number[]): Outcome {
      for (const [r, outcomes] of seen) {
        const same = outcomes.get(choices.slice(0, r).join());
        if (same === undefined) continue;
        points.read = r;
        return same;
      }
      const draws = simpleDraws(choices);
      let outcome: Outcome;
      try {
        outcome = { found: wanted(draws) };
      } catch (e) {
        outcome = { threw: e };
      }
      points.read = draws.read;
      seen.set(draws.read, (seen.get(draws.read) ?? new Map<string, Outcome>()).set(choices.slice(0, draws.read).join(), outcome));
      return outcome;
    },
  };
  return points;
}

/** Choices for the first of 300 simple points from the seed where `wanted` holds (shrunk, if asked, to the simplest), or null. */
export function simplePoint(wanted: (draws: Draws) => boolean, seed: number, shrink: boolean): number[] | null {
  const points = pointsOf(wanted);
  const property = fc.property(SIMPLE_POINT, (choices) => {
    const outcome = points.at(choices);
    if ('threw' in outcome) throw outcome.threw; // a throw is a point found too (fast-check's failure)
    return !outcome.found;
  });
  // fast-check counts the examples in numRuns: the 300 random points come after them, all of them (found by review)
  const run = fc.check(property, { seed, numRuns: SIMPLE_POINTS_TRIED + DIAGONAL.length, endOnFailure: true, examples: DIAGONAL });
  if (!run.failed || !shrink) return run.failed ? run.counterexample![0] : null;
  // shrunk from the point found with the choices it did not read set to 0: the same point, and
  // fast-check then spends no evaluation on them (a point reads 5 or 6 of its 40 choices, and
  // shrinking each unread one cost an evaluation of the step: most of a refutation's search)
  const read = points.read;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: the point reads no choice from `read` on: kept or set to 0, the same point
  const found = run.counterexample![0].map((k, i) => (i < read ? k : 0));
  // a predicate not the same twice at a point (a candidate's answer with state) keeps the point found
  const shrunk = fc.check(property, { numRuns: 1, examples: [[found]] });
  return together((shrunk.failed ? shrunk : run).counterexample![0], points);
}

/**
 * fast-check shrinks one choice at a time, so a point that needs two variables equal (a = b, where
 * (a − b)² > 0 fails) keeps them where they were found (a = b = −4; found by review): each group
 * of equal choices is moved down together, to the simplest value where `wanted` still holds (a
 * point where it throws is not a simpler one).
 */
function together(choices: number[], points: ReturnType<typeof pointsOf>): number[] {
  const holds = (cs: number[]) => {
    const outcome = points.at(cs);
    return 'found' in outcome && outcome.found;
  };
  // the first group (in the choices' order) that moves down, at the lowest value where `wanted` holds; none: undefined
  const lower = (best: number[]): number[] | undefined => {
    for (const k of new Set(best)) {
      for (let j = 0; j < k; j++) {
        const tried = best.map((c) => (c === k ? j : c));
        if (holds(tried)) return tried;
      }
    }
    return undefined;
  };
  let best = choices;
  for (let next = lower(best); next; next = lower(best)) best = next;
  return best;
}

/** A step's result at the point the draws make; no value where they make none. */
function stepWith(der: Derivation, draws: Draws, c: number, k: number): StepResult['holds'] {
  const pt = pointAt(der, draws);
  return pt === null ? null : stepAt(der, pt, der.chains[c][k], der.chains[c][k + 1], undefined, k).holds;
}

/** The smallest, simplest point fast-check can find and shrink where this step fails, or null. */
function simplestFailure(der: Derivation, step: StepFailure, seed: number): { failure: StepFailure; point: string } | null {
  const choices = simplePoint((draws) => stepWith(der, draws, step.chain - 1, step.from - 1) === false, seed, true);
  if (!choices) return null;
  const at = failuresAt(der, simpleDraws(choices));
  const failure = at.failures.find((f) => f.chain === step.chain && f.from === step.from)!;
  return { failure, point: describe(der, at.point!, failure.set) };
}

/**
 * Check a derivation at POINTS_PER_RUN uniform points from a seed. Null when every step holds at
 * every point; else one line: the first failing step, at the simplest point found, and which line
 * is the odd one out when the steps into and out of it both fail but its neighbours agree; or a
 * step with no value at the point nor at any of 300 simple points (1/(x − x) = 5): passing it would
 * say nothing.
 */
export function checkDerivation(der: Derivation, seed: number, held?: HeldCounts): string | null {
  for (let p = 0; p < POINTS_PER_RUN; p++) {
    // Stryker disable next-line ArithmeticOperator: POINTS_PER_RUN is 1, so p is 0 and the seed is the seed
    const at = failuresAt(der, uniformDraws(seed + p * 0x9e3779b9, gridOf(der)), held);
    if (at.failures.length === 0) {
      for (const [c, k] of at.unvalued) {
        // Stryker disable next-line BooleanLiteral: shrinking a point found still finds one: only whether one exists is read
        if (!simplePoint((draws) => stepWith(der, draws, c, k) !== null, seed, false)) {
          return `${stepName(der, c, k)} (${der.file}:${der.chains[c][k + 1].at}) has no value at the point drawn nor at any of ${SIMPLE_POINTS_TRIED} simple points: it was not checked`;
        }
        // judged where it has a value: a step with none at the point drawn (√x + √(x + 1), two
        // roots no surd holds) was passed once a simple point gave it one, unjudged (found by review)
        const why = atSimplePointsOnce(der, c, k);
        if (why) return why;
      }
      const boundary = boundaryFailure(der, seed) ?? (at.point && limitFailure(der, at.point, seed));
      // Stryker disable next-line ConditionalExpression: POINTS_PER_RUN is 1: returning a null boundary here is the loop's end
      if (boundary) return boundary;
      continue;
    }
    const first = at.failures[0];
    const simple = simplestFailure(der, first, seed);
    const shown = simple ?? { failure: first, point: describe(der, at.point!, first.set) };
    return `${shown.failure.message}${oddOneOut(der, at, first)}, at ${shown.point}`;
  }
  return null;
}

/**
 * An inequality step can fail only on a set a uniform grid point all but never lands on (a² > 0
 * fails at a = 0 alone; ≥ for > is the slip exams are about), and so can a condition (φ·(φ + g)
 * has every g as a zero at φ = 0 alone, where the line's zero is one g), so inequality and
 * condition steps are also tried at 300 simple points (0, ±1, ±2, ½, … inside each variable's
 * interval, open ends excluded; variables often equal), a condition both ways there
 * (`conditionStep`): the first that fails, simplest first.
 */
function boundaryFailure(der: Derivation, seed: number): string | null {
  for (const [c, lines] of der.chains.entries()) {
    for (let k = 0; k + 1 < lines.length; k++) {
      if (lines[k + 1].relation === '=' && !lines[k + 1].condition) continue;
      const why = lines[k + 1].condition ? atSimplePointsOnce(der, c, k) : simpleFailure(der, c, k, seed);
      if (why) return why;
    }
  }
  return null;
}

/** Step k of chain c at the simple points from the seed: the simplest failure, shown, or null. */
function simpleFailure(der: Derivation, c: number, k: number, seed: number): string | null {
  const choices = simplePoint((draws) => stepWith(der, draws, c, k) === false, seed, true);
  if (!choices) return null;
  const at = failuresAt(der, simpleDraws(choices));
  const failure = at.failures.find((f) => f.chain === c + 1 && f.from === k + 1)!;
  // named here too: a step reached only here (no value at the point drawn, P = 0 where line 4 reads
  // log2 0) lost the odd one out on 7 of 300 seeds of 11AE-p1's literal-line-4
  return `${failure.message}${oddOneOut(der, at, failure)}, at ${describe(der, at.point!, failure.set)}`;
}

/**
 * A step at the simple points of one fixed seed, once per derivation (a condition step, or one with
 * no value at the points drawn): its simple points are the same whatever the run's seed (so the
 * verdict replays), and trying them on every run of a claim would multiply its time by five
 * (07reg-p9: 4 s → 20 s for 100 runs; 11AE-p1's unvalued steps, 0.3 s → 1.7 s).
 */
const simpleSeen = new WeakMap<Derivation, Map<string, string | null>>();
const SIMPLE_SEED = 0;
function atSimplePointsOnce(der: Derivation, c: number, k: number): string | null {
  const seen = simpleSeen.get(der) ?? new Map<string, string | null>();
  simpleSeen.set(der, seen);
  const key = `${c}:${k}`;
  // Stryker disable next-line ConditionalExpression: a cache of a search from a fixed seed; searching again finds the same
  if (!seen.has(key)) seen.set(key, simpleFailure(der, c, k, SIMPLE_SEED));
  return seen.get(key)!;
}

/**
 * The first `limit` line that fails at the point (oracles/checks/limit.ts), shown at the simplest
 * point where it fails; null when every one holds there.
 */
function limitFailure(der: Derivation, pt: Point, seed: number): string | null {
  for (const limit of der.limits) {
    if (limitAt(der, pt, limit) === null) continue;
    const choices = simplePoint((draws) => {
      const p = pointAt(der, draws);
      return p !== null && limitAt(der, p, limit) !== null;
    }, seed, true);
    const shown = choices ? pointAt(der, simpleDraws(choices))! : pt;
    return `${limitAt(der, shown, limit)}, at ${describe(der, shown)}`;
  }
  return null;
}

/** Each approach's points ±2^(±2^k) at 50 digits (by squaring 2 or 1/2 k times), computed once. */
const LIMIT_POINTS = Object.fromEntries(
  (['0+', '0-', '+infinity', '-infinity'] as const).map((approach) => [
    approach,
    LIMIT_EXPONENTS.map((e) => {
      const p = limitPoint(approach, e);
      let x = DEC.fromNumber(p.power < 0 ? 0.5 : 2);
      for (let k = e; k > 1; k /= 2) x = DEC.mul(x, x);
      return { ...p, x: p.sign < 0 ? DEC.neg(x) : x };
    }),
  ]),
) as unknown as Record<LimitLine['approach'], readonly (ReturnType<typeof limitPoint> & { x: Decimal })[]>;

/** Why a limit line fails at the point, or null (also where its expression has no value at the limit's points). */
function limitAt(der: Derivation, pt: Point, limit: LimitLine): string | null {
  const f = compiledIn(der, limit.expr, DEC);
  const points = LIMIT_POINTS[limit.approach];
  let values: Decimal[];
  try {
    values = points.map((p) => f(envIn(der, pt, DECIMALS, [limit.variable, p.x])));
  } catch (e) {
    if (undefinedHere(e)) return null;
    throw e;
  }
  const reading = classifyLimit(values, DECIMAL_ALLOWANCE, DEC.fromNumber(magnitudeOf(pt)));
  if (reading !== null && limitHolds(limit.result, reading)) return null;
  const said = reading === null ? 'its steps neither settle nor keep growing: no verdict' : reading === 'finite' ? 'it settles (finite)' : `it → ${reading}`;
  return `limit fails (${der.file}:${limit.line}): ${limit.expr.text} at ${limit.variable} = ${points.map((p) => p.shown).join(', ')} is ${values.map(DECIMALS.show).join(', ')}: ${said}, not ${limit.result}`;
}

/**
 * "; line k is the odd one out (line k−1 = line k+1 holds)" when the step out of the failing
 * step's second line fails at the same point and that line's neighbours agree there; else ''.
 */
function oddOneOut(der: Derivation, at: PointResult, step: StepFailure): string {
  const next = at.failures.some((f) => f.chain === step.chain && f.from === step.to);
  return next && neighboursAgree(der, at.point!, step) ? `; line ${step.to} is the odd one out (line ${step.from} = line ${step.to + 1} holds)` : '';
}

function neighboursAgree(der: Derivation, pt: Point, step: StepFailure): boolean {
  const lines = der.chains[step.chain - 1];
  // "line 1 = line 3" says something only where both steps are equalities
  return lines[step.from].relation === '=' && lines[step.to].relation === '=' && stepAt(der, pt, lines[step.from - 1], lines[step.to], '=').holds === true;
}

/**
 * A degree bound for the Schwartz–Zippel statement: [numerator, denominator] degrees of a line as
 * a rational function of the free reals and function values, or null where it has E[...] or sqrt.
 */
export function degreeBound(der: Derivation, node: MathNode): [number, number] | null {
  const n = node as unknown as { type: string; op: string; fn: MathNode; args: MathNode[]; content: MathNode; value: unknown };
  const name = symbolOf(node);
  if (name !== null) {
    const def = der.defined.get(name);
    if (def) return degreeBound(der, def.expr.node);
    return der.families.has(name) ? null : der.reals.has(name) ? [1, 0] : [0, 0];
  }
  if (n.type === 'ConstantNode') return [0, 0];
  if (n.type === 'ParenthesisNode') return degreeBound(der, n.content);
  // a declared function's values are free variables; sqrt, sum, exp, … are not polynomial
  if (n.type === 'FunctionNode') return der.functions.has(symbolOf(n.fn)!) ? [1, 0] : null;
  if (n.type !== 'OperatorNode') return null;
  const ds = n.args.map((a) => degreeBound(der, a));
  if (ds.some((d) => d === null)) return null;
  if (n.args.length === 1) return ds[0];
  const [[a, b], [c, e]] = ds as [number, number][];
  switch (n.op) {
    case '+':
    case '-':
      return [Math.max(a + e, c + b), b + e];
    case '*':
      return [a + c, b + e];
    case '/':
      return [a + e, b + c];
    default: {
      const k = constantOf(n.args[1]);
      return Number.isInteger(k) ? (k >= 0 ? [k * a, k * b] : [-k * b, -k * a]) : null;
    }
  }
}

/** The Schwartz–Zippel degree D of each equality step without E or sqrt (null for the others: those and the inequalities). */
export function stepDegrees(der: Derivation): (number | null)[][] {
  return der.chains.map((lines) =>
    lines.slice(1).map((l, k) => {
      if (l.relation !== '=') return null;
      const [x, y] = [degreeBound(der, lines[k].node), degreeBound(der, l.node)];
      return x && y ? Math.max(x[0] + y[1], y[0] + x[1]) : null;
    }),
  );
}

export interface FileVerdict {
  readonly ok: boolean;
  /** One line per check: the failing step, or how strongly the steps were checked. */
  readonly report: string;
}

/**
 * `examcheck derive <file>`: check a derivation file written by a user, at `points` uniform points
 * (POINTS_PER_RUN per seed, seeds seed, seed+1, ...). Throws DerivationError for a file that
 * cannot be read (syntax, undeclared names), with a one-line message naming the file and line.
 */
export function checkDerivationFile(path: string, seed: number, runs = 100): FileVerdict {
  let text: string;
  try {
    // bounded work: the size is checked before the file is read (a character is at least a byte)
    const bytes = statSync(path).size;
    if (bytes > 4 * MAX_FILE_CHARS) throw new NotationError(`${path}: ${bytes} bytes: at most ${MAX_FILE_CHARS} characters are read`);
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if (e instanceof NotationError) throw e;
    throw new NotationError(`${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const der = parseDerivation(text, path);
  const held: HeldCounts = der.chains.map((lines) => lines.slice(1).map(() => 0));
  for (let r = 0; r < runs; r++) {
    const why = checkDerivation(der, seed + r, held);
    if (why) return { ok: false, report: why };
  }
  // Stryker disable next-line ArithmeticOperator: POINTS_PER_RUN is 1
  const points = runs * POINTS_PER_RUN;
  // a step with no value at any point (1/(x − x), or hypotheses no law satisfies) was never checked:
  // passing it would say nothing
  for (const [c, counts] of held.entries()) {
    const k = counts.indexOf(0);
    if (k >= 0) return { ok: false, report: `${stepName(der, c, k)} (${der.file}:${der.chains[c][k + 1].at}) has no value at any of the ${points} random points (a division by zero, a root of a negative number, or hypotheses no law satisfies): it was not checked` };
  }
  const fewest = Math.min(points, ...held.flat()); // points too where no line has an "=" line after it
  const degrees = stepDegrees(der).flat();
  const rationalSteps = degrees.filter((d): d is number => d !== null);
  const maxD = Math.max(1, ...rationalSteps);
  const inequalities = der.chains.flatMap((lines) => lines.slice(1)).filter((l) => l.relation !== '=').length;
  const steps = der.chains.flatMap((lines) => lines.slice(1).map((l, k) => [lines[k], l] as const));
  const decimals = steps.filter(([a, b]) => b.relation === '=' && systemOf(der, [a, b]) === DECIMALS).length;
  const conditions = steps.filter(([, b]) => b.condition).length;
  const irrational = degrees.length - rationalSteps.length - inequalities - decimals;
  const arithmetic = sampledOf(der) ? 'float64 interval arithmetic, rounded outward' : decimals > 0 ? `exact arithmetic; ${decimals} step(s) with exp or ln at 50 digits, equal within 1e-40 of the largest magnitude` : 'exact arithmetic';
  return {
    ok: true,
    report:
      (fewest === points ? `every step holds at ${points} random points (${arithmetic}). ` : `every step holds wherever it has a value: each at ${fewest} or more of ${points} random points (${arithmetic}). `) +
      (conditions > 0 ? `${conditions} condition(s) judged by their zeros. ` : '') +
      (der.limits.length > 0 ? `${der.limits.length} limit line(s) read from 2^-128 … 2^-1024 (±2^128 … ±2^1024) at every point: sampled, not proved. ` : '') +
      (rationalSteps.length > 0 ? `${rationalSteps.length} rational step(s) of degree ≤ ${maxD}: a false one would pass with probability ≤ (${maxD}/${valuesDrawnFrom(der)})^${fewest} (Schwartz–Zippel). ` : '') +
      (irrational > 0 ? `${irrational} step(s) with E[...] or sqrt: ${sampledOf(der) ? 'finite laws enumerated, continuous ones sampled (below)' : 'checked exactly by enumeration over random discrete laws satisfying the hypotheses'}.` : '') +
      (inequalities > 0 ? `${irrational > 0 ? ' ' : ''}${inequalities} inequality step(s): checked ${sampledOf(der) ? 'in float64 intervals (a step fails only where no values of the two intervals satisfy it)' : 'exactly'} at every point and at 300 simple points (where boundaries lie: 0, ±1, equal variables), with no bound on the chance that a false one holds at all of them.` : '') +
      // Stryker disable next-line Regex: the statement holds '; e' at its start only: anchored or not, the same replacement
      samplingStatement(der, points).replace(/^; e/, ' E'),
  };
}

/**
 * A chain line's value at the point the draws make (`uniformDraws(seed, gridOf(der))` is the point
 * `checkDerivation` draws for that seed), with the point's reals as plain numbers (grid rationals,
 * dyadic where the interval's ends are), for judging a numeric answer (a student's module)
 * against the line: null where the hypotheses have no law at the point or the line has no value.
 */
export function lineValueAt(der: Derivation, line: Line, draws: Draws): { value: Surd; reals: Record<string, number>; where: string } | null {
  const pt = pointAt(der, draws);
  if (pt === null) return null;
  try {
    const value = compiledOf(der, line)(pt.env);
    return { value, reals: Object.fromEntries([...pt.scalars].map(([n, v]) => [n, surd.toNumber(v)])), where: [...pt.scalars].map(([n, v]) => `${n} = ${surd.show(v)}`).join(', ') };
  } catch (e) {
    if (undefinedHere(e)) return null;
    throw e;
  }
}

/**
 * Whether the number g is within relative tolerance t of the surd v = q·√r, exactly:
 * |g − q√r| ≤ t·|q|√r holds iff g/q ≥ 0 and r(1 − t)² ≤ (g/q)² ≤ r(1 + t)² (for t < 1; q = 0 needs g = 0).
 */
export function withinRelative(g: Fraction, v: Surd, t: Fraction): boolean {
  if (v.q.equals(0)) return g.equals(0);
  const ratio = g.div(v.q);
  // Stryker disable next-line EqualityOperator: at ratio 0 (g = 0, q ≠ 0) the square test below fails too: r(1 − t)² > 0 for t < 1
  if (ratio.compare(0) < 0) return false;
  const sq = ratio.pow(2);
  return sq.compare(v.r.mul(q(1).sub(t).pow(2))) >= 0 && sq.compare(v.r.mul(q(1).add(t).pow(2))) <= 0;
}

/**
 * A number computed by a student's module (float64, from the point's reals by name) as the answer
 * to a condition line (`answer condition on u:`), at the point the draws make: its zero in u must
 * be the condition's. u* is solved from the line before (as `conditionStep` does, exactly or at 50
 * digits) and rounded to float64; the module must change sign (or be 0) between u* ∓ δ, δ = t·max(|u*|, 1)
 * (t its stated relative tolerance: the inputs' and the module's own roundings move its zero by a
 * few units of roundoff), and must not be 0 at u* ± 1, where the line is not. Null where it is
 * right or the point has no value; else why, naming a point where the condition holds under one
 * form and not the other.
 */
export function conditionNumberAt(der: Derivation, line: Line, draws: Draws, value: (reals: Readonly<Record<string, number>>) => number, tolerance: number): string | null {
  const pt = pointAt(der, draws);
  if (pt === null) return null;
  const chain = der.chains.find((c) => c.includes(line))!;
  const k = chain.indexOf(line) - 1;
  const F = chain[k];
  const u = line.condition!;
  const reals = Object.fromEntries([...pt.scalars].map(([n, v]) => [n, surd.toNumber(v)]));
  const where = (x: number) => Object.entries({ ...reals, [u]: x }).map(([n, v]) => `${n} = ${v}`).join(', ');
  const g = (x: number) => value({ ...reals, [u]: x });
  const judge = <T>(S: System<T>): string | null => {
    const N = S.N;
    const f = compiledIn(der, F, N);
    const at = (v: T) => f(envIn(der, pt, S, [u, v]));
    const [f0, f1] = [at(N.zero), at(N.one)];
    const M = Math.max(magnitudeOf(pt), S.abs(f0), S.abs(f1));
    const line0 = `line ${k + 1} (${F.text})`;
    if (S.compare(f1, f0, M) === 0) {
      // the line does not depend on u here: the module must be 0 for every u or for none, as it is
      const fZero = S.compare(f0, N.zero, M) === 0;
      const x = [0, 1].find((x) => (g(x) === 0) !== fZero);
      return x === undefined ? null : `at ${where(x)} ${line0} is ${S.show(f0)} and the answer gives ${g(x)}: the condition holds under one form and not the other`;
    }
    const star = N.toNumber(N.div(N.neg(f0), N.sub(f1, f0)));
    const delta = tolerance * Math.max(Math.abs(star), 1);
    const [lo, mid, hi] = [g(star - delta), g(star), g(star + delta)];
    if (!(mid === 0 || lo * hi <= 0)) {
      return `at ${where(star)} ${line0} is 0 and the answer gives ${mid} (${lo} and ${hi} at ${u} ∓ ${delta.toPrecision(3)}: no zero within its tolerance): the condition holds under one form and not the other`;
    }
    const extra = [star - 1, star + 1].find((x) => g(x) === 0);
    return extra === undefined ? null : `at ${where(extra)} the answer gives 0 and ${line0} is ${S.show(at(N.fromNumber(extra)))}: the condition holds under one form and not the other`;
  };
  try {
    const S = systemOf(der, [F]);
    return S === RATIONALS ? judge(RATIONALS) : S === SURDS ? judge(SURDS) : judge(DECIMALS);
  } catch (e) {
    if (undefinedHere(e)) return null;
    throw e;
  }
}
