// Problem 8, right: E[μ_j] = α·1/2 + (1 − α)·1 = 1 − α/2.
export const scale = (alpha: number): number => 1 - alpha / 2;
