import { Decimal } from 'decimal.js';
import Fraction from 'fraction.js';
import { describe, expect, it } from 'vitest';
import { q } from './discrete.ts';
import { exactExpectation, sampledExpectation, type Reading } from './half-dropout.ts';
import { uint32Stream } from './prng.ts';

const matrix = (rows: readonly (readonly number[])[]) => rows.map((row) => row.map(q));

describe('exactExpectation', () => {
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
  // The raw 32-bit draws the masks are made of (mulberry32, oracles/prng.ts).
  const draws = (seed: number, k: number) => Array.from({ length: k }, uint32Stream(seed));
  const means = (alpha: string, W: number[][], reading: Reading, seed: number, samples: number) =>
    sampledExpectation(q(alpha), matrix(W), [q(1)], reading, seed, samples).map((r) => r.mean.toFraction());

  it('reads its draws as described: seed 0 starts even then odd, seed 1 starts with 2693262067 then a smaller one', () => {
    expect(draws(0, 2).map((u) => u % 2)).toEqual([0, 1]);
    expect(draws(1, 2)).toEqual([2693262067, 11749833]);
  });

  it.each<[string, string, number[][], Reading, number, number, string[]]>([
    // α = 1/2: a draw u gives 1/2 when u is even; one sample with x = [1] gives mean μ
    ['input shares one mask entry across rows', '1/2', [[1], [1]], 'input', 0, 1, ['1/2', '1/2']],
    ['parameter draws one entry per row', '1/2', [[1], [1]], 'parameter', 0, 1, ['1/2', '1']],
    // α = 1/b with b = 2693262067: 2^32 = b + (2^32 − b), so [0, 2^32) holds one whole copy of [0, b) and draws
    // ≥ b are rejected. Seed 1's first draw is exactly b (would give u % b = 0 < 1: a 1/2), the second gives 1
    ['a draw of exactly the rejection limit is redrawn', '1/2693262067', [[1]], 'parameter', 1, 1, ['1']],
  ])('%s', (_, alpha, W, reading, seed, samples, expected) => {
    expect(means(alpha, W, reading, seed, samples)).toEqual(expected);
  });

  it('sums exactly past 2^53, where float64 would round', () => {
    // α = 0: every mask entry is 1, so the mean is Σ_j W_ij x_j exactly, here 2^53 + 1 (not a double)
    expect(sampledExpectation(q(0), matrix([[2 ** 53, 1]]), [q(1), q(1)], 'parameter', 0, 3).map((r) => r.mean.toFraction())).toEqual(['9007199254740993']);
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
