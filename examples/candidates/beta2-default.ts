// Problem 3, refuted: Adam's default β₂ = 0.999 whatever ε, too short a memory for rare gradients.
export const beta2 = (_eps: number, _b: number): number => 0.999;
