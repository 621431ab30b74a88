import { Decimal } from 'decimal.js';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { q } from './discrete.ts';
import { binomialByInversion, exactExpectation, sampledExpectation, type Reading } from './half-dropout.ts';
import { uint32Stream } from './prng.ts';

const matrix = (rows: readonly (readonly number[])[]) => rows.map((row) => row.map(q));

describe('exactExpectation', () => {
  it('without f it is E[z] itself: α = 1/3, W = (2, 3), x = (1, −1) gives (2 − 3)(1 − 1/6); α = 1 halves every entry', () => {
    expect(exactExpectation(q('1/3'), matrix([[2, 3]]), [q(1), q(-1)]).map((e) => e.toFraction())).toEqual(['-5/6']);
    expect(exactExpectation(q(1), matrix([[2, 3], [1, 0]]), [q('1/2'), q(1)]).map((e) => e.toFraction())).toEqual(['2', '1/4']);
  });
  it.each([
    ['1/2', [[2]], [3], (z: Fraction) => z, ['9/2']], // E[μ] = 3/4, times 2·3
    ['1/3', [[1, 1]], [1, 1], (z: Fraction) => z.mul(z), ['26/9']], // E[(μ1 + μ2)²] = Var + mean² = 2·(1/3·2/3·(1/2)²) + (5/3)² = 1/9 + 25/9
    // α = 0: masks with an entry 1/2 have probability 0 and are never evaluated, although 1/z is undefined on [1, 1/2]
    ['0', [[1, -2]], [1, 1], (z: Fraction) => q(1).div(z), ['-1']],
  ])('α = %s, W = %j, x = %j', (alpha, W, x, f, expected) => {
    expect(exactExpectation(q(alpha), matrix(W), x.map(q), f).map((e) => e.toFraction())).toEqual(expected);
  });
});

describe('sampledExpectation', () => {
  // The raw 32-bit draws the counts are made of (mulberry32, oracles/prng.ts).
  const draws = (seed: number, k: number) => Array.from({ length: k }, uint32Stream(seed));
  const means = (alpha: string, W: number[][], reading: Reading, seed: number, samples: number) =>
    sampledExpectation(q(alpha), matrix(W), [q(1)], reading, seed, samples).map((r) => r.mean.toFraction());

  it('reads its draws as described: a count is Binomial(samples, α) by inversion of two draws, V < F(0) giving 0', () => {
    // α = 1/2, one sample: the count is 0 (entry 1, mean 1) when the first draw of the pair is below 2^31, else 1 (mean 1/2)
    const mean = (u: number) => (u < 2 ** 31 ? '1' : '1/2');
    const [u1, , u2] = draws(0, 3);
    expect(means('1/2', [[1], [1]], 'input', 0, 1)).toEqual([mean(u1), mean(u1)]);
    expect(means('1/2', [[1], [1]], 'parameter', 0, 1)).toEqual([mean(u1), mean(u2)]);
  });

  it('α = 0 and α = 1 draw nothing; α > 1/2 counts the entries that stay 1', () => {
    expect(means('0', [[3]], 'parameter', 0, 5)).toEqual(['3']);
    expect(means('1', [[3]], 'parameter', 0, 5)).toEqual(['3/2']);
    // E[μ] = 1 − α/2 = 2/3 at α = 2/3; counting the halved entries as Binomial(n, 1/3) would centre on 5/6
    const [{ mean, h }] = sampledExpectation(q('2/3'), matrix([[1]]), [q(1)], 'parameter', 3, 3000);
    expect(mean.sub(q('2/3')).abs().compare(h)).toBeLessThanOrEqual(0);
  });

  const scripted = (values: number[]) => {
    const next = () => values.shift()!;
    return { next, left: () => values.length };
  };
  it('a V that the float64 table cannot place is placed exactly, with more bits where needed', () => {
    // α = 1/2, n = 1: F(0) = 1/2 exactly. U = (2^52 − 1)/2^53 puts V just below it; U = 1/2 puts V at it (K = 1)
    expect(binomialByInversion(1, 2, 1, scripted([0x7fffffff, 0xffffffff]).next)).toBe(0);
    expect(binomialByInversion(1, 2, 1, scripted([0x80000000, 0]).next)).toBe(1);
    // α = 1/3, n = 2: F(0) = 4/9 lies inside V's first 53 bits; 32 more decide: all zeros below it, all ones above
    const m = (4n << 53n) / 9n;
    const pair = [Number(m >> 21n), Number((m & 0x1fffffn) << 11n)];
    const below = scripted([...pair, 0, 7]);
    expect(binomialByInversion(1, 3, 2, below.next)).toBe(0);
    expect(below.left()).toBe(1);
    expect(binomialByInversion(1, 3, 2, scripted([...pair, 0xffffffff]).next)).toBe(1);
  });

  it('its counts have the binomial mean, in one chunk and in several', () => {
    const next = uint32Stream(5);
    const mean = (n: number, k: number) => Array.from({ length: k }, () => binomialByInversion(1, 3, n, next)).reduce((s, c) => s + c, 0) / k;
    // Binomial(10, 1/3): mean 10/3, standard deviation of a mean of 2000 draws √(20/9/2000) ≈ 0.033
    expect(Math.abs(mean(10, 2000) - 10 / 3)).toBeLessThan(5 * 0.034);
    // 2500 trials: three chunks; mean 2500/3, standard deviation of a mean of 40 √(5000/9/40) ≈ 3.7
    expect(Math.abs(mean(2500, 40) - 2500 / 3)).toBeLessThan(5 * 3.8);
  });

  it('sums exactly past 2^53, where float64 would round', () => {
    // α = 0: every mask entry is 1, so the mean is Σ_j W_ij x_j exactly, here 2^53 + 1 (not a double)
    expect(sampledExpectation(q(0), matrix([[2 ** 53, 1]]), [q(1), q(1)], 'parameter', 0, 3).map((r) => r.mean.toFraction())).toEqual(['9007199254740993']);
  });

  it('sums in float64 integers where they stay below 2^53, and in BigInt past it, to one result: W times 2^40 has the mean times 2^40', () => {
    const mean = (k: number, reading: Reading) => sampledExpectation(q('1/3'), matrix([[3 * k, -k, 5 * k]]), [q(1), q(2), q('-1/2')], reading, 7, 1000)[0].mean;
    for (const reading of ['input', 'parameter'] as const) expect(mean(2 ** 40, reading).equals(mean(1, reading).mul(2 ** 40))).toBe(true);
  });
  it('h is at least the Hoeffding half-width R·√(ln(2/δ)/(2n)), and not much more', () => {
    // n = 8 is a sample count where float64's √(ln(2/δ)/(2n)) rounds below the true value: only the widening covers it
    const n = 8;
    const D = Decimal.clone({ precision: 50 });
    const [{ h }] = sampledExpectation(q('1/2'), matrix([[3, -1]]), [q(1), q(2)], 'parameter', 0, n);
    const R = new D(5).div(2); // (|3·1| + |−1·2|)/2
    const hoeffding = R.times(new D(2e14).ln().div(2 * n).sqrt());
    const got = new D(h.n.toString()).div(h.d.toString());
    expect(got.gte(hoeffding)).toBe(true);
    expect(got.lte(hoeffding.times(1 + 2 ** -30))).toBe(true);
  });
});
