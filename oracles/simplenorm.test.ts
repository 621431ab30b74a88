/** P1's oracles at scale, held to the slow ones they stand in for: the interpreter and exact central differences. */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { numpy, type SimpleNormCase } from '../properties/p1.ts';
import { PROFILES } from '../properties/profile.ts';
import { allSafe } from './eft.ts';
import { dyadic, dyadicOf } from './numbers/dyadic.ts';
import { errorBound } from './numbers/error-bound.ts';
import type { Ring } from './numbers/tower.ts';
import { checkQuadraticGradient } from './gradcheck.ts';
import { backwardByNotation, backwardErrorBounds, fieldTensor, lossByNotation, lossGradientByForwardMode, type SimpleNormArrays } from './simplenorm.ts';

const NAMES = ['L', 'A', 'B'] as const;
const cases = numpy.arbitrary(PROFILES.default).filter((x) => [x.L, x.A, x.B, x.outGrad].every(allSafe));

const arraysOf = (x: SimpleNormCase): SimpleNormArrays => ({ L: Float64Array.from(x.L), A: Float64Array.from(x.A), B: Float64Array.from(x.B), G: Float64Array.from(x.outGrad) });
const shapeOf = (x: SimpleNormCase, name: (typeof NAMES)[number]) => (name === 'L' ? x.shape : [x.shape[3]]);
const tensorsIn = <T,>(field: Ring<T>, x: SimpleNormCase, pick: (name: (typeof NAMES)[number]) => number[]) =>
  Object.fromEntries(NAMES.map((n) => [n, fieldTensor(field, shapeOf(x, n), pick(n))])) as Record<(typeof NAMES)[number], ReturnType<typeof fieldTensor<T>>>;

describe("P1's forward-mode gradient", () => {
  test.prop([cases])('is within its stated error of exact central differences of part a’s loss, entry by entry and along a direction', (x) => {
    const truths = lossGradientByForwardMode(arraysOf(x));
    const params = NAMES.map((name) => ({ name, shape: shapeOf(x, name), value: Float64Array.from(x[name]) }));
    const loss = <T,>(field: Ring<T>, [L, A, B]: readonly T[][]) =>
      lossByNotation(field, { L: { shape: x.shape, data: L }, A: { shape: [x.shape[3]], data: A }, B: { shape: [x.shape[3]], data: B } }, fieldTensor(field, x.shape, x.outGrad));
    const direction = params.map((p) => p.value.map((_, i) => ((i * 7919) % 31) / 16 - 1));
    const added = NAMES.map((n) => Array.from(truths[n].hi, (hi, i) => dyadic.add(dyadicOf(hi), dyadicOf(truths[n].lo[i]))));
    expect(checkQuadraticGradient({ params, loss, direction }, { added, tolerance: NAMES.map((n) => truths[n].error) })).toBeNull();
  });
});

describe("P1's closed-form error bounds", () => {
  test.prop([cases])('are what running part b in the errorBound field gives, exactly', (x) => {
    const bounds = backwardErrorBounds(arraysOf(x), { L: Float64Array.from(x.gradsBefore.L), A: Float64Array.from(x.gradsBefore.A), B: Float64Array.from(x.gradsBefore.B) });
    const byInterpreter = tensorsIn(errorBound, x, (n) => x.gradsBefore[n]);
    backwardByNotation(errorBound, tensorsIn(errorBound, x, (n) => x[n]), fieldTensor(errorBound, x.shape, x.outGrad), byInterpreter);
    for (const n of NAMES) {
      expect(Array.from(bounds[n].magnitude, (magnitude) => ({ magnitude, depth: bounds[n].depth }))).toEqual(byInterpreter[n].data);
    }
  });
});

describe('P1’s typed-array oracles on a case worked by hand', () => {
  // C = 2 channels, m = 2 entries each: L = (1, −2, 3, −4), A = (2, −1), B = (1, 1), L'.grad = 1
  const x: SimpleNormArrays = { L: Float64Array.of(1, -2, 3, -4), A: Float64Array.of(2, -1), B: Float64Array.of(1, 1), G: Float64Array.of(1, 1, 1, 1) };

  it('forward mode gives ∂ℓ/∂L = G·A, ∂ℓ/∂A = Σ G·(L + B), ∂ℓ/∂B = Σ G·A, exactly here', () => {
    const truths = lossGradientByForwardMode(x);
    expect([truths.L.hi, truths.A.hi, truths.B.hi].map((t) => Array.from(t))).toEqual([[2, -1, 2, -1], [6, -4], [4, -2]]);
    expect([truths.L.lo, truths.A.lo, truths.B.lo].map((t) => Array.from(t))).toEqual([[0, 0, 0, 0], [0, 0], [0, 0]]);
  });

  it('the closed-form bounds: |G||A| at depth 2, Σ|G|(|L| + |B|) at depth m + 2, Σ|G||A| at depth m + 1', () => {
    const bounds = backwardErrorBounds(x, { L: new Float64Array(4), A: new Float64Array(2), B: new Float64Array(2) });
    expect(Object.values(bounds).map(({ magnitude, depth }) => [Array.from(magnitude), depth])).toEqual([
      [[2, 1, 2, 1], 2],
      [[6, 8], 4],
      [[4, 2], 3],
    ]);
  });
});
