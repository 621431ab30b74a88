/**
 * Problem 8's oracle: expectations over the training masks of half dropout, each mask entry 1/2
 * with probability α and 1 with probability 1 − α, independently. Two readings of "a mask on the
 * parameters" indexed by input: one mask entry μ_j per input, shared by every row ('input'), or
 * one entry μ_ij per weight ('parameter'). Either exactly, by enumerating every mask in rationals,
 * or by sampling masks with a Hoeffding bound. Nothing here knows the answer's scale 1 − α/2.
 */
import Fraction from 'fraction.js';
import { exactOf } from './numbers/rational.ts';
import { hoeffding } from './hoeffding.ts';
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

/**
 * A draw that is halved (mask entry 1/2) with probability exactly a/b: u uniform in [0, b) by
 * rejection, halved when u < a. `u mod b` is u − b·⌊u/b⌋ (a float `%` is a slow runtime call):
 * exact, since for u < 2^32 the quotient's rounding error, under 2^-21/b, never crosses an integer.
 */
function halvedWithProbability(alpha: Fraction, next: () => number): () => boolean {
  const a = Number(alpha.n); // α ≥ 0: a probability
  const b = Number(alpha.d);
  const limit = 2 ** 32 - (2 ** 32 % b);
  return () => {
    let u: number;
    do u = next();
    while (u >= limit);
    return u - b * Math.floor(u / b) < a;
  };
}

/**
 * An interval [mean − h, mean + h] (mean exact) holding E[Σ_j W_ij μ x_j] for each row with
 * probability ≥ 1 − FALSE_ALARM_PER_ROW, from `samples` masks drawn under `reading`. Each sample lies
 * in an interval of width R = Σ_j |W_ij x_j|/2, so by Hoeffding P(|mean − E| ≥ h) ≤
 * 2exp(−2·samples·h²/R²): h = R·√(ln(2/δ)/(2·samples)), widened by 2^-40 for its own rounding.
 * The sums are exact: W and x are scaled by the common denominator D to integers c_ij = W_ij·x_j·D²,
 * and a row's sum over the samples, in units of 1/(2D²), is Σ_j c_ij·(2·samples − halved_ij), where
 * halved_ij counts the samples whose entry for (i, j) is 1/2 (shared across rows under 'input'):
 * the masks are drawn one by one in sample order, only what they sum to is kept.
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
  const scaled = (v: Fraction) => (v.s * v.n * D) / v.d;
  const xi = x.map(scaled);
  const c = W.map((row) => row.map((w, j) => scaled(w) * xi[j]));
  const halved = halvedWithProbability(alpha, uint32Stream(seed));
  const n = x.length;
  // halved_ij in row-major order; under 'input' only row 0's counts are drawn, and every row reads them
  const counts = new Float64Array(reading === 'input' ? n : W.length * n);
  for (let k = 0; k < samples; k++) {
    for (let m = 0; m < counts.length; m++) if (halved()) counts[m]++;
  }
  const unit = new Fraction(1n, 2n * D * D * BigInt(samples));
  const z = hoeffding(samples, FALSE_ALARM_PER_ROW) * (1 + 2 ** -40);
  const twice = 2n * BigInt(samples);
  return c.map((row, i) => {
    const base = reading === 'input' ? 0 : i * n;
    const sum = row.reduce((s, cij, j) => s + cij * (twice - BigInt(counts[base + j])), 0n);
    const range = row.reduce((r, cij) => r + (cij < 0n ? -cij : cij), 0n);
    return { mean: unit.mul(new Fraction(sum)), h: new Fraction(range, 2n * D * D).mul(exactOf(z)) };
  });
}
