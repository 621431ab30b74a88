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
import { float64WithError } from './numbers/error-bound.ts';
import { uint32Stream } from './prng.ts';

export type Reading = 'input' | 'parameter';

/**
 * W and x as integers: each value times D, the common denominator of all of them (so a product
 * W_ij·x_j is an integer over D²). A large case repeats a few values many times: each distinct
 * denominator and each value object is worked on once.
 */
function integerScale(W: readonly (readonly Fraction[])[], x: readonly Fraction[]): { D: bigint; scaled: (v: Fraction) => bigint } {
  const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));
  const denominators = new Set<bigint>();
  for (const row of [...W, x]) for (const v of row) denominators.add(v.d);
  const D = [...denominators].reduce((l, d) => (l * d) / gcd(l, d), 1n);
  const held = new Map<Fraction, bigint>();
  return {
    D,
    scaled: (v) => {
      let k = held.get(v);
      if (k === undefined) held.set(v, (k = (v.s * v.n * D) / v.d));
      return k;
    },
  };
}

/**
 * E[f(Σ_j W_ij μ_· x_j)] for every row i, exactly; without f, E[Σ_j W_ij μ_· x_j]. Under either
 * reading row i reads n mask entries with the same joint law (its own μ_i·, or the shared μ_·),
 * so one enumeration of all 2^n masks serves both; the readings differ only in how rows are
 * correlated, which no per-row expectation sees. In integers: with α = a/b and W, x scaled by D
 * (integerScale), a mask with h inputs halved has probability P/b^n, P = a^h (b − a)^(n−h), and
 * pre-activation Z/(2D²), Z = Σ_j c_j·(2 − [j halved]), c_j = W_ij x_j D²: Z is built mask by mask
 * (each mask's from the one without its top input). Masks of probability 0 are never evaluated.
 */
export function exactExpectation(alpha: Fraction, W: readonly (readonly Fraction[])[], x: readonly Fraction[], f?: (z: Fraction) => Fraction): Fraction[] {
  const n = x.length;
  const [a, b] = [alpha.n, alpha.d];
  const P = Array.from({ length: n + 1 }, (_, h) => a ** BigInt(h) * (b - a) ** BigInt(n - h));
  const popcount = (m: number): number => (m === 0 ? 0 : (m & 1) + popcount(m >> 1));
  const masks = Array.from({ length: 2 ** n }, (_, halved) => ({ halved, p: P[popcount(halved)] })).filter((m) => m.p !== 0n);
  const { D, scaled } = integerScale(W, x);
  const xi = x.map(scaled);
  const unit = 2n * D * D;
  return W.map((row) => {
    const c = row.map((w, j) => scaled(w) * xi[j]);
    const whole = 2n * c.reduce((s, cj) => s + cj, 0n);
    const halvedSum = [0n];
    for (let mask = 1; mask < 2 ** n; mask++) halvedSum.push(halvedSum[mask ^ (1 << (31 - Math.clz32(mask)))] + c[31 - Math.clz32(mask)]);
    if (!f) return new Fraction(masks.reduce((e, { halved, p }) => e + p * (whole - halvedSum[halved]), 0n), b ** BigInt(n) * unit);
    return masks.reduce((e, { halved, p }) => e.add(new Fraction(p).mul(f(new Fraction(whole - halvedSum[halved], unit)))), new Fraction(0)).div(new Fraction(b ** BigInt(n)));
  });
}

/** A false alarm (the true mean outside the interval) has probability at most this, per row. */
export const FALSE_ALARM_PER_ROW = 1e-14;

/** The float64 CDF of a binomial law, each value with a rigorous bound on its distance from the exact one. */
interface BinomialTable {
  /** F̂(k) ∓ its error bound, for k = 0 … last (a prefix: past it the tail is below 2^-900). */
  readonly low: Float64Array;
  readonly high: Float64Array;
}

const tables = new Map<string, BinomialTable>();
/** Tables kept: one per (α, samples) met; a run meets a few hundred. */
const TABLES_KEPT = 1024;

/**
 * F(k) = P(K ≤ k) for K ~ Binomial(n, a/b), a/b ≤ 1/2, n ≤ CHUNK, in float64 with its running error
 * bound (oracles/numbers/error-bound.ts): pmf(0) = (1 − a/b)^n ≥ 2^-n, then
 * pmf(k+1) = pmf(k)·(n−k)/(k+1)·a/(b−a), until past the mode a term falls below 2^-900 (each factor
 * is at least 1/(n·2^32), so no term leaves float64's normal range).
 */
function binomialTable(a: number, b: number, n: number): BinomialTable {
  const key = `${a}/${b}/${n}`;
  let table = tables.get(key);
  if (table) return table;
  const F = float64WithError;
  const ratio = F.div(F.fromRational(new Fraction(a, b)), F.fromRational(new Fraction(b - a, b)));
  const keep = F.fromRational(new Fraction(b - a, b));
  // (1 − a/b)^n by repeated squaring, each product with its bound as one by one, in 2·log₂ n of them
  // (no power past the n-th is formed: (1 − a/b)^(2n) may leave the normal range)
  let pmf = F.one;
  for (let power = keep, k = n; ; ) {
    if (k & 1) pmf = F.mul(pmf, power);
    k >>= 1;
    if (k === 0) break;
    power = F.mul(power, power);
  }
  const low: number[] = [];
  const high: number[] = [];
  let cdf = pmf;
  for (let k = 0; ; k++) {
    low.push(cdf.value - cdf.error);
    high.push(cdf.value + cdf.error);
    if (k === n || (k > n * (a / b) && pmf.value < 2 ** -900)) break;
    pmf = F.mul(F.mul(pmf, F.div(F.fromNumber(n - k), F.fromNumber(k + 1))), ratio);
    cdf = F.add(cdf, pmf);
  }
  table = { low: Float64Array.from(low), high: Float64Array.from(high) };
  if (tables.size >= TABLES_KEPT) tables.clear();
  tables.set(key, table);
  return table;
}

/**
 * K ~ Binomial(n, a/b) exactly (0 < a/b ≤ 1/2, integers), by inversion: K = min{k : V < F(k)} for
 * V uniform on [0, 1). V's first 53 bits U come from two draws, so V ∈ [U, U + 2^-53); where the
 * table's bounds put that interval strictly between F(k−1) and F(k), K = k. Otherwise (V within
 * about n·2^-43 of a boundary: once in 10^10 draws) the CDF is computed exactly in integers and V
 * is refined 32 bits at a time until the interval lies between two exact boundaries.
 */
export function binomialByInversion(a: number, b: number, n: number, next: () => number): number {
  // (1 − a/b)^n ≥ 2^-n must stay a normal double: more trials are drawn as a sum of independent chunks
  let k = 0;
  for (let done = 0; done < n; done += CHUNK) k += chunkByInversion(a, b, Math.min(CHUNK, n - done), next);
  return k;
}

/** Trials per inverted chunk: 2^-CHUNK is a normal double. */
const CHUNK = 1000;

function chunkByInversion(a: number, b: number, n: number, next: () => number): number {
  const { low, high } = binomialTable(a, b, n);
  const u = (next() * 2 ** 21 + (next() >>> 11)) * 2 ** -53;
  // the first k whose F(k) is surely above V
  let lo = 0;
  let hi = low.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (low[mid] >= u + 2 ** -53) hi = mid;
    else lo = mid + 1;
  }
  if (lo < low.length && (lo === 0 || high[lo - 1] <= u)) return lo;
  return exactInversion(a, b, n, u, next);
}

/** binomialByInversion's exact path: V ∈ [u, u + 2^-53) refined until one k is certain. */
function exactInversion(a: number, b: number, n: number, u: number, next: () => number): number {
  // F(k)·b^n = Σ_{i≤k} C(n,i) a^i (b−a)^(n−i), term by term
  const [A, B, N] = [BigInt(a), BigInt(b), BigInt(n)];
  const cdf: bigint[] = [];
  let term = (B - A) ** N;
  let sum = 0n;
  for (let i = 0n; i <= N; i++) {
    sum += term;
    cdf.push(sum);
    term = (term * (N - i) * A) / ((i + 1n) * (B - A));
  }
  // V ∈ [start, start + width) / (b^n · 2^bits), all integers
  const scale = B ** N;
  let bits = 53n;
  let start = BigInt(u * 2 ** 53);
  for (;;) {
    // the first k with F(k) > V's lower end (F(k−1) ≤ it, by minimality)
    const k = cdf.findIndex((c) => c << bits > start * scale);
    if ((start + 1n) * scale <= cdf[k] << bits) return k;
    start = (start << 32n) + BigInt(next());
    bits += 32n;
  }
}

/**
 * An interval [mean − h, mean + h] (mean exact) holding E[Σ_j W_ij μ x_j] for each row with
 * probability ≥ 1 − FALSE_ALARM_PER_ROW, from `samples` masks drawn under `reading`. Each sample lies
 * in an interval of width R = Σ_j |W_ij x_j|/2, so by Hoeffding P(|mean − E| ≥ h) ≤
 * 2exp(−2·samples·h²/R²): h = R·√(ln(2/δ)/(2·samples)), widened by 2^-40 for its own rounding.
 * The sums are exact: W and x are scaled by the common denominator D to integers c_ij = W_ij·x_j·D²,
 * and a row's sum over the samples, in units of 1/(2D²), is Σ_j c_ij·(2·samples − halved_ij), where
 * halved_ij counts the samples whose entry for (i, j) is 1/2 (shared across rows under 'input').
 * The sum depends on the masks only through these counts, and each count is the number of
 * `samples` independent entries that are 1/2, so it is drawn as what it is: Binomial(samples, α),
 * independently per entry (binomialByInversion, exact), not entry by entry.
 */
export function sampledExpectation(
  alpha: Fraction,
  W: readonly (readonly Fraction[])[],
  x: readonly Fraction[],
  reading: Reading,
  seed: number,
  samples: number,
): { mean: Fraction; h: Fraction }[] {
  const { D, scaled } = integerScale(W, x);
  const xi = x.map(scaled);
  const c = W.map((row) => row.map((w, j) => scaled(w) * xi[j]));
  const next = uint32Stream(seed);
  const [a, b] = [Number(alpha.n), Number(alpha.d)];
  const n = x.length;
  // halved_ij in row-major order; under 'input' one count per j, which every row reads. Where α > 1/2
  // the entries that stay 1 are counted (Binomial(samples, 1 − α)), so the table's law is at most 1/2
  const counts = Array.from({ length: reading === 'input' ? n : W.length * n }, () =>
    a === 0 ? 0 : a === b ? samples : 2 * a > b ? samples - binomialByInversion(b - a, b, samples, next) : binomialByInversion(a, b, samples, next),
  );
  const unit = new Fraction(1n, 2n * D * D * BigInt(samples));
  const z = hoeffding(samples, FALSE_ALARM_PER_ROW) * (1 + 2 ** -40);
  // each |c_ij·(2·samples − halved_ij)| ≤ max|c|·2·samples, so a row's partial sums are below 2^53
  // where max|c|·2·samples·n is: then they are added in float64 integers, exactly (a BigInt per
  // term and entry otherwise: a large case has 2·16·maxDim² of them per reading)
  let largest = 0n;
  for (const row of c) for (const cij of row) if ((cij < 0n ? -cij : cij) > largest) largest = cij < 0n ? -cij : cij;
  const inFloat64 = largest * BigInt(2 * samples * n) < 2n ** 53n;
  const twice = 2n * BigInt(samples);
  return c.map((row, i) => {
    const base = reading === 'input' ? 0 : i * n;
    let sum: bigint;
    let range: bigint;
    if (inFloat64) {
      let [s, r] = [0, 0];
      for (let j = 0; j < n; j++) {
        const cij = Number(row[j]);
        s += cij * (2 * samples - counts[base + j]);
        r += Math.abs(cij);
      }
      [sum, range] = [BigInt(s), BigInt(r)];
    } else {
      sum = row.reduce((s, cij, j) => s + cij * (twice - BigInt(counts[base + j])), 0n);
      range = row.reduce((r, cij) => r + (cij < 0n ? -cij : cij), 0n);
    }
    return { mean: unit.mul(new Fraction(sum)), h: new Fraction(range, 2n * D * D).mul(exactOf(z)) };
  });
}
