// Problem 3, passes: average over k ≥ 20/(εb) batches (β₂ = 1 − 1/k), never less than one batch.
export const beta2 = (eps: number, b: number): number => Math.max(0, 1 - (b * eps) / 20);
