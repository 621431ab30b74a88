// Problem 3, right: the exam's moving average of g², with the corrected window's
// β₂ = max(0, 1 − bε/20).
export function secondMoment(s: number, g: number, eps: number, b: number): number {
  const beta2 = Math.max(0, 1 - (b * eps) / 20);
  return beta2 * s + (1 - beta2) * g * g;
}
