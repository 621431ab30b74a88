/** mulberry32 against its first outputs, worked out by a separate 32-bit re-implementation (Python, masking to 2^32). */
import { describe, expect, it } from 'vitest';
import { uint32Stream, uniformStream } from './prng.ts';

const first = (next: () => number, n: number) => Array.from({ length: n }, next);

describe('mulberry32', () => {
  it.each([
    [0, [1144304738, 1416247, 958946056, 627933444]],
    [42, [2581720956, 1925393290, 3661312704, 2876485805]],
    // a negative seed is read as its 32-bit pattern
    [-1, [3850105811, 813802916, 3073704848, 4054706436]],
  ])('seed %i draws its known first four integers', (seed, expected) => {
    expect(first(uint32Stream(seed), 4)).toEqual(expected);
  });

  it('draws uniforms as those integers over 2^32', () => {
    expect(first(uniformStream(0), 2)).toEqual([1144304738 / 2 ** 32, 1416247 / 2 ** 32]);
  });
});
