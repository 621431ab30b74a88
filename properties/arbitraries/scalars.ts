import fc from 'fast-check';
import { uniformStream } from '../../oracles/prng.ts';

/**
 * Real numbers as float64 values: small integers most often, then short dyadic fractions, then
 * full 53-bit mantissas from 2^-60 to 2^113 (tiny and large, never denormal, so products of three
 * never underflow or overflow). Shrinks toward the small integers 0, 1, -1, 2, ...: a shrunk
 * counterexample reads at a glance.
 */
export const scalar: fc.Arbitrary<number> = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.integer({ min: -4, max: 4 }), weight: 4 },
  {
    arbitrary: fc.tuple(fc.integer({ min: -255, max: 255 }), fc.integer({ min: -8, max: 8 })).map(([m, e]) => m * 2 ** e),
    weight: 3,
  },
  {
    arbitrary: fc
      .tuple(fc.integer({ min: -(2 ** 53 - 1), max: 2 ** 53 - 1 }), fc.integer({ min: -60, max: 60 }))
      .map(([m, e]) => m * 2 ** e),
    weight: 2,
  },
);

/**
 * Values that need not shrink, such as the
 * direction of a gradient check: drawn from a fast-check seed, so a replay reproduces them.
 */
export function seededDyadics(seed: number, count: number): Float64Array {
  const next = uniformStream(seed);
  const draws = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const u = Math.floor(next() * 32); // 0..31
    draws[k] = (u < 16 ? u - 16 : u - 15) / 16; // ±1/16 … ±1, never 0
  }
  return draws;
}
