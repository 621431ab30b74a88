// Problem 8, wrong: ordinary dropout's keep probability 1 − α, as if masked entries were 0.
export const scale = (alpha: number): number => 1 - alpha;
