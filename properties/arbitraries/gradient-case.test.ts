/** The gradient example arbitrary: consistent shapes, nonzero gradsBefore, and shrinking that cuts sizes first. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GradientCase, GradientSignature } from '../../oracles/checks/gradient.ts';
import { PROFILES } from '../profile.ts';
import { gradientCase } from './gradient-case.ts';

const signature: GradientSignature = {
  sizes: [
    { name: 'B', lo: 1, hi: 8 },
    { name: 'J', lo: 2, hi: 3 },
  ],
  inputs: [
    { name: 's', axes: ['B', 'J'] },
    { name: 'W', axes: ['J', 'J'] },
  ],
  outputs: [{ name: 'p', axes: ['B', 'J'] }],
  checked: [{ name: 's', axes: ['B', 'J'] }],
};
const profile = PROFILES.default;
// made inside each test, so mutation testing sees it built
const arbitrary = () => gradientCase(signature, profile);

/** The shrunk counterexample of "fails" (which must fail somewhere). */
function shrunk(fails: (x: GradientCase) => boolean): GradientCase {
  const run = fc.check(fc.property(arbitrary(), (x) => !fails(x)));
  expect(run.failed).toBe(true);
  return run.counterexample![0];
}

describe('gradientCase', () => {
  it('draws each size in lo..min(hi, maxDim), tensors of the shapes the sizes give, gradsBefore never 0, dyadic values', () => {
    fc.assert(
      fc.property(arbitrary(), (x) => {
        expect(x.sizes.B).toBeGreaterThanOrEqual(1);
        expect(x.sizes.B).toBeLessThanOrEqual(profile.maxDim);
        expect([2, 3]).toContain(x.sizes.J);
        expect(x.values.s).toHaveLength(x.sizes.B * x.sizes.J);
        expect(x.values.W).toHaveLength(x.sizes.J ** 2);
        expect(x.outGrad.p).toHaveLength(x.sizes.B * x.sizes.J);
        expect(x.gradsBefore.s).toHaveLength(x.sizes.B * x.sizes.J);
        expect(x.gradsBefore.s.every((g) => g !== 0)).toBe(true);
        expect([...x.values.s, ...x.values.W, ...x.outGrad.p, ...x.gradsBefore.s].every((v) => Number.isInteger(v * 16) && Math.abs(v) <= 32)).toBe(true);
        expect(Number.isInteger(x.directionSeed)).toBe(true);
      }),
    );
    // both signs, and fractions, among the gradients before
    const before = fc.sample(arbitrary(), 200).flatMap((x) => x.gradsBefore.s);
    expect(before.some((g) => g < 0 && !Number.isInteger(g))).toBe(true);
  });

  it('shrinks sizes toward their least and values toward 0: "some s nonzero with B ≥ 2" ends at B = 2, J = 2, entries 0 and ±1', () => {
    const x = shrunk((x) => x.sizes.B >= 2 && x.values.s.some((v) => v !== 0));
    expect(x.sizes).toEqual({ B: 2, J: 2 });
    expect(x.values.s.every((v) => Math.abs(v) <= 1)).toBe(true);
    expect(x.values.W.every((v) => v === 0)).toBe(true);
    expect(x.gradsBefore.s.every((g) => g === 1)).toBe(true);
  });

  it('drops any one slice along a size, cutting every tensor over that size alike (W[j, i] along both axes)', () => {
    const x: GradientCase = {
      sizes: { B: 2, J: 3 },
      values: { s: [1, 2, 3, 4, 5, 6], W: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
      outGrad: { p: [6, 5, 4, 3, 2, 1] },
      gradsBefore: { s: [1, 1, 1, 2, 2, 2] },
      directionSeed: 7,
    };
    const stream = [...arbitrary().shrink(x, undefined)].map((v) => v.value);
    const dropped = stream.slice(0, 5);
    expect(dropped.map((d) => [d.sizes, d.values.s, d.values.W, d.outGrad.p, d.gradsBefore.s])).toEqual([
      [{ B: 1, J: 3 }, [4, 5, 6], x.values.W, [3, 2, 1], [2, 2, 2]],
      [{ B: 1, J: 3 }, [1, 2, 3], x.values.W, [6, 5, 4], [1, 1, 1]],
      [{ B: 2, J: 2 }, [2, 3, 5, 6], [5, 6, 8, 9], [5, 4, 2, 1], [1, 1, 2, 2]],
      [{ B: 2, J: 2 }, [1, 3, 4, 6], [1, 3, 7, 9], [6, 4, 3, 1], [1, 1, 2, 2]],
      [{ B: 2, J: 2 }, [1, 2, 4, 5], [1, 2, 4, 5], [6, 5, 3, 2], [1, 1, 2, 2]],
    ]);
    // J's least is 2: it is not cut below
    expect(dropped.every((d) => d.directionSeed === 7 && d.sizes.J >= 2)).toBe(true);
    // then each entry at each simpler value (0, 1, −1, 2, −2 before anything else; gradsBefore never 0)
    const simpler = stream.slice(5);
    expect(simpler.every((d) => d.sizes === x.sizes)).toBe(true);
    expect(simpler.find((d) => d.values.s[2] !== 3)?.values.s).toEqual([1, 2, 0, 4, 5, 6]);
    expect(simpler.filter((d) => d.values.s[0] !== 1).map((d) => d.values.s[0])).toEqual([0]);
    expect(simpler.filter((d) => d.gradsBefore.s[3] !== 2).map((d) => d.gradsBefore.s[3])).toEqual([1, -1]);
    expect(simpler).toHaveLength([...x.values.s, ...x.values.W, ...x.outGrad.p].reduce((n, v) => n + Math.min(5, [0, 1, -1, 2, -2].indexOf(v) < 0 ? 5 : [0, 1, -1, 2, -2].indexOf(v)), 0) + 3 * 2);
  });

  it('after a slice is dropped (no context left) values still shrink, to 0, ±1, ±2: s = 3 everywhere ends at [0, 0, 0, 1]', () => {
    const fails = (y: GradientCase) => y.sizes.B >= 2 && y.values.s.slice(y.sizes.J).some((v) => v !== 0);
    let x: GradientCase = {
      sizes: { B: 3, J: 2 },
      values: { s: [3, 3, 3, 3, 3, 3], W: [3, -3, 1.5, 3] },
      outGrad: { p: [3, 3, 3, 3, 3, 3] },
      gradsBefore: { s: [3, 3, 3, 3, 3, 3] },
      directionSeed: 7,
    };
    // fast-check's loop: the first shrink that still fails, until none does
    for (let next: GradientCase | undefined = x; next; next = [...arbitrary().shrink(x, undefined)].map((v) => v.value).find(fails)) x = next;
    expect(x).toEqual({ sizes: { B: 2, J: 2 }, values: { s: [0, 0, 0, 1], W: [0, 0, 0, 0] }, outGrad: { p: [0, 0, 0, 0] }, gradsBefore: { s: [1, 1, 1, 1] }, directionSeed: 7 });
  });
});
