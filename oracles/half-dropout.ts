/**
 * Problem 8's oracle: expectations over the training masks of half dropout, each mask entry 1/2
 * with probability α and 1 with probability 1 − α, independently. Two readings of "a mask on the
 * parameters" indexed by input: one mask entry μ_j per input, shared by every row ('input'), or
 * one entry μ_ij per weight ('parameter'). Either exactly, by enumerating every mask in rationals,
 * or by sampling masks with a Hoeffding bound. Nothing here knows the answer's scale 1 − α/2.
 */
import Fraction from 'fraction.js';
import { exactOf } from './numbers/rational.ts';
import { uint32Stream } from './prng.ts';

export type Reading = 'input' | 'parameter';
const HALF = new Fraction(1, 2);
const ONE = new Fraction(1);

/** Row i's train-time pre-activation under the mask entries `mask` (row i's own, or the shared ones). */
const preactivation = (row: readonly Fraction[], x: readonly Fraction[], mask: readonly Fraction[]): Fraction =>
  row.reduce((s, w, j) => s.add(w.mul(mask[j]).mul(x[j])), new Fraction(0));

/** Every mask with one entry per input, with its probability: 2^n of them. */
function allMasks(alpha: Fraction, x: readonly Fraction[]): { mask: Fraction[]; p: Fraction }[] {
  const masks = x.reduce(
    (shorter) =>
      shorter.flatMap(({ mask, p }) => [
        { mask: [...mask, HALF], p: p.mul(alpha) },
        { mask: [...mask, ONE], p: p.mul(ONE.sub(alpha)) },
      ]),
    [{ mask: [] as Fraction[], p: ONE }],
  );
  return masks.filter((m) => !m.p.equals(0));
}

/**
 * E[f(Σ_j W_ij μ_· x_j)] for every row i, exactly. Under either reading row i reads n mask
 * entries with the same joint law (its own μ_i·, or the shared μ_·), so one enumeration of 2^n
 * masks serves both; the readings differ only in how rows are correlated, which no per-row
 * expectation sees (and 'input' enumerates the shared mask once for all rows).
 */
export function exactExpectation(alpha: Fraction, W: readonly (readonly Fraction[])[], x: readonly Fraction[], f: (z: Fraction) => Fraction): Fraction[] {
  const masks = allMasks(alpha, x);
  return W.map((row) => masks.reduce((e, { mask, p }) => e.add(p.mul(f(preactivation(row, x, mask)))), new Fraction(0)));
}

/** A false alarm (the true mean outside the interval) has probability at most this, per row. */
export const FALSE_ALARM_PER_ROW = 1e-14;

/** A draw that is 1/2 with probability exactly a/b: a uniform integer in [0, b) by rejection. */
function halfWithProbability(alpha: Fraction, next: () => number): () => number {
  const a = Number(alpha.n); // α ≥ 0: a probability
  const b = Number(alpha.d);
  const limit = 2 ** 32 - (2 ** 32 % b);
  return () => {
    let u: number;
    do u = next();
    while (u >= limit);
    return u % b < a ? 0.5 : 1;
  };
}

/**
 * An interval [mean − h, mean + h] (mean exact) holding E[Σ_j W_ij μ x_j] for each row with
 * probability ≥ 1 − FALSE_ALARM_PER_ROW, from `samples` masks drawn under `reading`. Each sample lies
 * in an interval of width R = Σ_j |W_ij x_j|/2, so by Hoeffding P(|mean − E| ≥ h) ≤
 * 2exp(−2·samples·h²/R²): h = R·√(ln(2/δ)/(2·samples)), widened by 2^-40 for its own rounding.
 * The sums are exact: W and x are scaled by the common denominator D to integers, a sample is an
 * integer times 1/(2D²), and the running sum must stay below 2^53 (checked).
 */
export function sampledExpectation(
  alpha: Fraction,
  W: readonly (readonly Fraction[])[],
  x: readonly Fraction[],
  reading: Reading,
  seed: number,
  samples: number,
): { mean: Fraction; h: Fraction }[] {
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
  const D = [...W.flat(), ...x].reduce((l, v) => (l * v.d) / gcd(l, v.d), 1n);
  const scaled = (v: Fraction) => Number((v.s * v.n * D) / v.d);
  const Wi = W.map((row) => row.map(scaled));
  const xi = x.map(scaled);
  const draw = halfWithProbability(alpha, uint32Stream(seed));
  const sums = W.map(() => 0);
  for (let k = 0; k < samples; k++) {
    // a mask entry is 1 (weight 2) or 1/2 (weight 1), in units of 1/2
    const shared = reading === 'input' ? xi.map(() => 2 * draw()) : null;
    Wi.forEach((row, i) => {
      const mask = shared ?? xi.map(() => 2 * draw());
      for (let j = 0; j < xi.length; j++) sums[i] += row[j] * mask[j] * xi[j];
    });
  }
  if (sums.some((s) => !(Math.abs(s) < 2 ** 53))) throw new Error('sampled sums too large to be exact in float64');
  const unit = new Fraction(1n, 2n * D * D * BigInt(samples));
  const z = Math.sqrt(Math.log(2 / FALSE_ALARM_PER_ROW) / (2 * samples)) * (1 + 2 ** -40);
  return W.map((row, i) => {
    const range = row.reduce((r, w, j) => r.add(w.mul(x[j]).abs()), new Fraction(0)).div(2);
    return { mean: unit.mul(sums[i]), h: range.mul(exactOf(z)) };
  });
}
