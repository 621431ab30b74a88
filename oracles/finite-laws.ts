/**
 * Finite laws at a point of a derivation (exams/README.md, "Laws and information"): a table's
 * outcomes, its values and probabilities computed exactly from the point's reals; or any law on
 * 1..n (joint: on 1..m × 1..n), drawn afresh at each point with small rational probabilities,
 * zeros included, so a claim stated for every law is checked over many and a failure shrinks to
 * the fewest outcomes with the simplest probabilities (the draws' choices shrink toward 0: a
 * range toward its least value, a weight toward 0, every weight 0 the point mass on the first outcome).
 */
import type Fraction from 'fraction.js';
import { q, ZERO } from './discrete.ts';
import { NotationError, type Expr, type FiniteLaw } from './notation/index.ts';

/** The weights of any law's outcomes are drawn from 0 … ANY_WEIGHTS − 1: probabilities w/Σw, denominators at most 4 × the outcomes. */
export const ANY_WEIGHTS = 5;

/** One outcome of a finite law: a value per variable, and its probability (nonzero). */
export interface FiniteOutcome {
  readonly values: readonly Fraction[];
  readonly p: Fraction;
}

/**
 * The outcomes of `law` at a point, those of probability 0 left out. `exact` gives an expression's
 * value there, a rational (it throws where it has none: the point is skipped); `pick(n)` draws one
 * of 0 … n − 1; `largest` is each range's largest extent (bounds.ts), whose cells are all drawn. A table whose probabilities are negative or do not sum to 1 at the point is the
 * file's error (NotationError `file:line`).
 */
export function finiteOutcomes(law: FiniteLaw, exact: (e: Expr) => Fraction, pick: (n: number) => number, file: string, largest: readonly number[] = []): FiniteOutcome[] {
  if (law.kind === 'table') {
    const outcomes = law.outcomes.map((o) => ({ values: o.values.map(exact), p: exact(o.p), text: o.p.text }));
    const negative = outcomes.find((o) => o.p.compare(0) < 0);
    if (negative) throw new NotationError(`${file}:${law.line}: the probability ${negative.text} is ${negative.p.toFraction()} here: a probability is at least 0`);
    const total = outcomes.reduce((s, o) => s.add(o.p), ZERO);
    if (!total.equals(1)) throw new NotationError(`${file}:${law.line}: the table's probabilities sum to ${total.toFraction()} here, not 1`);
    return outcomes.filter((o) => !o.p.equals(0)).map(({ values, p }) => ({ values, p }));
  }
  const extents = law.ranges.map((r) => {
    const n = exact(r);
    if (n.d !== 1n || n.compare(1) < 0) throw new NotationError(`${file}:${law.line}: the range 1..${r.text} is 1..${n.toFraction()} here: a finite set needs a whole number of at least 1`);
    return Number(n.valueOf());
  });
  // a weight for every cell of the largest sets the ranges allow, drawn whatever the extents here: a
  // smaller extent then keeps the weights of the cells it keeps, so a witness shrinks to fewer outcomes one range at a time
  const grid = extents.map((n, k) => Math.max(n, largest[k] ?? n));
  const cells = tuples(grid);
  const drawn = cells.map(() => pick(ANY_WEIGHTS));
  const weights = cells.map((c, k) => (c.every((v, a) => v <= extents[a]) ? drawn[k] : 0));
  if (!weights.some((w) => w > 0)) weights[0] = 1;
  const total = weights.reduce((s, w) => s + w, 0);
  return cells.flatMap((c, k) => (weights[k] === 0 ? [] : [{ values: c.map((v) => q(v)), p: q(weights[k]).div(total) }]));
}

/** Every tuple of 1..n₁ × 1..n₂ × …, the last coordinate fastest. */
const tuples = (extents: readonly number[]): number[][] => extents.reduce<number[][]>((ts, n) => ts.flatMap((t) => Array.from({ length: n }, (_, k) => [...t, k + 1])), [[]]);

/** A law for a person: `{0: 1/2, 1: 1/2}`, joint `{(1, 2): 1/3, (2, 1): 2/3}`. */
export const showFinite = (outcomes: readonly FiniteOutcome[]): string =>
  `{${outcomes.map((o) => `${o.values.length === 1 ? o.values[0].toFraction() : `(${o.values.map((v) => v.toFraction()).join(', ')})`}: ${o.p.toFraction()}`).join(', ')}}`;

