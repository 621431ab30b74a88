/** Claim files the gradient check's tests share. */

/** A one-axis gradient claim (x[i] → y[i], i over 1..I, I ≤ 2): FORWARD and BACKWARD one statement each, over i. */
export const scalarGradientClaim = (forward: string, backward: string): string => `
size I in 1..2
index i in 1..I
tensor x[i], y[i]
program forward
  for i: ${forward}
program backward
  for i: ${backward}
claim c: gradient backward of forward
`;
