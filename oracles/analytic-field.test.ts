/** The float64 analytic field's softplus, on both of its branches, against log(1 + e^a) to 40 digits (Python's decimal). */
import { describe, expect, it } from 'vitest';
import { real } from './analytic-field.ts';

describe('real softplus', () => {
  it.each([
    [2, 2.126928011042972496443726806358304431434],
    [0.5, 0.9740769841801066808729973550811707497557],
    [-3, 0.04858735157374205875892591985468999794217],
  ])('softplus(%d) = log(1 + e^a) to a few ulps', (a, expected) => {
    expect(Math.abs(real.softplus(a) - expected)).toBeLessThanOrEqual(4 * 2 ** -53 * expected);
  });
});
