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
 * (and an inequality is decided exactly too).
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
import type Fraction from 'fraction.js';
import { readFileSync, statSync } from 'node:fs';
import type { MathNode } from './mathjs.ts';
import { coupled, expectation, independentBlock, q, withMoments, ZERO, type Block, type Marginal } from './discrete.ts';
import { MAX_FILE_CHARS, MAX_OUTCOMES, outcomesBound } from './notation/bounds.ts';
import { compileExpression, constantOf, IndexOutOfRange, NotationError, parseClaimFile, symbolOf, type ChainLine, type ClaimBlock, type ClaimFile, type CompiledExpression, type Definition, type Expr, type ExpressionEnv, type Interval, type RandomDecl, type Relation } from './notation/index.ts';
import { surd, type Surd } from './numbers/rational.ts';
import { NotRepresentable } from './numbers/tower.ts';

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
}

const cache = new Map<string, Derivation>();

/** Parse a derivation's text (cached by text) with the notation engine; throws DerivationError naming the file and line. */
export function parseDerivation(text: string, file = '<derivation>'): Derivation {
  const key = `${file}\0${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const source = parseClaimFile(text, file);
  // a claim file's chain claims, where it has no chains at top level (exams/<exam>/*.claims)
  const chains = source.chains.length > 0 ? source.chains : source.claims.filter((c) => c.kind === 'chain').flatMap(chainsOf);
  if (chains.length === 0) throw new NotationError(`${file}: no lines to check`);
  const der = derivationOf(source, chains);
  cache.set(key, der);
  return der;
}

/** The chains of a `chain` claim: its lines, a new chain at each line without a relation. */
export const chainsOf = (claim: ClaimBlock): ChainLine[][] =>
  claim.chain.reduce<ChainLine[][]>((chains, l) => (l.relation === null ? [...chains, [l]] : (chains.at(-1)!.push(l), chains)), []);

/**
 * The derivation of these chains of a parsed claim file: its top-level chains (a derivation file),
 * or a `chain` claim's (ClaimBlock.chain split where a line has no relation).
 */
export function derivationOf(source: ClaimFile, chains: readonly (readonly ChainLine[])[]): Derivation {
  const d = source.declarations;
  // bounded work: every expectation enumerates the joint outcomes of the random variables, 3^n for n independent ones
  const { outcomes, variables } = outcomesBound(d);
  if (outcomes > MAX_OUTCOMES) {
    const first = Math.min(...[...d.randoms.values()].map((r) => r.line));
    throw new NotationError(`${source.file}:${first}: an expectation would enumerate up to ${outcomes.toExponential(1)} joint outcomes (${variables}, up to 3 values each): at most ${MAX_OUTCOMES}; narrow the ranges of their indices`);
  }
  return {
    file: source.file,
    source,
    reals: new Map([...d.reals].map(([n, r]) => [n, r.interval])),
    functions: new Set(d.functions.keys()),
    families: d.randoms,
    independent: new Set(d.independent.flatMap((i) => i.names)),
    defined: d.definitions,
    chains: chains.map((c) => c.map((l) => ({ text: l.text, node: l.node, at: l.line, relation: l.relation }))),
  };
}

/** A line or a declared expression compiled over the surds (the engine compiles each once). */
const compiledOf = (der: Derivation, e: Line | Expr): CompiledExpression<Surd> => compileExpression(der.source, 'at' in e ? { text: e.text, node: e.node, line: e.at } : e, surd);

/**
 * Where a line has no value at a point (a division by zero, a root of a negative number, a sum of
 * surds that is not one, moments no law has, an index out of its range): the point is skipped for
 * that step. Thrown here for moments; the surds throw NotRepresentable and the engine IndexOutOfRange.
 */
class Undefined extends Error {}
const undefinedHere = (e: unknown): boolean => e instanceof Undefined || e instanceof NotRepresentable || e instanceof IndexOutOfRange;


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
  const nat = (n: number) => Math.floor(next() * n);
  return {
    real(iv) {
      if (iv.integer) return iv.lo.add(nat(Number(iv.hi.sub(iv.lo).valueOf()) + 1));
      const k = iv.loOpen || iv.hiOpen ? 1 + nat(grid - 1) : nat(grid + 1);
      return iv.lo.add(iv.hi.sub(iv.lo).mul(k).div(grid));
    },
    // offsets of discrete laws: a coarse grid (±1/4 … ±16) keeps the enumerations' rationals short
    // Stryker disable next-line EqualityOperator: a fair coin whichever face gives −1 (< and <= differ only at the one output 1/2)
    offset: () => q(1 + nat(64)).div(4).mul(next() < 0.5 ? -1 : 1),
    pick: nat,
  };
}

/** Small simple values 0, 1, −1, 2, 1/2, ... (the first that fit), from small natural numbers. */
const SIMPLE = ['0', '1', '-1', '2', '1/2', '-2', '-1/2', '3', '1/4', '3/2', '-3', '3/4', '4', '1/3', '-4', '2/3'].map(q);
export function simpleDraws(choices: readonly number[]): Draws {
  let at = 0;
  const next = () => choices[at++ % choices.length];
  return {
    real(iv) {
      const k = next();
      if (iv.integer) return iv.lo.add(Math.min(k, iv.hi.sub(iv.lo).valueOf()));
      const fits = SIMPLE.filter((v) => inside(v, iv));
      return fits.length > 0 ? fits[k % fits.length] : iv.lo.add(iv.hi).div(2);
    },
    offset: () => SIMPLE.slice(1)[next() % (SIMPLE.length - 1)],
    pick: (n) => next() % n,
  };
}
const inside = (v: Fraction, iv: Interval) =>
  (iv.loOpen ? v.compare(iv.lo) > 0 : v.compare(iv.lo) >= 0) && (iv.hiOpen ? v.compare(iv.hi) < 0 : v.compare(iv.hi) <= 0);

/** Where a derivation's variables stand at one point. */
interface Point {
  readonly scalars: Map<string, Surd>;
  readonly blocks: Block[];
  readonly laws: Map<string, Marginal>;
  readonly dependent: string[];
  readonly table: Map<string, Surd>;
  readonly draws: Draws;
  readonly funcIv: Interval;
  readonly env: ExpressionEnv<Surd>;
}

function pointOf(der: Derivation, draws: Draws): Point {
  const scalars = new Map<string, Surd>();
  for (const [name, iv] of der.reals) scalars.set(name, surd.fromRational(draws.real(iv)));
  const table = new Map<string, Surd>();
  const funcIv = { lo: q(-4), hi: q(4), loOpen: false, hiOpen: false, integer: false };
  const blocks: Block[] = [];
  const env: ExpressionEnv<Surd> = {
    scalars,
    memo: new Map(),
    // an uninterpreted function: an independent uniform value at each distinct argument
    call(name, args) {
      const key = `${name}(${args.map(surd.show).join(', ')})`;
      let v = table.get(key);
      if (!v) table.set(key, (v = surd.fromRational(draws.real(funcIv))));
      return v;
    },
    expect: (body) => expectation(blocks, (value) => body((name) => surd.fromRational(value(name))), surd),
  };
  const pt: Point = { scalars, blocks, laws: new Map(), dependent: [], table, draws, funcIv, env };
  const loose: { name: string; law: Marginal }[] = [];
  for (const [name, fam] of der.families) {
    const n = fam.index === null ? null : integerOf(compiledOf(der, der.source.declarations.indices.get(fam.index)!.range)(env));
    const members = n === null ? [name] : Array.from({ length: n }, (_, k) => `${name}[${k + 1}]`);
    for (const member of members) {
      const law = lawOf(der, fam, env, draws);
      pt.laws.set(member, law);
      if (der.independent.has(name)) pt.blocks.push(independentBlock(member, law));
      else loose.push({ name: member, law });
    }
  }
  // random variables no hypothesis makes independent: coupled, each rising or falling with the rest
  if (loose.length > 0) {
    // Stryker disable next-line EqualityOperator: flipping every direction at once gives the same joint law (U and 1 − U have one law), from the same draws
    pt.blocks.push(coupled(loose.map((l) => l.name), loose.map((l) => l.law), loose.map(() => draws.pick(2) === 0)));
    pt.dependent.push(...loose.map((l) => l.name));
  }
  return pt;
}

function lawOf(der: Derivation, fam: RandomDecl, env: ExpressionEnv<Surd>, draws: Draws): Marginal {
  // two support points, or three one time in four (enumeration cost grows as the product of the sizes)
  const offsets = Array.from({ length: draws.pick(4) === 3 ? 2 : 1 }, () => draws.offset());
  // the parser sets a family's mean and variance together (one pattern): both or neither
  if (fam.mean === null) {
    const vals = [draws.offset(), ...offsets];
    const weights = vals.map(() => q(1 + draws.pick(4)));
    const total = weights.reduce((s, w) => s.add(w), ZERO);
    return { values: vals, probs: weights.map((w) => w.div(total)) };
  }
  const [mean, variance] = [fam.mean, fam.variance!].map((e) => {
    const v = compiledOf(der, e)(env);
    if (!v.r.equals(1)) throw new Undefined(); // an irrational moment
    return v.q;
  });
  if (variance.compare(0) < 0) throw new Undefined();
  return withMoments(mean, variance, offsets);
}

function integerOf(v: Surd): number {
  if (!v.r.equals(1) || v.q.d !== 1n) throw new Undefined();
  return Number(v.q.valueOf());
}

/** a ≤ b, a = b, a ≥ b as real numbers: −1, 0, 1 (surds have no subtraction in general: √2 − √3 is not q·√r). */
function compare(a: Surd, b: Surd): -1 | 0 | 1 {
  const [sa, sb] = [surd.sign(a), surd.sign(b)];
  if (sa !== sb) return sa < sb ? -1 : 1;
  const bySize = Math.sign(a.q.pow(2).mul(a.r).compare(b.q.pow(2).mul(b.r))) as -1 | 0 | 1;
  return (sa < 0 ? -bySize : bySize) as -1 | 0 | 1;
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
}

type StepResult = { holds: true } | { holds: false; a: string; b: string } | { holds: null };

/** Whether `from RELATION to` holds at the point (the relation of `to`'s line unless given), exactly. */
function stepAt(der: Derivation, pt: Point, from: Line, to: Line, relation: Relation = to.relation ?? '='): StepResult {
  try {
    const [a, b] = [from, to].map((l) => compiledOf(der, l)(pt.env));
    return HOLDS[relation](compare(a, b)) ? { holds: true } : { holds: false, a: surd.show(a), b: surd.show(b) };
  } catch (e) {
    // Stryker disable next-line ObjectLiteral: holds is only compared with true and false, and undefined is neither, as null
    if (undefinedHere(e)) return { holds: null };
    throw e;
  }
}

const stepName = (der: Derivation, c: number, k: number) => `${der.chains.length > 1 ? `chain ${c + 1}: ` : ''}line ${k + 1} → line ${k + 2}`;

/** What a point is, for a person: the reals, the function values used, the laws. */
function describe(der: Derivation, pt: Point): string {
  const parts = [...pt.scalars].map(([n, v]) => `${n} = ${surd.show(v)}`);
  for (const [k, v] of pt.table) parts.push(`${k} = ${surd.show(v)}`);
  for (const [n, law] of pt.laws) parts.push(`${n} ∈ {${law.values.map((v, j) => `${v.toFraction()}: ${law.probs[j].toFraction()}`).join(', ')}}`);
  if (pt.dependent.length > 1) parts.push(`${pt.dependent.join(', ')} coupled (no independence hypothesis)`);
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
      const r = pt === null ? { holds: null } : stepAt(der, pt, lines[k], lines[k + 1]);
      if (r.holds === null) result.unvalued.push([c, k]);
      if (r.holds === true && held) held[c][k]++;
      if (r.holds === false) {
        result.failures.push({ chain: c + 1, from: k + 1, to: k + 2, message: `${stepName(der, c, k)} fails (${der.file}:${lines[k + 1].at}): line ${k + 1} = ${r.a}, line ${k + 2} = ${r.b}` });
      }
    }
  });
  return result;
}

/** The simple points: 40 choices among 16 simple values each, which fast-check shrinks towards 0. */
const SIMPLE_POINT = fc.array(fc.nat({ max: 15 }), { minLength: 40, maxLength: 40 });
const SIMPLE_POINTS_TRIED = 300;

/** Choices for the first of 300 simple points from the seed where `wanted` holds (shrunk, if asked, to the simplest), or null. */
export function simplePoint(wanted: (draws: Draws) => boolean, seed: number, shrink: boolean): number[] | null {
  const run = fc.check(fc.property(SIMPLE_POINT, (choices) => !wanted(simpleDraws(choices))), { seed, numRuns: SIMPLE_POINTS_TRIED, endOnFailure: !shrink });
  return run.failed ? run.counterexample![0] : null;
}

/** A step's result at the point the draws make; no value where they make none. */
function stepWith(der: Derivation, draws: Draws, c: number, k: number): StepResult['holds'] {
  const pt = pointAt(der, draws);
  return pt === null ? null : stepAt(der, pt, der.chains[c][k], der.chains[c][k + 1]).holds;
}

/** The smallest, simplest point fast-check can find and shrink where this step fails, or null. */
function simplestFailure(der: Derivation, step: StepFailure, seed: number): { failure: StepFailure; point: string } | null {
  const choices = simplePoint((draws) => stepWith(der, draws, step.chain - 1, step.from - 1) === false, seed, true);
  if (!choices) return null;
  const at = failuresAt(der, simpleDraws(choices));
  const failure = at.failures.find((f) => f.chain === step.chain && f.from === step.from)!;
  return { failure, point: describe(der, at.point!) };
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
      const never = at.unvalued.find(([c, k]) => !simplePoint((draws) => stepWith(der, draws, c, k) !== null, seed, false));
      if (never) return `${stepName(der, never[0], never[1])} (${der.file}:${der.chains[never[0]][never[1] + 1].at}) has no value at the point drawn nor at any of ${SIMPLE_POINTS_TRIED} simple points: it was not checked`;
      const boundary = boundaryFailure(der, seed);
      if (boundary) return boundary;
      continue;
    }
    const first = at.failures[0];
    const simple = simplestFailure(der, first, seed);
    const shown = simple ?? { failure: first, point: describe(der, at.point!) };
    const next = at.failures.find((f) => f.chain === first.chain && f.from === first.to);
    const odd = next && neighboursAgree(der, at.point!, first) ? `; line ${first.to} is the odd one out (line ${first.from} = line ${first.to + 1} holds)` : '';
    return `${shown.failure.message}${odd}, at ${shown.point}`;
  }
  return null;
}

/**
 * An inequality step can fail only on a set a uniform grid point all but never lands on (a² > 0
 * fails at a = 0 alone; ≥ for > is the slip exams are about), so inequality steps are also tried
 * at 300 simple points (0, ±1, ½, …, variables often equal): the first that fails, simplest first.
 */
function boundaryFailure(der: Derivation, seed: number): string | null {
  for (const [c, lines] of der.chains.entries()) {
    for (let k = 0; k + 1 < lines.length; k++) {
      if (lines[k + 1].relation === '=') continue;
      const choices = simplePoint((draws) => stepWith(der, draws, c, k) === false, seed, true);
      if (!choices) continue;
      const at = failuresAt(der, simpleDraws(choices));
      const failure = at.failures.find((f) => f.chain === c + 1 && f.from === k + 1)!;
      return `${failure.message}, at ${describe(der, at.point!)}`;
    }
  }
  return null;
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
  const irrational = degrees.length - rationalSteps.length - inequalities;
  return {
    ok: true,
    report:
      (fewest === points ? `every step holds at ${points} random points (exact arithmetic). ` : `every step holds wherever it has a value: each at ${fewest} or more of ${points} random points (exact arithmetic). `) +
      (rationalSteps.length > 0 ? `${rationalSteps.length} rational step(s) of degree ≤ ${maxD}: a false one would pass with probability ≤ (${maxD}/${valuesDrawnFrom(der)})^${fewest} (Schwartz–Zippel). ` : '') +
      (irrational > 0 ? `${irrational} step(s) with E[...] or sqrt: checked exactly by enumeration over random discrete laws satisfying the hypotheses.` : '') +
      (inequalities > 0 ? `${irrational > 0 ? ' ' : ''}${inequalities} inequality step(s): checked exactly at every point and at 300 simple points (where boundaries lie: 0, ±1, equal variables), with no bound on the chance that a false one holds at all of them.` : ''),
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
  if (ratio.compare(0) < 0) return false;
  const sq = ratio.pow(2);
  return sq.compare(v.r.mul(q(1).sub(t).pow(2))) >= 0 && sq.compare(v.r.mul(q(1).add(t).pow(2))) <= 0;
}
