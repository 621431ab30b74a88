// Problem 8, right: inverted dropout. Training divides the masked pre-activation by its mean mask
// value E[μ] = 1 − α/2, so at test time the weights are used as they are (scale 1).
export const dropout = (alpha: number) => ({ train: 1 / (1 - alpha / 2), test: 1 });
