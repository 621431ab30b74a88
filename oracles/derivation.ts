/**
 * The proof checker: a written derivation, one expression per line, checked step by step.
 *
 * A derivation file (see derivations/*.deriv and the README) declares its variables and their
 * domains, its definitions and hypotheses, and then one or more chains of lines, each line after
 * the first starting with "=". Expressions are parsed by mathjs; E[...] is an expectation over the
 * declared random variables, sum(i, ...) a sum over a declared index, sqrt a square root.
 *
 * Each step (line k → line k+1) is decided by evaluating both lines exactly at random points that
 * satisfy the hypotheses: rationals (fraction.js) and square roots of rationals, so equal is equal.
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
 * chance that a false one holds at every point drawn.
 */
import { uniformStream } from './prng.ts';
import fc from 'fast-check';
import type Fraction from 'fraction.js';
import { readFileSync } from 'node:fs';
import { parse, type MathNode } from './mathjs.ts';
import { coupled, expectation, independentBlock, q, withMoments, ONE, ZERO, type Block, type Marginal } from './discrete.ts';

/** A file that cannot be read as a derivation: one line naming the file, the line and the problem. */
export class DerivationError extends Error {}

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

interface Interval {
  readonly lo: Fraction;
  readonly hi: Fraction;
  readonly loOpen: boolean;
  readonly hiOpen: boolean;
  readonly integer: boolean;
}

interface Family {
  readonly index: string | null;
  readonly mean: MathNode | null;
  readonly variance: MathNode | null;
}

export interface Line {
  readonly text: string;
  readonly node: MathNode;
  /** Line number in the file. */
  readonly at: number;
}

export interface Derivation {
  readonly file: string;
  readonly reals: ReadonlyMap<string, Interval>;
  readonly functions: ReadonlySet<string>;
  readonly indices: ReadonlyMap<string, MathNode>;
  readonly families: ReadonlyMap<string, Family>;
  readonly independent: ReadonlySet<string>;
  /** Definitions (let) and hypotheses (assume NAME = ...), in file order. */
  readonly defined: ReadonlyMap<string, MathNode>;
  readonly chains: readonly (readonly Line[])[];
}

const NAME = String.raw`[A-Za-z\u0370-\u03FF_][A-Za-z0-9\u0370-\u03FF_]*'*`;
const BUILTINS = new Set(['sqrt', 'sum']);

const cache = new Map<string, Derivation>();

/** Parse a derivation's text (cached by text); throws DerivationError naming the file and line. */
export function parseDerivation(text: string, file = '<derivation>'): Derivation {
  const key = `${file}\0${text}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const reals = new Map<string, Interval>();
  const functions = new Set<string>();
  const indices = new Map<string, MathNode>();
  const families = new Map<string, Family>();
  const independent = new Set<string>();
  const defined = new Map<string, MathNode>();
  const chains: Line[][] = [];
  const known = () => new Set([...reals.keys(), ...indices.keys(), ...defined.keys(), ...[...families].filter(([, f]) => f.index === null).map(([n]) => n)]);

  text.split('\n').forEach((raw, k) => {
    const at = k + 1;
    const fail = (problem: string): never => {
      throw new DerivationError(`${file}:${at}: ${problem}`);
    };
    const expr = (src: string, what = 'expression'): MathNode => {
      let node: MathNode;
      try {
        node = parse(src);
      } catch (e) {
        return fail(`syntax error in ${what} "${src.trim()}": ${(e as Error).message}`);
      }
      const problem = undeclared(node, known(), families, functions);
      return problem ? fail(problem) : node;
    };
    const newName = (n: string) => {
      if (!new RegExp(`^${NAME}$`).test(n)) fail(`"${n}" is not a name`);
      if (known().has(n) || functions.has(n) || families.has(n)) fail(`"${n}" is declared twice`);
      return n;
    };
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    let m: RegExpMatchArray | null;
    // one \s before the names and before "in": further spaces go into the names, which are trimmed
    if ((m = line.match(/^(real|integer)\s(.+?)(?:\sin\s+([[(])\s*([^,\s]+)\s*,\s*([^\])\s]+)\s*([\])]))?$/))) {
      const integer = m[1] === 'integer';
      if (!m[3] && integer) fail('an integer needs a range: integer d in [1, 3]');
      const bound = (s: string | undefined, dflt: number) => {
        if (s === undefined) return q(dflt);
        try {
          return q(s);
        } catch {
          return fail(`"${s}" is not a number`);
        }
      };
      const raw = { lo: bound(m[4], -4), hi: bound(m[5], 4), loOpen: m[3] === '(', hiOpen: m[6] === ')', integer };
      if (raw.lo.compare(raw.hi) >= 0) fail(`empty interval ${m[3]}${m[4]}, ${m[5]}${m[6]}`);
      // an integer's draws count up from lo to hi: its integers, as a closed interval
      const iv = integer ? { lo: raw.loOpen ? raw.lo.floor().add(1) : raw.lo.ceil(), hi: raw.hiOpen ? raw.hi.ceil().sub(1) : raw.hi.floor(), loOpen: false, hiOpen: false, integer } : raw;
      if (iv.lo.compare(iv.hi) > 0) fail(`no integer in ${m[3]}${m[4]}, ${m[5]}${m[6]}`);
      for (const n of m[2].split(',')) reals.set(newName(n.trim()), iv);
    } else if ((m = line.match(/^function\s(.+)$/))) {
      for (const n of m[1].split(',')) functions.add(newName(n.trim()));
    } else if ((m = line.match(new RegExp(`^index\\s+(${NAME})\\s+in\\s+1\\s*\\.\\.\\s*(.+)$`)))) {
      indices.set(newName(m[1]), expr(m[2], 'index range'));
    } else if ((m = line.match(new RegExp(`^random\\s+(${NAME})(?:\\[(${NAME})\\])?(?:\\s+with\\s+mean\\s+(.+?),\\s*variance\\s+(.+))?$`)))) {
      if (m[2] && !indices.has(m[2])) fail(`undeclared index "${m[2]}": declare it first with "index ${m[2]} in 1..d"`);
      const family = { index: m[2] ?? null, mean: m[3] ? expr(m[3], 'mean') : null, variance: m[4] ? expr(m[4], 'variance') : null };
      families.set(newName(m[1]), family);
    } else if ((m = line.match(/^independent\s(.+)$/))) {
      for (const n of m[1].split(',').map((s) => s.trim())) {
        if (!families.has(n)) fail(`"${n}" is not a declared random variable`);
        independent.add(n);
      }
    } else if ((m = line.match(new RegExp(`^(let|assume)\\s+(${NAME})\\s*=(.+)$`)))) {
      const node = expr(m[3]);
      defined.set(newName(m[2]), node);
    } else if (/^(real|integer|function|index|random|independent|let|assume)\b/.test(line)) {
      fail(`cannot read this ${line.split(/\s/)[0]} declaration (see the README for the syntax)`);
    } else if (line.startsWith('=')) {
      if (chains.length === 0) fail('a line starting with "=" needs a line before it');
      chains[chains.length - 1].push({ text: line.slice(1).trim(), node: expr(line.slice(1)), at });
    } else {
      chains.push([{ text: line, node: expr(line), at }]);
    }
  });
  if (chains.length === 0) throw new DerivationError(`${file}: no lines to check`);
  const d: Derivation = { file, reals, functions, indices, families, independent, defined, chains };
  cache.set(key, d);
  return d;
}

/** A symbol, reading the mathjs transpose `eta'` as the name "eta'". */
function symbolName(n: MathNode): string | null {
  if (n.type === 'SymbolNode') return (n as unknown as { name: string }).name;
  // only an OperatorNode has an op
  if ((n as unknown as { op?: string }).op === "'") {
    const inner = symbolName((n as unknown as { args: MathNode[] }).args[0]);
    return inner === null ? null : `${inner}'`;
  }
  return null;
}

/** The first undeclared name in an expression, as a problem to report, or null. */
function undeclared(node: MathNode, known: ReadonlySet<string>, families: ReadonlyMap<string, Family>, functions: ReadonlySet<string>): string | null {
  let problem: string | null = null;
  const visit = (n: MathNode) => {
    if (problem) return;
    const name = symbolName(n);
    if (name !== null) {
      if (!known.has(name)) problem = families.get(name)?.index ? `"${name}" is indexed: write ${name}[${families.get(name)!.index}]` : `undeclared variable "${name}"`;
      return;
    }
    if (n.type === 'FunctionNode') {
      const f = n as unknown as { fn: MathNode; args: MathNode[] };
      const fname = symbolName(f.fn)!;
      if (fname === 'sum') {
        const i = f.args.length === 2 ? symbolName(f.args[0]) : null;
        if (i === null || !known.has(i)) return void (problem = `sum needs a declared index and a body: sum(i, ...)`);
        // Stryker disable next-line MethodExpression: the index was just found known, so visiting it too reports nothing
        f.args.slice(1).forEach(visit);
        return;
      }
      if (!BUILTINS.has(fname) && !functions.has(fname)) return void (problem = `unknown function "${fname}" (declare it with "function ${fname}")`);
      if (fname === 'sqrt' && f.args.length !== 1) return void (problem = 'sqrt takes one argument');
      f.args.forEach(visit);
      return;
    }
    if (n.type === 'AccessorNode') {
      const a = n as unknown as { object: MathNode; index: { dimensions: MathNode[] } };
      const obj = symbolName(a.object);
      if (obj === 'E') return a.index.dimensions.forEach(visit);
      if (obj === null || !families.get(obj)?.index) return void (problem = `"${a.object.toString()}" is not an indexed random variable`);
      return a.index.dimensions.forEach(visit);
    }
    if (n.type === 'ConstantNode' || n.type === 'ParenthesisNode' || n.type === 'OperatorNode') {
      if (n.type === 'OperatorNode' && !['+', '-', '*', '/', '^'].includes((n as unknown as { op: string }).op)) return void (problem = `operator "${(n as unknown as { op: string }).op}" is not supported`);
      return n.forEach((c) => visit(c));
    }
    problem = `"${n.toString()}" is not supported (use numbers, names, + - * / ^, sqrt, sum, E[...])`;
  };
  visit(node);
  return problem;
}

// ---------------------------------------------------------------------------------------------
// Exact values: q·√r with q, r rational (r ≥ 0), enough for the square roots of the exam's lines.

interface Value {
  readonly q: Fraction;
  readonly r: Fraction;
}

/**
 * Where a line has no value at a point (a division by zero, a root of a negative number, a sum of
 * surds that is not one, moments no law has, an index out of its range). Always caught: the point
 * is skipped for that step, so it carries no message.
 */
class Undefined extends Error {}

/** √x if it is rational, else null; x > 0 (every radicand is: see surd and V.sqrt). */
function exactSqrt(x: Fraction): Fraction | null {
  const root = (n: bigint) => {
    let r = BigInt(Math.floor(Math.sqrt(Number(n))));
    while (r * r > n) r--;
    while ((r + 1n) * (r + 1n) <= n) r++;
    return r;
  };
  const [n, d] = [root(x.n), root(x.d)];
  return n * n === x.n && d * d === x.d ? q(`${n}/${d}`) : null;
}

const rational = (x: Fraction): Value => ({ q: x, r: ONE });
function surd(c: Fraction, r: Fraction): Value {
  if (c.equals(0) || r.equals(0)) return rational(ZERO);
  const s = exactSqrt(r);
  return s ? rational(c.mul(s)) : { q: c, r };
}
const V = {
  add(a: Value, b: Value): Value {
    if (a.q.equals(0)) return b;
    if (b.q.equals(0)) return a;
    if (a.r.equals(b.r)) return surd(a.q.add(b.q), a.r);
    const ratio = exactSqrt(a.r.div(b.r));
    if (!ratio) throw new Undefined(); // √2 + √3 is not c·√r
    return surd(a.q.mul(ratio).add(b.q), b.r);
  },
  neg: (a: Value): Value => ({ q: a.q.neg(), r: a.r }),
  mul: (a: Value, b: Value): Value => surd(a.q.mul(b.q), a.r.mul(b.r)),
  div(a: Value, b: Value): Value {
    if (b.q.equals(0)) throw new Undefined();
    return surd(a.q.div(b.q), a.r.div(b.r));
  },
  sqrt(a: Value): Value {
    if (!a.r.equals(1)) throw new Undefined(); // a root of a root
    if (a.q.compare(0) < 0) throw new Undefined();
    return surd(ONE, a.q);
  },
  equal: (a: Value, b: Value): boolean => a.q.s === b.q.s && a.q.pow(2).mul(a.r).equals(b.q.pow(2).mul(b.r)),
  show: (a: Value): string => (a.r.equals(1) ? a.q.toFraction() : `${a.q.equals(1) ? '' : `${a.q.toFraction()}·`}√${a.r.d === 1n ? a.r.toFraction() : `(${a.r.toFraction()})`}`),
};
const values = { zero: rational(ZERO), add: V.add, mul: V.mul, fromRational: rational };

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
  readonly scalars: Map<string, Value>;
  readonly blocks: Block[];
  readonly laws: Map<string, Marginal>;
  readonly dependent: string[];
  readonly table: Map<string, Value>;
  readonly draws: Draws;
  readonly funcIv: Interval;
  readonly memo: Map<string, Value>;
}

function pointOf(der: Derivation, draws: Draws): Point {
  const scalars = new Map<string, Value>();
  for (const [name, iv] of der.reals) scalars.set(name, rational(draws.real(iv)));
  const pt: Point = { scalars, blocks: [], laws: new Map(), dependent: [], table: new Map(), draws, funcIv: { lo: q(-4), hi: q(4), loOpen: false, hiOpen: false, integer: false }, memo: new Map() };
  const ctx = context(der, pt, null);
  const loose: { name: string; law: Marginal }[] = [];
  for (const [name, fam] of der.families) {
    const n = fam.index === null ? null : integerOf(evaluate(der.indices.get(fam.index)!, ctx));
    const members = n === null ? [name] : Array.from({ length: n }, (_, k) => `${name}[${k + 1}]`);
    for (const member of members) {
      const law = lawOf(fam, ctx, draws, member);
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

function lawOf(fam: Family, ctx: Ctx, draws: Draws, member: string): Marginal {
  // two support points, or three one time in four (enumeration cost grows as the product of the sizes)
  const offsets = Array.from({ length: draws.pick(4) === 3 ? 2 : 1 }, () => draws.offset());
  // the parser sets a family's mean and variance together (one pattern): both or neither
  if (fam.mean === null) {
    const vals = [draws.offset(), ...offsets];
    const weights = vals.map(() => q(1 + draws.pick(4)));
    const total = weights.reduce((s, w) => s.add(w), ZERO);
    return { values: vals, probs: weights.map((w) => w.div(total)) };
  }
  const [mean, variance] = [evaluate(fam.mean, ctx), evaluate(fam.variance!, ctx)].map((v) => {
    if (!v.r.equals(1)) throw new Undefined(); // an irrational moment
    return v.q;
  });
  if (variance.compare(0) < 0) throw new Undefined();
  return withMoments(mean, variance, offsets);
}

function integerOf(v: Value): number {
  if (!v.r.equals(1) || v.q.d !== 1n) throw new Undefined();
  return Number(v.q.valueOf());
}

// ---------------------------------------------------------------------------------------------
// Evaluation.

interface Ctx {
  readonly der: Derivation;
  readonly pt: Point;
  /** Inside E[...]: the random variables' values; outside, null. */
  readonly random: ((name: string) => Fraction) | null;
  readonly bound: ReadonlyMap<string, number>;
}

/** A line that reads a random variable outside E[...]. */
class RandomOutsideE extends Error {}

const context = (der: Derivation, pt: Point, random: Ctx['random'], bound: ReadonlyMap<string, number> = new Map()): Ctx => ({ der, pt, random, bound });

function evaluate(node: MathNode, ctx: Ctx): Value {
  const n = node as unknown as { type: string; op: string; fn: MathNode; args: MathNode[]; value: unknown; content: MathNode; object: MathNode; index: { dimensions: MathNode[] } };
  const name = symbolName(node);
  if (name !== null) return lookup(name, ctx);
  switch (n.type) {
    case 'ConstantNode':
      return constant(node, n.value);
    case 'ParenthesisNode':
      return evaluate(n.content, ctx);
    case 'OperatorNode': {
      const [a, b] = n.args.map((x) => evaluate(x, ctx));
      if (n.args.length === 1) return n.op === '-' ? V.neg(a) : a;
      if (n.op === '+') return V.add(a, b);
      if (n.op === '-') return V.add(a, V.neg(b));
      if (n.op === '*') return V.mul(a, b);
      if (n.op === '/') return V.div(a, b);
      return power(a, b);
    }
    case 'FunctionNode': {
      const fname = symbolName(n.fn)!;
      if (fname === 'sqrt') return V.sqrt(evaluate(n.args[0], ctx));
      if (fname === 'sum') {
        const i = symbolName(n.args[0])!;
        const count = integerOf(evaluate(ctx.der.indices.get(i)!, ctx));
        let total = rational(ZERO);
        for (let k = 1; k <= count; k++) total = V.add(total, evaluate(n.args[1], { ...ctx, bound: new Map([...ctx.bound, [i, k]]) }));
        return total;
      }
      const args = n.args.map((x) => evaluate(x, ctx));
      const key = `${fname}(${args.map(V.show).join(', ')})`;
      let v = ctx.pt.table.get(key);
      if (!v) ctx.pt.table.set(key, (v = rational(ctx.pt.draws.real(ctx.pt.funcIv))));
      return v;
    }
    case 'AccessorNode': {
      const obj = symbolName(n.object)!;
      if (obj === 'E') return expect(n.index.dimensions[0], ctx);
      const k = integerOf(evaluate(n.index.dimensions[0], ctx));
      return lookup(`${obj}[${k}]`, ctx);
    }
  }
  throw new Error(`cannot evaluate ${node.toString()}`);
}

const constants = new WeakMap<MathNode, Value>();
function constant(node: MathNode, value: unknown): Value {
  return constants.get(node) ?? remember(constants, node, rational(q(String(value))));
}

/** Store a value in a cache and return it. */
function remember<K, V>(map: { set(k: K, v: V): unknown }, key: K, value: V): V {
  map.set(key, value);
  return value;
}

function power(a: Value, b: Value): Value {
  const k = integerOf(b);
  if (k < 0) return V.div(rational(ONE), power(a, rational(q(-k))));
  let out = rational(ONE);
  for (let j = 0; j < k; j++) out = V.mul(out, a);
  return out;
}

function lookup(name: string, ctx: Ctx): Value {
  const k = ctx.bound.get(name);
  if (k !== undefined) return rational(q(k));
  const s = ctx.pt.scalars.get(name);
  if (s) return s;
  const def = ctx.der.defined.get(name);
  if (def) {
    // Stryker disable next-line ConditionalExpression: true only bypasses the cache below (the same value again); false (caching a random value inside E) fails the P6 derivation tests
    if (ctx.random) return evaluate(def, ctx);
    // a definition may read a bound index (let g = i, then sum(i, g)): one value per binding
    const key = `let ${name} ${[...ctx.bound].join()}`;
    return ctx.pt.memo.get(key) ?? remember(ctx.pt.memo, key, evaluate(def, ctx));
  }
  if (ctx.pt.laws.has(name)) {
    if (!ctx.random) throw new RandomOutsideE(`${name} is random: put it inside E[...]`);
    return rational(ctx.random(name));
  }
  throw new Undefined(); // x[k] with k out of its range
}

/** E[body], by enumeration; a constant, so memoized per point (and per bound index). */
const nodeIds = new WeakMap<MathNode, number>();
let nextNodeId = 0;
function expect(body: MathNode, ctx: Ctx): Value {
  // Stryker disable next-line UpdateOperator: ids only tell nodes apart in memo keys, and decreasing ids are as distinct
  const id = nodeIds.get(body) ?? remember(nodeIds, body, nextNodeId++);
  const key = `E ${id} ${[...ctx.bound].join()}`;
  return ctx.pt.memo.get(key) ?? remember(ctx.pt.memo, key, expectation(ctx.pt.blocks, (random) => evaluate(body, { ...ctx, random }), values));
}

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

function stepAt(der: Derivation, pt: Point, from: Line, to: Line): StepResult {
  try {
    const [a, b] = [from, to].map((l) => evaluate(l.node, context(der, pt, null)));
    return V.equal(a, b) ? { holds: true } : { holds: false, a: V.show(a), b: V.show(b) };
  } catch (e) {
    if (e instanceof RandomOutsideE) throw new DerivationError(`${der.file}:${from.at}: ${e.message}`);
    // Stryker disable next-line ObjectLiteral: holds is only compared with true and false, and undefined is neither, as null
    if (e instanceof Undefined) return { holds: null };
    throw e;
  }
}

const stepName = (der: Derivation, c: number, k: number) => `${der.chains.length > 1 ? `chain ${c + 1}: ` : ''}line ${k + 1} → line ${k + 2}`;

/** What a point is, for a person: the reals, the function values used, the laws. */
function describe(der: Derivation, pt: Point): string {
  const parts = [...pt.scalars].map(([n, v]) => `${n} = ${V.show(v)}`);
  for (const [k, v] of pt.table) parts.push(`${k} = ${V.show(v)}`);
  for (const [n, law] of pt.laws) parts.push(`${n} ∈ {${law.values.map((v, j) => `${v.toFraction()}: ${law.probs[j].toFraction()}`).join(', ')}}`);
  if (pt.dependent.length > 1) parts.push(`${pt.dependent.join(', ')} coupled (no independence hypothesis)`);
  return parts.join(', ');
}

/** The point the draws make, or null where the hypotheses have no law there. */
function pointAt(der: Derivation, draws: Draws): Point | null {
  try {
    return pointOf(der, draws);
  } catch (e) {
    if (e instanceof Undefined) return null;
    // a mean, variance or index range that reads a random variable: the file is wrong, not the point
    if (e instanceof RandomOutsideE) throw new DerivationError(`${der.file}: ${e.message}`);
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
function simplePoint(wanted: (draws: Draws) => boolean, seed: number, shrink: boolean): number[] | null {
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

function neighboursAgree(der: Derivation, pt: Point, step: StepFailure): boolean {
  const lines = der.chains[step.chain - 1];
  return stepAt(der, pt, lines[step.from - 1], lines[step.to]).holds === true;
}

/**
 * A degree bound for the Schwartz–Zippel statement: [numerator, denominator] degrees of a line as
 * a rational function of the free reals and function values, or null where it has E[...] or sqrt.
 */
export function degreeBound(der: Derivation, node: MathNode): [number, number] | null {
  const n = node as unknown as { type: string; op: string; fn: MathNode; args: MathNode[]; content: MathNode; value: unknown };
  const name = symbolName(node);
  if (name !== null) {
    const def = der.defined.get(name);
    if (def) return degreeBound(der, def);
    return der.families.has(name) ? null : der.reals.has(name) ? [1, 0] : [0, 0];
  }
  if (n.type === 'ConstantNode') return [0, 0];
  if (n.type === 'ParenthesisNode') return degreeBound(der, n.content);
  if (n.type === 'FunctionNode') {
    const f = symbolName(n.fn);
    return f === 'sqrt' || f === 'sum' ? null : [1, 0];
  }
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

/** A constant exponent (2, (2), -1, +3), or NaN for any other expression. */
function constantOf(node: MathNode): number {
  const n = node as unknown as { type: string; op: string; args: MathNode[]; content: MathNode; value: unknown };
  if (n.type === 'ConstantNode') return Number(n.value);
  if (n.type === 'ParenthesisNode') return constantOf(n.content);
  if (n.type === 'OperatorNode' && n.args.length === 1) return n.op === '-' ? -constantOf(n.args[0]) : constantOf(n.args[0]);
  return NaN;
}

/** The Schwartz–Zippel degree D of each step without E or sqrt (null for the others). */
export function stepDegrees(der: Derivation): (number | null)[][] {
  return der.chains.map((lines) =>
    lines.slice(1).map((l, k) => {
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
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DerivationError(`${path}: cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
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
  return {
    ok: true,
    report:
      (fewest === points ? `every step holds at ${points} random points (exact arithmetic). ` : `every step holds wherever it has a value: each at ${fewest} or more of ${points} random points (exact arithmetic). `) +
      (rationalSteps.length > 0 ? `${rationalSteps.length} rational step(s) of degree ≤ ${maxD}: a false one would pass with probability ≤ (${maxD}/${valuesDrawnFrom(der)})^${fewest} (Schwartz–Zippel). ` : '') +
      (degrees.length > rationalSteps.length ? `${degrees.length - rationalSteps.length} step(s) with E[...] or sqrt: checked exactly by enumeration over random discrete laws satisfying the hypotheses.` : ''),
  };
}
