/**
 * The gradient check's float64 path (FLOAT64_FROM), run on small cases by lowering its threshold:
 * the same verdicts as the exact path on right and wrong backwards, a relative 1e-12 error in one
 * entry refuted and named, cancelled entries reported as limited, and what it hands to the exact path.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradientCase } from '../../properties/arbitraries/gradient-case.ts';
import { PROFILES } from '../../properties/profile.ts';
import { parseClaimFile } from '../notation/index.ts';
import { FLOAT64_FROM, gradientCheck, type GradientCase, type GradientCheck } from './gradient.ts';
import { scalarGradientClaim } from './gradient-claims.testing.ts';

const SOFTMAX = (backward: readonly string[]) => `
size B, J in 1..4
index b in 1..B
index j in 1..J
tensor s[b, j], Z[b], p[b, j], e[b]

program forward
  for b, j: Z[b] += exp(s[b, j])
  for b, j: p[b, j] += exp(s[b, j]) / Z[b]

program backward
${backward.map((l) => `  ${l}\n`).join('')}
claim softmax: gradient backward of forward
  expected: verified
`;
const RIGHT = ['for b, j: e[b] -= p[b, j] * p.grad[b, j]', 'for b, j: s.grad[b, j] += p[b, j] * (p.grad[b, j] + e[b])'];

const checkOf = (text: string, float64From = 1): GradientCheck => {
  const file = parseClaimFile(text, 'f64.claims');
  return gradientCheck(file, file.claims[0], { float64From });
};

/** A softmax case: s[b, j] = (j mod 9 − 4)/4 + b/8, p.grad[b, j] = (j + b) mod 7 − 3, gradsBefore 1. */
function softmaxCase(B: number, J: number): GradientCase {
  const all = (f: (b: number, j: number) => number) => Array.from({ length: B * J }, (_, k) => f(Math.floor(k / J) + 1, (k % J) + 1));
  return { sizes: { B, J }, values: { s: all((b, j) => ((j % 9) - 4) / 4 + b / 8) }, outGrad: { p: all((b, j) => ((j + b) % 7) - 3) }, gradsBefore: { s: all(() => 1) }, directionSeed: 1 };
}

describe('the float64 path', () => {
  it('verifies the right softmax backward entry by entry, saying what it resolved; from its threshold on, not below', () => {
    const check = checkOf(SOFTMAX(RIGHT), 16);
    const v = check.check(softmaxCase(2, 8));
    expect(v).toMatchObject({ holds: true, float64: { entries: 16, resolved: 16, limited: 0 } });
    expect(v.holds === true && v.float64!.resolution).toBeLessThan(1e-12);
    expect(check.check(softmaxCase(3, 5))).toEqual({ holds: true });
  });

  it('FLOAT64_FROM is above every example a profile draws (P1 at the nightly extent on its 4 axes, plus A and B), so claims keep the exact path', () => {
    const n = PROFILES.nightly.maxDim;
    expect(FLOAT64_FROM).toBeGreaterThan(n ** 4 + 2 * n);
  });

  it('refutes a relative 1e-12 error in one entry of the answer, naming it', () => {
    const wrong = [...RIGHT, 's.grad[2, 3] += 1e-12 * p[2, 3] * (p.grad[2, 3] + e[2])'];
    const v = checkOf(SOFTMAX(wrong)).check(softmaxCase(2, 8));
    expect(v.holds).toBe(false);
    expect(v.holds === false && v.reason).toMatch(/^s\.grad\[2, 3\]: the answer added .*\(float64 with running error bounds: error [\d.e-]+, the bounds allow [\d.e-]+\)$/);
  });

  it('verifies the right softmax backward and refutes wrong ones on the default profile’s examples, by float64 bounds alone', () => {
    const wrongs = [
      ['for b, j: e[b] += p[b, j] * p.grad[b, j]', RIGHT[1]],
      ['for b, j: e[b] -= p.grad[b, j]', RIGHT[1]],
      [RIGHT[0], 'for b, j: s.grad[b, j] += p[b, j] * p.grad[b, j]'],
      [RIGHT[0], 'for b, j: s.grad[b, j] += s[b, j] * (p.grad[b, j] + e[b])'],
      [RIGHT[0], 'for b, j: s.grad[b, j] = p[b, j] * (p.grad[b, j] + e[b])'],
      [RIGHT[0], 'for b, j: s.grad[b, j] += p[b, j] * (p.grad[b, j] + e[b]) * (1 + 1e-12)'],
    ];
    for (const backward of [RIGHT, ...wrongs]) {
      const check = checkOf(SOFTMAX(backward));
      const run = fc.check(
        fc.property(gradientCase(check.signature, PROFILES.default), (x) => {
          const v = check.check(x);
          // every example decided by the float64 path (no hand-over to the exact path)
          expect(v.holds === true ? v.float64 !== undefined : v.holds === false && /float64 with running error bounds/.test(v.reason)).toBe(true);
          return v.holds === true;
        }),
        { numRuns: 40, endOnFailure: true },
      );
      expect(run.failed, backward.join('; ')).toBe(backward !== RIGHT);
      if (run.failed) expect(check.check(run.counterexample![0]).holds).toBe(false);
    }
  });

  it('reports entries float64 cannot resolve (a gradient cancelled to 0) as limited, and still holds', () => {
    // p.grad equal along j: the gradient p·(g − Σ p g) is exactly 0, computed as a few u
    const x = { ...softmaxCase(1, 8), outGrad: { p: Array.from({ length: 8 }, () => 3) } };
    const v = checkOf(SOFTMAX(RIGHT)).check(x);
    expect(v).toMatchObject({ holds: true, float64: { entries: 8 } });
    expect(v.holds === true && v.float64!.limited + v.float64!.resolved).toBe(8);
    expect(v.holds === true && v.float64!.limited).toBeGreaterThan(0);
  });

  it('a convolution’s backward (index arithmetic x + d): verified, and a flipped kernel and an error of 1e-12 of one term refuted, each naming the entry', () => {
    const conv = (backward: readonly string[]) => `
size X, D, U in 1..9
index x in 1..X
index d in 1..D
index u in 1..U
tensor K[d], L[u], Lout[x]
program conv
  for x, d: Lout[x] += K[d] * L[x + d]
program backward
${backward.map((l) => `  ${l}\n`).join('')}
claim conv: gradient backward of conv
  expected: verified
`;
    const right = ['for x, d: K.grad[d] += Lout.grad[x] * L[x + d]', 'for x, d: L.grad[x + d] += Lout.grad[x] * K[d]'];
    const x: GradientCase = {
      sizes: { X: 6, D: 3, U: 9 },
      values: { K: [0.5, -1, 2], L: [1, -2, 3, 0.25, -0.5, 4, 1.5, -3, 2] },
      outGrad: { Lout: [1, -2, 3, -1, 2, 1] },
      gradsBefore: { K: [1, 1, 1], L: Array.from({ length: 9 }, () => 2) },
      directionSeed: 1,
    };
    expect(checkOf(conv(right)).check(x)).toMatchObject({ holds: true, float64: { entries: 12, resolved: 12 } });
    const flipped = checkOf(conv([right[0], 'for x, d: L.grad[x + D + 1 - d] += Lout.grad[x] * K[d]'])).check(x);
    expect(flipped.holds === false && flipped.reason).toMatch(/^L\.grad\[\d\]: .*float64 with running error bounds/);
    const off = checkOf(conv([...right, 'L.grad[5] += 1e-12 * Lout.grad[2] * K[3]'])).check(x);
    expect(off.holds === false && off.reason).toMatch(/^L\.grad\[5\]: .*float64 with running error bounds/);
  });

  it('hands the example to the exact path where it cannot decide: a program it does not compile (relu), FORWARD with no value (1/0)', () => {
    const relu = checkOf(scalarGradientClaim('y[i] += relu(x[i])', 'x.grad[i] += y.grad[i] * ind(x[i] > 0)'));
    expect(relu.check({ sizes: { I: 2 }, values: { x: [1, -1] }, outGrad: { y: [2, 3] }, gradsBefore: { x: [1, 1] }, directionSeed: 1 })).toEqual({ holds: true });
    const reciprocal = checkOf(scalarGradientClaim('y[i] += 1 / x[i]', 'x.grad[i] -= y.grad[i] / (x[i] * x[i])'));
    expect(reciprocal.check({ sizes: { I: 2 }, values: { x: [0, 2] }, outGrad: { y: [1, 1] }, gradsBefore: { x: [1, 1] }, directionSeed: 1 }).holds).toBe('undefined');
    expect(reciprocal.check({ sizes: { I: 2 }, values: { x: [4, 2] }, outGrad: { y: [1, 1] }, gradsBefore: { x: [1, 1] }, directionSeed: 1 })).toMatchObject({ holds: true, float64: { resolved: 2 } });
  });
});

describe('the float64 path at the edges of its range (found by review): sound, or the exact path decides', () => {
  const scalar = scalarGradientClaim;
  const xs: GradientCase = { sizes: { I: 2 }, values: { x: [1, 2] }, outGrad: { y: [1, 1] }, gradsBefore: { x: [1, 1] }, directionSeed: 1 };

  it.each([
    // c = ((a + b) − a)/b is 1 exactly; in float64 5e-8 away, and a bound without |b|·e_a (underflowed, or over an infinite |b|²) refuted the right answer
    ['a quotient by 1e-160', 'y[i] += x[i] * (((1e-150 + 1e-160) - 1e-150) / 1e-160)', 'x.grad[i] += y.grad[i]'],
    ['a quotient by 1e155', 'y[i] += x[i] * (((1e165 + 1e155) - 1e165) / 1e155)', 'x.grad[i] += y.grad[i]'],
    // exp(x − 800) underflows to 0 in float64, with a bound of 0: the right answer was refuted
    ['an exp that underflows', 'y[i] += exp(x[i] - 800) * 1e300 * 1e300', 'x.grad[i] += y.grad[i] * exp(x[i] - 400) * 1e300 * exp(-400) * 1e300'],
  ])('%s: the right answer holds', (_, forward, backward) => {
    expect(checkOf(scalar(forward, backward)).check(xs)).toMatchObject({ holds: true });
  });

  it("a power of a power is the work bounds' one-line refusal, not minutes of compiling (each factor repeated its base's code: ((x^64)^64)^64 took 17 s and 1.5 GB)", () => {
    expect(() => checkOf(scalar('y[i] += ((x[i]^64)^64)^64', 'x.grad[i] += y.grad[i]')).check(xs)).toThrowErrorWith(/the expression's weight is 262144 .*: at most 256 is computed exactly$/);
  });

  it('a term computed as 0 with an infinite bound does not hide a wrong answer', () => {
    // ((1 + 1e-20) − 1) is 0 in float64, within 1e-20 of the exact value: times 1e600 its bound is ∞
    const v = checkOf(scalar('y[i] += x[i] * x[i]', 'x.grad[i] += 5 + ((1 + 1e-20) - 1) * 1e300 * 1e300')).check(xs);
    expect(v.holds).toBe(false);
  });
});
