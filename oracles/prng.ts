/**
 * mulberry32: a small, fast, seeded generator. Oracles and measurements draw from it with a seed
 * fast-check gives them, so a replay draws the same numbers (Math.random would break that).
 */

/** Uniform 32-bit unsigned integers. */
export function uint32Stream(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** Uniform numbers in [0, 1), on a grid of 2^-32. */
export function uniformStream(seed: number): () => number {
  const next = uint32Stream(seed);
  return () => next() / 2 ** 32;
}
