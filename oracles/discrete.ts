/**
 * Exact moments by enumeration over finite discrete distributions, in rationals (fraction.js).
 * One helper for Problem 6's properties and for the derivation checker: a distribution is a list
 * of blocks; the blocks are independent of each other, the variables inside one block may depend
 * on each other in any way. An expectation enumerates every joint outcome of the blocks it
 * touches and adds up probability × value, so it assumes nothing about the expression.
 */
import Fraction from 'fraction.js';
import { compareRationals, rational as R } from './numbers/rational.ts';
import type { Field } from './numbers/tower.ts';

export type Q = Fraction;
export const q = (x: number | string | Fraction): Fraction => new Fraction(x as never);
export const ZERO = R.zero;
export const ONE = R.one;

/** One distribution over the values of some variables, given as outcomes with their probabilities. */
export interface Block {
  readonly names: readonly string[];
  readonly outcomes: readonly { readonly p: Fraction; readonly values: readonly Fraction[] }[];
}

/** A variable's own distribution: values and their probabilities (summing to 1). */
export interface Marginal {
  readonly values: readonly Fraction[];
  readonly probs: readonly Fraction[];
}

/** A block f has read, in an enumeration: the outcome it is at, and the sum so far over its outcomes (Σ p·E[f | the outcomes above and this one]). */
interface Level<T> {
  readonly block: Block;
  at: number;
  total: T;
}

/**
 * E[f]: f reads variables through `value(name)`; each block is enumerated only once f reads one
 * of its variables, so the cost is the product of the sizes of the blocks f touches. The values
 * of f are added up in N, as Σ p·f with each probability p taken in by N.fromRational: any tower
 * field, or anything else with these four operations (a vector of rationals, componentwise).
 *
 * Depth first: a block read for the first time is fixed at its first outcome (of nonzero
 * probability) and f goes on; once f has a value, the deepest block moves to its next outcome and
 * f is run again (the blocks above it held), and a block past its last outcome gives its sum to
 * the one above. So f runs once per joint outcome of what it reads, and each block's sum is
 * Σ_o p_o·(its value at o), added in the order of its outcomes, as a recursion over the blocks in
 * the order f reads them would (before, each first read threw, and f ran again from the start:
 * 7 runs and 3 throws for two blocks of 2 outcomes, where 4 runs do).
 */
export function expectation<T>(blocks: readonly Block[], f: (value: (name: string) => Fraction) => T, N: Pick<Field<T>, 'zero' | 'add' | 'mul' | 'fromRational'>): T {
  // the outcome fixed so far: each level's block's variables at its outcome
  const fixed = new Map<string, Fraction>();
  const levels: Level<T>[] = [];
  const value = lookup(fixed, ownerOf(blocks), levels, N.zero);
  for (;;) {
    let v = f(value);
    // v into the deepest level's sum; where that block is past its last outcome, its sum into the level above
    for (;;) {
      const top = levels[levels.length - 1];
      if (top === undefined) return v;
      const { names, outcomes } = top.block;
      top.total = N.add(top.total, N.mul(v, N.fromRational(outcomes[top.at].p)));
      top.at = nonzeroFrom(outcomes, top.at + 1);
      if (top.at < outcomes.length) {
        for (let k = 0; k < names.length; k++) fixed.set(names[k], outcomes[top.at].values[k]);
        break;
      }
      for (let k = 0; k < names.length; k++) fixed.delete(names[k]);
      levels.pop();
      v = top.total;
    }
  }
}

/** The first outcome from `from` on with nonzero probability (outcomes.length where none is). */
function nonzeroFrom(outcomes: Block['outcomes'], from: number): number {
  let j = from;
  while (j < outcomes.length && outcomes[j].p.n === 0n) j++;
  return j;
}

/**
 * `expectation`'s reading of a variable: its value in the outcome fixed so far; a variable of a
 * block not yet read fixes its block at its first outcome, a new level. Made here and returned: a
 * function assigned to a name inside `expectation` would be wrapped, at every expectation, in the
 * call tsx's keepNames adds to name it.
 */
function lookup<T>(fixed: Map<string, Fraction>, owner: ReadonlyMap<string, Block>, levels: Level<T>[], zero: T): (name: string) => Fraction {
  return (name) => {
    const v = fixed.get(name);
    if (v !== undefined) return v;
    const block = owner.get(name);
    if (!block) throw new Error(`no distribution for ${name}`);
    const at = nonzeroFrom(block.outcomes, 0);
    for (let k = 0; k < block.names.length; k++) fixed.set(block.names[k], block.outcomes[at].values[k]);
    levels.push({ block, at, total: zero });
    return fixed.get(name)!;
  };
}

/**
 * Each variable's block, made once per list of blocks (a point's expectations all enumerate its
 * one list, one after the other); remade where the list has grown since (a point's blocks are
 * appended as it is drawn). Only the last list's is kept: a WeakMap keyed by each point's list
 * kept every point's blocks alive through the young generation's collections, most of the
 * garbage P6.bias's check promoted (5 KB a point).
 */
let last: { readonly blocks: readonly Block[]; readonly count: number; readonly owner: Map<string, Block> } | null = null;
function ownerOf(blocks: readonly Block[]): Map<string, Block> {
  if (last && last.blocks === blocks && last.count === blocks.length) return last.owner;
  const owner = new Map<string, Block>();
  for (const b of blocks) for (const n of b.names) owner.set(n, b);
  last = { blocks, count: blocks.length, owner };
  return owner;
}

/** A single variable in a block of its own (independent of every other block). */
export const independentBlock = (name: string, m: Marginal): Block => ({
  names: [name],
  outcomes: m.values.map((v, k) => ({ p: m.probs[k], values: [v] })),
});

/**
 * A distribution with exactly the given mean and variance, from free offsets (any rationals):
 * variance 0 is the point mass at the mean; one offset a gives the two points mean + a and
 * mean − variance/a (a ≠ 0); two offsets a, c of opposite signs with −ac ≥ variance give the
 * points a, c (a two-point law of variance −ac) mixed with the mean itself, weight variance/(−ac).
 * Rational in, rational out: nothing is rounded. Offsets that do not fit are adjusted to fit.
 */
export function withMoments(mean: Fraction, variance: Fraction, offsets: readonly Fraction[]): Marginal {
  // in rational.ts's operations: fraction.js's re-parse every argument (a point draws several laws)
  const sign = R.sign(variance);
  if (sign < 0) throw new Error(`negative variance ${variance.toFraction()}`);
  if (sign === 0) return { values: [mean], probs: [ONE] };
  const a = offsets.length === 0 || R.sign(offsets[0]) === 0 ? R.neg(ONE) : offsets[0];
  if (offsets.length <= 1) return twoPoint(mean, a, R.neg(R.div(variance, a)));
  // a second offset on the other side of the mean (a ≠ 0 has sign R.sign(a)), far enough out that −ac ≥ variance
  const c1 = R.sign(offsets[1]) === 0 ? ONE : offsets[1].s < 0n ? R.neg(offsets[1]) : offsets[1];
  let c = R.sign(a) > 0 ? R.neg(c1) : c1;
  const spread = R.neg(R.mul(a, c));
  if (compareRationals(spread, variance) < 0) c = R.mul(c, R.div(variance, spread));
  const w = R.div(variance, R.neg(R.mul(a, c)));
  const two = twoPoint(mean, a, c);
  if (compareRationals(w, ONE) === 0) return two;
  // spelt out, not spread and mapped: in the optimized code an array's map then met a new shape halfway through a check's first thousand examples
  return { values: [two.values[0], two.values[1], mean], probs: [R.mul(two.probs[0], w), R.mul(two.probs[1], w), R.sub(ONE, w)] };
}

/** mean + a and mean + c (a, c of opposite signs), weighted so the mean is exactly `mean`. */
function twoPoint(mean: Fraction, a: Fraction, c: Fraction): Marginal {
  const pa = R.div(c, R.sub(c, a));
  return { values: [R.add(mean, a), R.add(mean, c)], probs: [pa, R.sub(ONE, pa)] };
}

/**
 * Several variables coupled through their quantiles, each keeping its own marginal exactly:
 * `rising[k]` sorts variable k up (comonotone) or down (antitone) along a shared uniform draw.
 * The most positive (or negative) dependence the marginals allow, with few joint outcomes.
 */
export function coupled(names: readonly string[], marginals: readonly Marginal[], rising: readonly boolean[]): Block {
  const sorted = marginals.map((m, k) => {
    // Stryker disable next-line ArithmeticOperator: compare gives −1, 0 or 1, and dividing it by ±1 is multiplying it by ±1
    const order = m.values.map((_, i) => i).sort((i, j) => m.values[i].compare(m.values[j]) * (rising[k] ? 1 : -1));
    return { values: order.map((i) => m.values[i]), probs: order.map((i) => m.probs[i]) };
  });
  const at = sorted.map(() => 0);
  const left = sorted.map((m) => m.probs[0]);
  const outcomes: { p: Fraction; values: Fraction[] }[] = [];
  while (at.every((i, k) => i < sorted[k].values.length)) {
    const step = left.reduce((m, p) => (p.lt(m) ? p : m));
    if (step.compare(0) > 0) outcomes.push({ p: step, values: sorted.map((m, k) => m.values[at[k]]) });
    sorted.forEach((m, k) => {
      left[k] = left[k].sub(step);
      if (left[k].equals(0)) {
        at[k]++;
        // past the last value this is undefined: every marginal sums to 1, so all reach their last nonzero
        // probability on the same step, and the loop stops as soon as one of them is past its end
        left[k] = m.probs[at[k]];
      }
    });
  }
  return { names, outcomes };
}

/** Mean and variance of a marginal, exactly. */
export function moments(m: Marginal): { mean: Fraction; variance: Fraction } {
  const mean = m.values.reduce((s, v, k) => s.add(v.mul(m.probs[k])), ZERO);
  const variance = m.values.reduce((s, v, k) => s.add(v.sub(mean).pow(2).mul(m.probs[k])), ZERO);
  return { mean, variance };
}

/** One outcome of a joint law as `jointOutcomes` lists it: what was read there (exact keys) and its probability. */
export interface Outcome {
  readonly keys: readonly string[];
  readonly p: Fraction;
}

/**
 * Formal sums of outcomes, Σ pᵢ·[keysᵢ]: `expectation` over them lists the outcomes f reads with
 * their probabilities (a scalar p is p·[], and a product joins keys), so the enumeration is the
 * one routine above, not a copy.
 */
const OUTCOMES: Pick<Field<readonly Outcome[]>, 'zero' | 'add' | 'mul' | 'fromRational'> = {
  zero: [],
  add: (a, b) => [...a, ...b],
  mul: (a, b) => a.flatMap((x) => b.map((y) => ({ keys: [...x.keys, ...y.keys], p: x.p.mul(y.p) }))),
  fromRational: (p) => [{ keys: [], p }],
};

/**
 * The law of f's value over the blocks: each joint outcome f reads with nonzero probability, the
 * keys f gives there and its probability (outcomes with equal keys are not merged: `lawOf` in
 * oracles/notation/information.ts adds them up).
 */
export const jointOutcomes = (blocks: readonly Block[], f: (value: (name: string) => Fraction) => readonly string[]): readonly Outcome[] =>
  expectation(blocks, (value) => [{ keys: f(value), p: ONE }], OUTCOMES);
