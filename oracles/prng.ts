/**
 * mulberry32: a small, fast, seeded generator of uniform numbers in [0, 1). Oracles and
 * measurements draw from it with a seed fast-check gives them, so a replay draws the same
 * numbers (Math.random would break that).
 */
export function uniformStream(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}
