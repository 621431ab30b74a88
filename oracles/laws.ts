/**
 * Laws of the claim files' random variables (exams/README.md, "Laws, expectations and
 * information"): what the `random` declaration's law becomes at one point of a derivation
 * (oracles/derivation.ts).
 *
 * Finite laws are enumerated exactly (oracles/discrete.ts). The tables — Bernoulli, uniform on a
 * set, categorical (joint ones too), any law on 1..n — are one routine, `finiteOutcomes`: a table's
 * values and probabilities computed exactly from the point, or any law on a finite set drawn afresh
 * at each point with small rational probabilities, zeros included, so a claim stated for every law
 * is checked over many and a failure shrinks to the fewest outcomes with the simplest probabilities
 * (the draws' choices shrink toward 0: a range toward its least value, a weight toward 0, every
 * weight 0 the point mass on the first outcome). The families of laws drawn as random finite laws
 * — by moments (`withMoments`), any law on the reals, every law symmetric about 0 (rational values
 * and probabilities, with a stated variance where one is declared) — are their own cases.
 * Continuous laws (uniform on an interval, Gaussian) are sampled: an expectation over them is a confidence interval from
 * `SAMPLES` draws (oracles/hoeffding.ts's `sampledMean`, the project's one sampled expectation),
 * computed in float64 interval arithmetic (`INTERVALS`), false alarm at most `FALSE_ALARM` each.
 */
import Fraction from 'fraction.js';
import { down, sampledMean, up, type Enclosure } from './hoeffding.ts';
import { expectation, ONE, q, withMoments, ZERO, type Block, type Marginal } from './discrete.ts';
import type { Expr, LawDecl } from './notation/index.ts';
import { uniformStream } from './prng.ts';
import { NotRepresentable, type Analytic } from './numbers/tower.ts';
import { rational } from './numbers/rational.ts';

/** Draws per sampled expectation, and the false-alarm probability each is allowed. */
export const SAMPLES = 1000;
export const FALSE_ALARM = 1e-9;

const HALF = new Fraction(1, 2);

/** A law's parameters have no law at this point (a negative variance, an empty interval, an irrational parameter): the point is skipped. */
export class NoLaw extends Error {}

/**
 * A table whose probabilities are no law at the point (one negative, or a sum other than 1): the
 * file's error, not a point to skip (a point skipped for it would check nothing). The message has
 * no place: the caller prefixes the declaration's `file:line`.
 */
export class LawError extends Error {}

/** The weights of any law on a finite set are drawn from 0 … ANY_WEIGHTS − 1: probabilities w/Σw, denominators at most 4 × the outcomes. */
export const ANY_WEIGHTS = 5;

/** One outcome of a finite law: a value per variable (one for a single variable), and its probability (nonzero). */
export interface FiniteOutcome {
  readonly values: readonly Fraction[];
  readonly p: Fraction;
}

/** The kinds of law that are tables of outcomes, enumerated by `finiteOutcomes`. */
export type TableLaw = Extract<LawDecl, { kind: 'bernoulli' | 'set' | 'categorical' }> | { readonly kind: 'any'; readonly on: readonly Expr[] };

/** Whether `decl` is one of the tables (`any` only on a finite set: on the reals it is drawn by `drawLaw`). */
export const isTable = (decl: LawDecl): decl is TableLaw =>
  decl.kind === 'bernoulli' || decl.kind === 'set' || decl.kind === 'categorical' || (decl.kind === 'any' && decl.on !== null);

/**
 * The outcomes of a table law at a point, those of probability 0 left out (0 ln 0 = 0: they add
 * nothing, and KL's support is where they are not). `value` gives an expression's value there (a
 * rational, or null where it is irrational: NoLaw); `pick(n)` draws one of 0 … n − 1; `largest` is
 * each range's largest extent over the file (bounds.ts's valueRange), whose cells are all drawn.
 * A table whose probabilities are negative or do not sum to 1 at the point: LawError.
 */
export function finiteOutcomes(decl: TableLaw, value: (e: Expr) => Fraction | null, pick: (n: number) => number, largest: readonly number[] = []): FiniteOutcome[] {
  if (decl.kind === 'any') {
    const extents = decl.on.map((r) => {
      const n = rationalParam(value, r);
      if (n.d !== 1n || n.compare(1) < 0) throw new LawError(`the range 1..${r.text} is 1..${n.toFraction()} here: a finite set needs a whole number of at least 1`);
      return Number(n.valueOf());
    });
    // a weight for every cell of the largest sets the ranges allow, drawn whatever the extents here: a
    // smaller extent then keeps the weights of the cells it keeps, so a witness shrinks to fewer outcomes one range at a time
    const cells = tuples(extents.map((n, k) => Math.max(n, largest[k] ?? n)));
    const drawn = cells.map(() => pick(ANY_WEIGHTS));
    const weights = cells.map((c, k) => (c.every((v, a) => v <= extents[a]) ? drawn[k] : 0));
    if (!weights.some((w) => w > 0)) weights[0] = 1;
    const total = weights.reduce((s, w) => s + w, 0);
    return cells.flatMap((c, k) => (weights[k] === 0 ? [] : [{ values: c.map((v) => q(v)), p: q(weights[k]).div(total) }]));
  }
  // each table as its entries: values, and a probability with the text that names it
  const entries: { values: readonly Fraction[]; p: Fraction; text: string }[] =
    decl.kind === 'bernoulli'
      ? [
          { values: [ZERO], p: ONE.sub(rationalParam(value, decl.p)), text: `1 - (${decl.p.text})` },
          { values: [ONE], p: rationalParam(value, decl.p), text: decl.p.text },
        ]
      : decl.kind === 'set'
        ? decl.values.map((v) => ({ values: [rationalParam(value, v)], p: new Fraction(1, decl.values.length), text: `1/${decl.values.length}` }))
        : decl.outcomes.map((o) => ({ values: o.values.map((v) => rationalParam(value, v)), p: rationalParam(value, o.p), text: o.p.text }));
  const negative = entries.find((o) => o.p.compare(0) < 0);
  if (negative) throw new LawError(`the probability ${negative.text} is ${negative.p.toFraction()} here: a probability is at least 0`);
  const total = entries.reduce((s, o) => s.add(o.p), ZERO);
  if (!total.equals(1)) throw new LawError(`the probabilities sum to ${total.toFraction()} here, not 1`);
  return entries.filter((o) => !o.p.equals(0)).map(({ values, p }) => ({ values, p }));
}

/** A parameter's value at the point, where it is rational (else NoLaw): `value` as `finiteOutcomes` and `drawLaw` take it. */
function rationalParam(value: (e: Expr) => Fraction | null, e: Expr): Fraction {
  const v = value(e);
  if (v === null) throw new NoLaw();
  return v;
}

/** Every tuple of 1..n₁ × 1..n₂ × …, the last coordinate fastest. */
const tuples = (extents: readonly number[]): number[][] => extents.reduce<number[][]>((ts, n) => ts.flatMap((t) => Array.from({ length: n }, (_, k) => [...t, k + 1])), [[]]);

/** A finite law for a person: `{0: 1/2, 1: 1/2}`, joint `{(1, 2): 1/3, (2, 1): 2/3}`. */
export const showFinite = (outcomes: readonly FiniteOutcome[]): string =>
  `{${outcomes.map((o) => `${o.values.length === 1 ? o.values[0].toFraction() : `(${o.values.map((v) => v.toFraction()).join(', ')})`}: ${o.p.toFraction()}`).join(', ')}}`;

/** The choices a law is drawn from (oracles/derivation.ts's Draws). */
export interface LawDraws {
  offset(): Fraction;
  pick(n: number): number;
}

/** A continuous law at a point: where its values lie, and one draw from a uniform stream. */
export interface Continuous {
  readonly support: Enclosure;
  readonly shown: string;
  sample(next: () => number): number;
}

export type DrawnLaw = { readonly kind: 'finite'; readonly marginal: Marginal } | { readonly kind: 'continuous'; readonly law: Continuous };

const finite = (values: readonly Fraction[], probs: readonly Fraction[]): DrawnLaw => ({ kind: 'finite', marginal: { values, probs } });
const pointMass = (v: Fraction): DrawnLaw => finite([v], [ONE]);

/** A finite law with equal values drawn twice merged into one (the same law, shown and enumerated once). */
function merged(values: readonly Fraction[], probs: readonly Fraction[]): DrawnLaw {
  const at = new Map<string, number>();
  const [vs, ps]: [Fraction[], Fraction[]] = [[], []];
  values.forEach((v, k) => {
    const seen = at.get(v.toFraction());
    if (seen === undefined) {
      at.set(v.toFraction(), vs.length);
      vs.push(v);
      ps.push(probs[k]);
    } else ps[seen] = ps[seen].add(probs[k]);
  });
  return finite(vs, ps);
}

/** The exact square root of a rational, or null where it is irrational. */
function rationalSqrt(v: Fraction): Fraction | null {
  const root = (n: bigint): bigint | null => {
    if (n < 0n) return null;
    let r = BigInt(Math.floor(Math.sqrt(Number(n))));
    while (r * r > n) r--;
    while ((r + 1n) * (r + 1n) <= n) r++;
    return r * r === n ? r : null;
  };
  const [a, b] = [root(BigInt(v.n)), root(BigInt(v.d))];
  return a === null || b === null ? null : new Fraction(a, b);
}

/**
 * A random finite law symmetric about 0, from the draws: the two points ±a, or the three −a, 0, a
 * (a the size of a drawn offset; the weights small integers). With a variance v: point mass 0 at
 * v = 0; else ±a with probability v/(2a²) each and 0 with the rest, a² ≥ v (a raised to max(v, 1)
 * where the offset is too small), and, where v is a rational square, one time in two the two points ±√v.
 */
function symmetric(variance: Fraction | null, draws: LawDraws): DrawnLaw {
  let a = draws.offset().abs();
  if (a.equals(0)) a = ONE;
  if (variance === null) {
    if (draws.pick(2) === 0) return finite([a.neg(), a], [HALF, HALF]);
    const [k, m] = [q(1 + draws.pick(4)), q(1 + draws.pick(4))];
    const side = k.div(k.mul(2).add(m));
    return finite([a.neg(), ZERO, a], [side, ONE.sub(side.mul(2)), side]);
  }
  if (variance.compare(0) < 0) throw new NoLaw();
  if (variance.equals(0)) return pointMass(ZERO);
  const root = rationalSqrt(variance);
  if (root !== null && draws.pick(2) === 0) return finite([root.neg(), root], [HALF, HALF]);
  if (a.pow(2).compare(variance) < 0) a = variance.compare(1) > 0 ? variance : ONE;
  const side = variance.div(a.pow(2).mul(2));
  return side.mul(2).equals(1) ? finite([a.neg(), a], [side, side]) : finite([a.neg(), ZERO, a], [side, ONE.sub(side.mul(2)), side]);
}

/**
 * The law of one variable `decl` at a point: `value` gives a parameter's value there (a rational,
 * or null where it is irrational: NoLaw), `draws` the choices of the families of laws (moments,
 * any, symmetric), `largest` any law on 1..n's largest extent (`finiteOutcomes`). Finite laws
 * exactly (the tables by `finiteOutcomes`); continuous ones as a sampler (a zero-width interval or
 * a zero variance is the point mass, finite).
 */
export function drawLaw(decl: LawDecl, value: (e: Expr) => Fraction | null, draws: LawDraws, largest: readonly number[] = []): DrawnLaw {
  if (isTable(decl)) {
    const outcomes = finiteOutcomes(decl, value, (n) => draws.pick(n), largest);
    return finite(outcomes.map((o) => o.values[0]), outcomes.map((o) => o.p));
  }
  switch (decl.kind) {
    case 'any':
    case 'moments': {
      // two support points, or three one time in four (enumeration cost grows as the product of the sizes)
      const offsets = draws.pick(4) === 3 ? [draws.offset(), draws.offset()] : [draws.offset()];
      if (decl.kind === 'any') {
        const vals = [draws.offset(), ...offsets];
        const weights = vals.map(() => q(1 + draws.pick(4)));
        const total = weights.reduce((s, w) => s.add(w), ZERO);
        return merged(vals, weights.map((w) => w.div(total)));
      }
      const mean = rationalParam(value, decl.mean);
      const variance = rationalParam(value, decl.variance);
      if (rational.sign(variance) < 0) throw new NoLaw();
      return { kind: 'finite', marginal: withMoments(mean, variance, offsets) };
    }
    case 'symmetric':
      return symmetric(decl.variance && rationalParam(value, decl.variance), draws);
    case 'interval': {
      const [lo, hi] = [rationalParam(value, decl.lo), rationalParam(value, decl.hi)];
      const c = lo.compare(hi);
      if (c > 0) throw new NoLaw();
      if (c === 0) return pointMass(lo);
      const [a, b] = [lo.valueOf(), hi.valueOf()];
      // a draw a + (b − a)·u stays in [a, b] (rounded to the nearest double, clamped)
      return { kind: 'continuous', law: { support: [down(a), up(b)], shown: `uniform[${lo.toFraction()}, ${hi.toFraction()}]`, sample: (next) => Math.min(b, Math.max(a, a + (b - a) * next())) } };
    }
    case 'gaussian': {
      const [mean, variance] = [rationalParam(value, decl.mean), rationalParam(value, decl.variance)];
      if (variance.compare(0) < 0) throw new NoLaw();
      if (variance.equals(0)) return pointMass(mean);
      const [m, s] = [mean.valueOf(), Math.sqrt(variance.valueOf())];
      // Box–Muller in float64: a law within float64's rounding of the Gaussian, which the bound neglects
      const sample = (next: () => number) => m + s * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return { kind: 'continuous', law: { support: [-Infinity, Infinity], shown: `gaussian(${mean.toFraction()}, ${variance.toFraction()})`, sample } };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Interval arithmetic: the number system of a step whose expectations are sampled.

/**
 * Float64 intervals with every end rounded outward (`down`/`up`, one ulp or more; twice for a
 * library function, exp, ln, tanh, log1p, whose float64 results are within an ulp or two, and for
 * a rational, whose double n/d is rounded up to three times): each operation's result contains
 * the exact result for every argument in its operands, so a line computed in them contains its
 * exact value at the point (its sampled expectations: their confidence intervals).
 * Infinite ends are allowed (a Gaussian's support); 0·∞ is 0 (the enclosure of a product with an
 * exact 0). `sign` of an interval that holds both signs has no answer (NotRepresentable: relu, max,
 * ind and |·| branch on it, so a range through them is not bounded here).
 */
export const INTERVALS: Analytic<Enclosure> = (() => {
  const iv = (lo: number, hi: number): Enclosure => [down(lo), up(hi)];
  const exact = (x: number): Enclosure => [x, x];
  const times = (a: number, b: number) => (a === 0 || b === 0 ? 0 : a * b);
  const mul = (a: Enclosure, b: Enclosure): Enclosure => {
    const ps = [times(a[0], b[0]), times(a[0], b[1]), times(a[1], b[0]), times(a[1], b[1])];
    // a product with an exact 0 is exactly 0
    return ps.every((p) => p === 0) ? exact(0) : iv(Math.min(...ps), Math.max(...ps));
  };
  const twice = (lo: number, hi: number): Enclosure => [down(down(lo)), up(up(hi))];
  const monotone = (f: (x: number) => number) => (a: Enclosure): Enclosure => twice(f(a[0]), f(a[1]));
  const N: Analytic<Enclosure> = {
    zero: exact(0),
    one: exact(1),
    fromNumber: exact,
    fromRational: (r) => {
      const x = r.valueOf();
      return Number.isInteger(x) && Math.abs(x) <= 2 ** 53 && r.d === 1n ? exact(x) : twice(x, x);
    },
    add: (a, b) => iv(a[0] + b[0], a[1] + b[1]),
    sub: (a, b) => iv(a[0] - b[1], a[1] - b[0]),
    neg: (a) => [-a[1], -a[0]],
    mul,
    div: (a, b) => {
      if (b[0] <= 0 && b[1] >= 0) throw new NotRepresentable('division by an interval holding 0');
      return mul(a, iv(1 / b[1], 1 / b[0]));
    },
    toNumber: (a) => (a[0] + a[1]) / 2,
    sign: (a) => {
      if (a[0] > 0) return 1;
      if (a[1] < 0) return -1;
      if (a[0] === 0 && a[1] === 0) return 0;
      throw new NotRepresentable('the sign of an interval holding 0');
    },
    exp: monotone(Math.exp),
    log: (a) => {
      if (a[0] <= 0) throw new NotRepresentable('ln of an interval reaching 0');
      return monotone(Math.log)(a);
    },
    sqrt: (a) => {
      if (a[0] < 0) throw new NotRepresentable('sqrt of an interval below 0');
      return iv(Math.sqrt(a[0]), Math.sqrt(a[1]));
    },
    tanh: monotone(Math.tanh),
    sin: () => iv(-1, 1),
    cos: () => iv(-1, 1),
    // log(1 + e^x) = max(x, 0) + log(1 + e^−|x|), without overflow
    softplus: monotone((x) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)))),
  };
  return N;
})();

/**
 * E[body] over finite blocks (exactly enumerated, in intervals) and continuous variables (sampled):
 * a confidence interval (`sampledMean`). The range is the body enclosed with each continuous
 * variable on its support and the finite ones enumerated; it must be bounded (Hoeffding), else
 * `unbounded` is called with the range (null where interval arithmetic cannot bound it: a branch
 * such as relu or ind, or a division, on an interval holding both signs). Draws come from a stream seeded by `seed` (the point's),
 * the same for every expectation at the point.
 */
export function sampledExpectation(
  blocks: readonly Block[],
  continuous: ReadonlyMap<string, Continuous>,
  seed: number,
  body: (value: (name: string) => Enclosure) => Enclosure,
  unbounded: (range: Enclosure | null) => never,
): Enclosure {
  const N = INTERVALS;
  const over = (at: (name: string) => Enclosure | undefined) =>
    expectation(blocks, (value) => body((name) => at(name) ?? N.fromRational(value(name))), N);
  let range: Enclosure;
  try {
    range = over((name) => continuous.get(name)?.support);
  } catch (e) {
    // a branch (relu, max, min, |·|, ind) or a division on an interval that holds both signs
    if (e instanceof NotRepresentable) return unbounded(null);
    throw e;
  }
  if (!(Number.isFinite(range[0]) && Number.isFinite(range[1]))) unbounded(range);
  const next = uniformStream(seed);
  const names = [...continuous.keys()];
  return sampledMean(SAMPLES, FALSE_ALARM, range, () => {
    const drawn = new Map(names.map((n) => [n, continuous.get(n)!.sample(next)] as const));
    return over((name) => {
      const x = drawn.get(name);
      return x === undefined ? undefined : [x, x];
    });
  }).mean;
}
