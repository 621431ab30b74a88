/** The capability check: each instance has exactly the levels of the tower it claims. */
import { describe, expect, it } from 'vitest';
import { complex } from './complex.ts';
import { decimal } from './decimal.ts';
import { dyadic } from './dyadic.ts';
import { errorBound, float64WithError } from './error-bound.ts';
import { float64 } from './float64.ts';
import { rational, surd } from './rational.ts';
import { has, type Ring } from './tower.ts';

describe('has', () => {
  it('rings have no division, fields no exp, analytic fields everything', () => {
    expect(([dyadic, errorBound] as Ring<unknown>[]).map((N) => [has(N, 'mul'), has(N, 'div')])).toEqual([[true, false], [true, false]]);
    expect(([rational, surd, float64WithError] as Ring<unknown>[]).map((N) => [has(N, 'div'), has(N, 'exp')])).toEqual([[true, false], [true, false], [true, false]]);
    expect(([float64, decimal(), complex] as Ring<unknown>[]).map((N) => has(N, 'softplus') && has(N, 'sqrt'))).toEqual([true, true, true]);
    // surd's square root is its own, beyond Field
    expect([has(surd, 'sqrt'), has(rational, 'sqrt')]).toEqual([true, false]);
  });
});
