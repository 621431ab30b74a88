/**
 * Hoeffding's inequality (Hoeffding 1963, Theorem 2): the mean of n independent draws, each in an
 * interval of width `range`, is farther than t from its expectation with probability at most
 * 2·exp(−2nt²/range²). `hoeffding` returns the t that makes that exactly `falseAlarm`:
 * t = range·√(ln(2/falseAlarm)/(2n)). A sampled check that allows t therefore fails a correct
 * answer by chance with probability at most `falseAlarm` (its false-alarm probability); a check
 * of two quantities at once gives each falseAlarm/2 (the union bound).
 */
export const hoeffding = (n: number, falseAlarm: number, range = 1): number => range * Math.sqrt(Math.log(2 / falseAlarm) / (2 * n));

/** An interval [lo, hi] of reals, in float64 (the ends rounded outward where computed). */
export type Enclosure = readonly [number, number];

/** The next double below (above) x: an end rounded outward by one unit in the last place or more. */
export const down = (x: number): number => (Number.isFinite(x) ? x - Math.max(Math.abs(x) * 2 ** -52, Number.MIN_VALUE) : x);
export const up = (x: number): number => (Number.isFinite(x) ? x + Math.max(Math.abs(x) * 2 ** -52, Number.MIN_VALUE) : x);

/**
 * The project's one sampled expectation: a confidence interval for E[f] from n independent draws.
 * `at(k)` encloses f at the k-th draw (an interval: the draw's value computed in interval
 * arithmetic, so rounding is inside it), and `range` encloses every value f can take (Hoeffding
 * needs a bounded f: a range with an infinite end is refused by the caller). The sample mean of
 * the enclosures, widened by Hoeffding's t = (hi − lo)·√(ln(2/falseAlarm)/(2n)) and rounded outward,
 * contains E[f] except with probability at most `falseAlarm` (over the draws).
 */
export function sampledMean(n: number, falseAlarm: number, range: Enclosure, at: (k: number) => Enclosure): { mean: Enclosure; t: number } {
  if (!(Number.isFinite(range[0]) && Number.isFinite(range[1]))) throw new RangeError('a sampled mean needs a bounded range');
  let [lo, hi] = [0, 0];
  for (let k = 0; k < n; k++) {
    const [a, b] = at(k);
    [lo, hi] = [down(lo + a), up(hi + b)];
  }
  const t = up(hoeffding(n, falseAlarm, range[1] - range[0]) * (1 + 2 ** -40));
  return { mean: [down(down(lo / n) - t), up(up(hi / n) + t)], t };
}
