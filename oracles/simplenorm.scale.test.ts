/**
 * P1's gradient check at scale, 2^20 entries of L: the size the forward-mode truths and Dot2 are
 * for. Left out of mutation testing (under Stryker's instrumentation it takes minutes per mutant);
 * the small cases of the other tests kill the same checker's mutants.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backward, type SimpleNormCase } from '../properties/p1.ts';

describe('P1.backward at scale: 2^20 entries of L', () => {
  const n = 2 ** 20;
  const next = fc.sample(fc.double({ min: 1, max: 2, noNaN: true }), { numRuns: 2 * n + 64, seed: 1 });
  let at = 0;
  const take = (k: number) => next.slice(at, (at += k));
  // positive values: no cancellation in the sums over 65,536 entries per channel
  const x: SimpleNormCase = { shape: [n / 16, 1, 1, 16], L: take(n), A: take(16), B: take(16), outGrad: take(n), gradsBefore: { L: new Array(n).fill(0), A: take(16), B: take(16) }, directionSeed: 1 };

  it('passes the reference and refutes a relative 1e-12 in any one gradient', () => {
    expect(backward.check(backward.reference.answer, x)).toBeNull();
    for (const id of ['L-grad-1e-12', 'A-grad-1e-12', 'B-grad-1e-12']) {
      expect(backward.check(backward.wrongAnswers.find((w) => w.id === id)!.answer, x), id).toMatch(new RegExp(`^${id[0]}\\.grad\\[`));
    }
  });
});
