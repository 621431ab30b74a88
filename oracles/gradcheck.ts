/**
 * Gradient checks, two ways.
 *
 * Exactly, for a loss that is a polynomial of degree ≤ 2 in the parameters: the central
 * difference [ℓ(x+hD) − ℓ(x−hD)] / 2h is then the directional derivative for any h, and with h = 1
 * and the loss evaluated in exact dyadic arithmetic it is the true one, with no truncation and no
 * rounding. As in JAX's check_grads, along a direction D (cost linear in size); entry by entry
 * (cost quadratic) only on small cases, where it also names the wrong entry.
 *
 * At scale, against each entry's true derivative given as a double-double with a stated error
 * (what forward mode in twice the working precision gives): entry by entry at linear cost, so
 * every entry is held to its own allowance, at 10^6 entries in milliseconds.
 */
import { sumError } from './eft.ts';
import { dyadic, dyadicHalf, dyadicOf, dyadicToNumber, type Dyadic } from './numbers/dyadic.ts';
import { UNIT_ROUNDOFF } from './numbers/error-bound.ts';
import type { Ring } from './numbers/tower.ts';

export interface Param {
  name: string;
  shape: readonly number[];
  value: Float64Array;
}

/** A loss at a point, and a direction: what any number of gradients are checked against. */
export interface GradientProblem {
  params: readonly Param[];
  /** The loss, written once, evaluated here in exact arithmetic. */
  loss: <T>(field: Ring<T>, values: readonly T[][]) => T;
  direction: readonly Float64Array[];
}

/** A gradient to check: what an answer added into each parameter's gradient, with its allowance. */
export interface GradientClaim extends GradientProblem {
  /** What the answer added into each parameter's gradient, exactly (after − before). */
  added: readonly Dyadic[][];
  /** The largest rounding error allowed in each added entry (0 where the answer is exact). */
  tolerance: readonly ArrayLike<number>[];
}

/** Entry-by-entry checks are run when the parameters have at most this many entries in all. */
export const ENTRYWISE_LIMIT = 12;

const exactDiff = (a: Dyadic, b: Dyadic) => dyadicToNumber(dyadic.sub(a, b));

function lossAlong(claim: GradientProblem, step: (p: number, i: number) => number): Dyadic {
  const values = claim.params.map((p, k) => Array.from(p.value, (x, i) => dyadic.add(dyadicOf(x), dyadicOf(step(k, i)))));
  return claim.loss(dyadic, values);
}

const centralDifference = (claim: GradientProblem, dir: (p: number, i: number) => number): Dyadic =>
  dyadicHalf(dyadic.sub(lossAlong(claim, dir), lossAlong(claim, (k, i) => -dir(k, i))));

/** A problem's exact derivatives, each computed once however many gradients are checked against it. */
const truths = new WeakMap<GradientProblem, { direction?: Dyadic; entries?: Dyadic[][] }>();
const known = (problem: GradientProblem) => truths.get(problem) ?? truths.set(problem, {}).get(problem)!;

function truthAlongDirection(problem: GradientProblem): Dyadic {
  return (known(problem).direction ??= centralDifference(problem, (k, i) => problem.direction[k][i]));
}

function truthByEntry(problem: GradientProblem): Dyadic[][] {
  return (known(problem).entries ??= problem.params.map((p, k) =>
    Array.from(p.value, (_, i) => centralDifference(problem, (kk, ii) => (kk === k && ii === i ? 1 : 0))),
  ));
}

/** `name[i,j,...]` for the flat row-major index of a tensor of this shape. */
export function entryName(name: string, shape: readonly number[], flat: number): string {
  const idx: number[] = [];
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    idx.unshift(flat % shape[axis]);
    flat = Math.floor(flat / shape[axis]);
  }
  return `${name}[${idx.join(',')}]`;
}

/** What every entry-by-entry check says of the first entry it finds wrong. */
const entryMismatch = (p: { name: string; shape: readonly number[] }, i: number, added: number, truth: number, error: number, allowance: string) =>
  `${entryName(`${p.name}.grad`, p.shape, i)}: the answer added ${added}, the true gradient is ${truth} (error ${error.toPrecision(3)}, ${allowance})`;

/** null when the added gradient is the true one within tolerance; else what is wrong, and where. */
export function checkQuadraticGradient(problem: GradientProblem, gradient: Pick<GradientClaim, 'added' | 'tolerance'>): string | null {
  const claim = { ...problem, ...gradient };
  const size = claim.params.reduce((n, p) => n + p.value.length, 0);
  const directional = checkDirection(claim, truthAlongDirection(problem));
  // entry by entry costs size² exact operations; on a large case shrinking reaches a small one
  if (size > ENTRYWISE_LIMIT) return directional;
  return checkEntries(claim, truthByEntry(problem)) ?? directional;
}

function checkDirection(claim: GradientClaim, truth: Dyadic): string | null {
  let claimed = dyadic.zero;
  let allowed = 0;
  claim.params.forEach((_, k) =>
    claim.added[k].forEach((g, i) => {
      const d = claim.direction[k][i];
      claimed = dyadic.add(claimed, dyadic.mul(g, dyadicOf(d)));
      allowed += claim.tolerance[k][i] * Math.abs(d);
    }),
  );
  const error = Math.abs(exactDiff(claimed, truth));
  if (error <= allowed * (1 + 2 ** -40)) return null;
  return `along a direction D the answer's gradient gives ${dyadicToNumber(claimed)}, the true derivative is ${dyadicToNumber(truth)} (error ${error.toPrecision(3)}, rounding allows ${allowed.toPrecision(3)})`;
}

function checkEntries(claim: GradientClaim, truths: Dyadic[][]): string | null {
  for (const [k, p] of claim.params.entries()) {
    for (let i = 0; i < p.value.length; i++) {
      const truth = truths[k][i];
      const error = Math.abs(exactDiff(claim.added[k][i], truth));
      if (error > claim.tolerance[k][i]) {
        return entryMismatch(p, i, dyadicToNumber(claim.added[k][i]), dyadicToNumber(truth), error, `rounding allows ${Number(claim.tolerance[k][i]).toPrecision(3)}`);
      }
    }
  }
  return null;
}

/**
 * Each entry's true derivative as a double-double hi + lo, within `error`: what a forward-mode
 * evaluation in twice the working precision gives (oracles/eft.ts), at typed-array speed where
 * exact arithmetic costs microseconds per entry.
 */
export interface EntryTruths {
  hi: Float64Array;
  lo: Float64Array;
  error: Float64Array;
}

/** What a float64 answer left in a parameter's gradient, what was there before, and its allowance per entry. */
export interface FloatGradient {
  after: ArrayLike<number>;
  before: ArrayLike<number>;
  tolerance: ArrayLike<number>;
}

/**
 * Entry by entry at any size: null when every entry the answer added (after − before) is within
 * its allowance of the truth, beyond the truth's own error; else the first that is not. The
 * difference is taken in double-double: after − before and its leading part minus hi are exact
 * (TwoSum), and the three small remainders round by at most 2u of their magnitudes.
 */
export function checkEntriesAtScale(params: readonly { name: string; shape: readonly number[] }[], truths: readonly EntryTruths[], gradients: readonly FloatGradient[]): string | null {
  for (const [k, p] of params.entries()) {
    const { hi, lo, error } = truths[k];
    const { after, before, tolerance } = gradients[k];
    // Stryker disable next-line EqualityOperator: entry hi.length is undefined, its difference NaN, and NaN > tolerance is false
    for (let i = 0; i < hi.length; i++) {
      // Stryker disable next-line ArithmeticOperator: TwoSum's remainder compensates: added + addedRest is after − before either way
      const added = after[i] - before[i];
      const addedRest = sumError(after[i], -before[i], added);
      // Stryker disable next-line ArithmeticOperator: as above, lead + leadRest is added − hi either way
      const lead = added - hi[i];
      const leadRest = sumError(added, -hi[i], lead);
      const rest = leadRest + addedRest - lo[i];
      const difference = Math.abs(lead + rest);
      // Stryker disable next-line ArithmeticOperator: terms below u of the entry; a sign among them moves the allowance by under 4u² of it
      const remainders = Math.abs(leadRest) + Math.abs(addedRest) + Math.abs(lo[i]);
      const uncertainty = 2 * UNIT_ROUNDOFF * (remainders + difference) + error[i];
      if (difference - uncertainty > tolerance[i]) {
        return entryMismatch(p, i, added, hi[i] + lo[i], difference, `rounding allows ${Number(tolerance[i]).toPrecision(3)}`);
      }
    }
  }
  return null;
}

/** An exact gradient (the exam's part b run in exact arithmetic) against the truths: it may differ only by their own stated error. */
export function checkExactEntries(params: readonly { name: string; shape: readonly number[] }[], truths: readonly EntryTruths[], added: readonly Dyadic[][]): string | null {
  for (const [k, p] of params.entries()) {
    const { hi, lo, error } = truths[k];
    for (let i = 0; i < hi.length; i++) {
      const difference = Math.abs(exactDiff(added[k][i], dyadic.add(dyadicOf(hi[i]), dyadicOf(lo[i]))));
      // the exact difference rounded once to float64: rounding is monotone and error[i] is a double, so
      // this holds only when the exact difference exceeds error[i] (it may miss one within half an ulp of it)
      if (difference > error[i]) {
        return entryMismatch(p, i, dyadicToNumber(added[k][i]), hi[i] + lo[i], difference, `its computation allows ${error[i].toPrecision(3)}`);
      }
    }
  }
  return null;
}
