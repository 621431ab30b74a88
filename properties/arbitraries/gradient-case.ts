/**
 * One example of a `gradient` claim (oracles/checks/gradient.ts): the sizes, the forward's input
 * values, the outputs' gradients (outGrad) and the gradients already accumulated (gradsBefore),
 * and the seed of the check's random direction.
 *
 * Shrinks the sizes first (each toward 1), then drops any one slice of every tensor along a size
 * (so the entries that fail need not be the first ones), then the values: inputs and outGrad
 * toward 0 and 1, gradsBefore toward 1 (never 0: an answer that writes `=` where `+=` is meant is
 * then always seen); once a slice is dropped (fast-check's own shrinking has no context left), each
 * entry is tried at a simpler value among 0, 1, −1, 2, −2, so a witness's values end there wherever
 * the failure allows. The values of a tensor are a short list filled in as the corner of a tensor
 * of extent maxDim on every axis, so an entry keeps its value while the sizes shrink.
 */
import fc from 'fast-check';
import { CALL_VALUES, type GradientCase, type GradientSignature, type ScalarDomain } from '../../oracles/checks/gradient.ts';
import type { Profile } from '../profile.ts';
import { dropSlice, fillCorner, SliceShrinking } from './tensors.ts';

/** Small integers most often, then dyadics m/2^e (|m| ≤ 32, e ≤ 4): exact in rationals and at 50 digits; shrinks toward 0. */
const value: fc.Arbitrary<number> = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.integer({ min: -4, max: 4 }), weight: 3 },
  { arbitrary: fc.tuple(fc.integer({ min: -32, max: 32 }), fc.integer({ min: 1, max: 4 })).map(([m, e]) => m / 2 ** e), weight: 1 },
);

/** As `value`, never 0; shrinks toward 1. */
const nonzero: fc.Arbitrary<number> = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: fc.integer({ min: 1, max: 4 }), weight: 2 },
  { arbitrary: fc.integer({ min: -4, max: -1 }), weight: 1 },
  { arbitrary: fc.tuple(fc.integer({ min: 1, max: 32 }), fc.boolean(), fc.integer({ min: 1, max: 4 })).map(([m, neg, e]) => ((neg ? -1 : 1) * m) / 2 ** e), weight: 1 },
);

/** The simple dyadics a real is drawn from first (in this order, the first that fit its interval shrunk to). */
const SIMPLE_REALS = [0, 1, -1, 2, 1 / 2, -2, -1 / 2, 3, 1 / 4, 3 / 2, -3, 3 / 4, 4, 1 / 8, -4, 7 / 8];

const insideOf = (r: ScalarDomain) => (v: number) => (r.loOpen ? v > r.lo : v >= r.lo) && (r.hiOpen ? v < r.hi : v <= r.hi);

/**
 * A real in its declared interval (an `equal` claim's rate or factor): the simple dyadics that fit
 * most often, shrinking to the first of them, else a dyadic m/2^6 of the interval; an integer
 * uniform in its range, shrinking to its least.
 */
export function realIn(r: ScalarDomain): fc.Arbitrary<number> {
  if (r.integer) return fc.integer({ min: r.lo, max: r.hi });
  const inside = insideOf(r);
  const simple = SIMPLE_REALS.filter(inside);
  const lo = Math.ceil(r.lo * 64);
  const hi = Math.floor(r.hi * 64);
  const grid = fc.integer({ min: lo, max: hi }).map((m) => m / 64).filter(inside);
  return simple.length ? fc.oneof({ withCrossShrink: true }, { arbitrary: fc.constantFrom(...simple), weight: 2 }, { arbitrary: grid, weight: 1 }) : grid;
}

type Tensors = Readonly<Record<string, readonly number[]>>;
type Axes = readonly { readonly name: string; readonly axes: readonly string[] }[];

const shapeOf = (axes: readonly string[], sizes: Record<string, number>) => axes.map((s) => sizes[s]);

/** Every tensor of the group without slice k along each of its axes over `size` (of extent `extent`). */
function dropAlong(tensors: Tensors, of: Axes, sizes: Record<string, number>, size: string, k: number): Tensors {
  return Object.fromEntries(
    of.map(({ name, axes }) => {
      let data = tensors[name];
      // dropping along an axis reads the extents of the axes after it only, which are not cut yet
      const shape = shapeOf(axes, sizes);
      axes.forEach((s, axis) => {
        if (s === size) data = dropSlice(data, shape, axis, k);
      });
      return [name, data];
    }),
  );
}

/** The case with one slice dropped along any size above its least, every tensor over that size cut alike. */
function slicesDropped(signature: GradientSignature, x: GradientCase): GradientCase[] {
  return signature.sizes.flatMap(({ name, lo }) =>
    Array.from({ length: x.sizes[name] > lo ? x.sizes[name] : 0 }, (_, k) => ({
      sizes: { ...x.sizes, [name]: x.sizes[name] - 1 },
      values: dropAlong(x.values, signature.inputs, x.sizes, name, k),
      outGrad: dropAlong(x.outGrad, signature.outputs, x.sizes, name, k),
      gradsBefore: dropAlong(x.gradsBefore, signature.checked, x.sizes, name, k),
      directionSeed: x.directionSeed,
      ...(x.reals && { reals: x.reals }),
      ...(x.calls && { calls: x.calls }),
    })),
  );
}

/** The simple values, simplest first: a witness's values end among them wherever they can. */
const SIMPLE = [0, 1, -1, 2, -2];
/** A value's place in SIMPLE, else after every simple value (a smaller magnitude first). */
const rank = (v: number) => (SIMPLE.includes(v) ? SIMPLE.indexOf(v) : SIMPLE.length + Math.abs(v));

/**
 * The case with one entry made simpler (a value of SIMPLE ranked before it; never 0 in
 * gradsBefore): after a slice is dropped, fast-check's own shrinking of values has no context
 * left, so the values shrink here, to 0, ±1, ±2 wherever the failure allows.
 */
function valuesSimplified(x: GradientCase): GradientCase[] {
  const groups = ['values', 'outGrad', 'gradsBefore'] as const;
  return groups.flatMap((group) =>
    Object.entries(x[group]).flatMap(([name, data]) =>
      data.flatMap((v, i) =>
        SIMPLE.filter((w) => rank(w) < rank(v) && !(group === 'gradsBefore' && w === 0)).map((w) => ({
          ...x,
          [group]: { ...x[group], [name]: data.map((u, k) => (k === i ? w : u)) },
        })),
      ),
    ),
  );
}

/**
 * Gradient examples for a claim's signature under a profile: each size in lo..min(hi, maxDim),
 * values as described above, with up to one distinct value per entry of the largest tensor.
 */
export function gradientCase(signature: GradientSignature, profile: Profile): fc.Arbitrary<GradientCase> {
  const lists = (of: Axes, entry: fc.Arbitrary<number>) =>
    fc.record(Object.fromEntries(of.map(({ name, axes }) => [name, fc.array(entry, { minLength: 1, maxLength: Math.max(1, profile.maxDim ** axes.length) })])));
  const fillAll = (of: Axes, lists: Tensors, sizes: Record<string, number>) =>
    Object.fromEntries(of.map(({ name, axes }) => [name, fillCorner(lists[name], shapeOf(axes, sizes), profile.maxDim)]));
  const sizes = fc.record(
    Object.fromEntries(signature.sizes.map(({ name, lo, hi }) => [name, fc.integer({ min: lo, max: Math.max(lo, Math.min(hi, profile.maxDim)) })])),
  );
  // a tuple shrinks its first item first: the sizes, before any value
  // an equal claim's reals and function values (update rules: rates, a gradient ∇ℓ), after the tensors
  const reals = fc.record(Object.fromEntries((signature.reals ?? []).map((r) => [r.name, realIn(r)])));
  const calls = signature.functions ? fc.array(value, { minLength: CALL_VALUES, maxLength: CALL_VALUES }) : fc.constant(undefined);
  const cases = fc
    .tuple(sizes, lists(signature.inputs, value), lists(signature.outputs, value), lists(signature.checked, nonzero), fc.noShrink(fc.integer()), reals, calls)
    .map(([sizes, values, outGrad, gradsBefore, directionSeed, reals, calls]): GradientCase => ({
      sizes,
      values: fillAll(signature.inputs, values, sizes),
      outGrad: fillAll(signature.outputs, outGrad, sizes),
      gradsBefore: fillAll(signature.checked, gradsBefore, sizes),
      directionSeed,
      ...(signature.reals?.length && { reals }),
      ...(calls && { calls }),
    }));
  return new SliceShrinking(cases, (x) => [...slicesDropped(signature, x), ...valuesSimplified(x)]);
}
