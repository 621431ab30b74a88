/**
 * Half-dropout cases for Problem 8: the mask law (α, a rational in [0, 1]), W and x (rationals,
 * up to maxDim rows and inputs), and how the oracle sees the masks: every mask, enumerated, or, for
 * W and x repeated 16·maxDim times, masks sampled from a seed.
 * Shrinks toward the enumerated case with one row, one input, α = 0 (then 1/2), W = x = 0 (then 1).
 */
import fc from 'fast-check';
import { q } from '../../oracles/discrete.ts';
import { rational } from './distributions.ts';

export interface HalfDropoutCase {
  alpha: string;
  W: string[][];
  x: string[];
  /** 'all': every mask, exactly; otherwise W and x repeated `repeat` times, `samples` masks drawn from the seed. */
  masks: 'all' | { repeat: number; samples: number; seed: number };
}

/** α = n/den ∈ [0, 1]: 0, 1/2, 1/3, 1, 7/10, 999/1000 … */
const alpha = fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.constantFrom(2, 3, 4, 10, 1000)).map(([n, den]) => q(Math.min(n, den)).div(den).toFraction());

const fill = (values: readonly string[], size: number) => Array.from({ length: size }, (_, i) => values[i % values.length]);

/** Masks drawn per example: the sampled check's power grows with it, its cost too. */
export const SAMPLES = 1000;

/**
 * One example in ten is large: its W and x repeated 16·maxDim times (64 in the default profile,
 * up to 16·maxDim² inputs), masks sampled. The choice is an integer that shrinks to 0, i.e. to the
 * same W and x enumerated, which fails whenever the large case does (its expectation is the small
 * one's times the repeat count, and the small one is checked exactly), so a failure found on a
 * large case still shrinks to a small one.
 */
export const halfDropoutCase = (maxDim: number): fc.Arbitrary<HalfDropoutCase> =>
  fc
    .record({
      // first, so that shrinking tries the small case before anything else
      repeat: fc.integer({ min: 0, max: 9 }).map((k) => (k < 9 ? 0 : 16 * maxDim)),
      alpha,
      rows: fc.integer({ min: 1, max: maxDim }),
      n: fc.integer({ min: 1, max: maxDim }),
      W: fc.array(rational, { minLength: 1, maxLength: maxDim * maxDim }),
      x: fc.array(rational, { minLength: 1, maxLength: maxDim }),
      seed: fc.noShrink(fc.integer()),
    })
    .map((r) => ({
      alpha: r.alpha,
      W: Array.from({ length: r.rows }, (_, i) => fill(r.W, r.rows * r.n).slice(i * r.n, (i + 1) * r.n)),
      x: fill(r.x, r.n),
      masks: r.repeat === 0 ? ('all' as const) : { repeat: r.repeat, samples: SAMPLES, seed: r.seed },
    }));
