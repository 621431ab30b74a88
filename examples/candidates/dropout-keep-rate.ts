// Problem 8, refuted: inverted dropout with ordinary dropout's keep rate 1 − α. Half dropout's
// masked entries are halved, not zeroed, so the mean mask value is 1 − α/2, not 1 − α.
export const dropout = (alpha: number) => ({ train: 1 / (1 - alpha), test: 1 });
