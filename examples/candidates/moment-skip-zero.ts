// Problem 3, refuted: s updated only when the gradient is non-zero ("lazy" Adam). It then
// averages g² over the updates with g ≠ 0, E[g² | g ≠ 0] = E[g²]/P(g ≠ 0), not E[g²].
export function secondMoment(s: number, g: number, eps: number, b: number): number {
  if (g === 0) return s;
  const beta2 = Math.max(0, 1 - (b * eps) / 20);
  return beta2 * s + (1 - beta2) * g * g;
}
