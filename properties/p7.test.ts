import { describe, expect, test } from 'vitest';
import { gradient, type Loss } from '../impl/autodiff.ts';
import { backward, forward, type HighwayLayer } from '../impl/highway.ts';
import { float64 } from '../oracles/numbers/float64.ts';
import { seededDyadics } from './arbitraries/scalars.ts';
import { resolveRun } from './profile.ts';
import { built } from './p7.ts';

const run = resolveRun();
const n = 3;
const layerOf = (seed: number): HighwayLayer => ({
  W: seededDyadics(seed, n * n),
  B: seededDyadics(seed + 1, n),
  F: seededDyadics(seed + 2, n).map((u) => (u + 1) / 2),
});
const v = Float64Array.of(1, -2, 0.5);

/** v·L_N written once over any field, so autodiff's reverse mode can differentiate it. */
const projected =
  (layers: readonly HighwayLayer[]): Loss =>
  (F, theta) => {
    let L = theta;
    for (const { W, B, F: gate } of layers) {
      L = L.map((l, j) => {
        let z = F.fromNumber(B[j]);
        for (let k = 0; k < n; k++) z = F.add(z, F.mul(F.fromNumber(W[j * n + k]), L[k]));
        return F.add(F.mul(F.fromNumber(gate[j]), l), F.mul(F.fromNumber(1 - gate[j]), F.tanh(z)));
      });
    }
    return L.reduce((s, l, j) => F.add(s, F.mul(F.fromNumber(v[j]), l)), F.zero);
  };

describe('P7 highway stack, against independent computations', () => {
  test.each([
    ['CNN (separate layers)', [layerOf(run.seed), layerOf(run.seed + 10), layerOf(run.seed + 20)]],
    ['RNN (one layer, shared)', Array<HighwayLayer>(4).fill(layerOf(run.seed))],
  ])('backward is the reverse-mode gradient of v·L_N: %s', (_, layers) => {
    const L0 = seededDyadics(run.seed + 99, n);
    const { D } = forward(layers, L0);
    const hand = Array.from(backward(layers, D, v));
    const auto = gradient(float64, projected(layers), Array.from(L0));
    // same arithmetic up to the order of additions: a few ulps of values of size ≤ 10
    hand.forEach((g, j) => expect(Math.abs(g - auto[j])).toBeLessThan(1e-13));
  });

  test('one layer by hand: L_1 = F L_0 + (1 − F) tanh(W L_0 + B), and the literal reading applies D to F', () => {
    const layer: HighwayLayer = { W: Float64Array.of(2), B: Float64Array.of(0), F: Float64Array.of(0.5) };
    expect(forward([layer], Float64Array.of(3)).L[1][0]).toBe(1.5 + 0.5 * Math.tanh(6));
    expect(forward([layer], Float64Array.of(3), 'literal').L[1][0]).toBe(1.5 + 0.5 * Math.tanh(1));
    // as written, the gradient is the carry path alone: F·v
    expect(backward([layer], [Float64Array.of(Math.tanh(1))], Float64Array.of(1), 'literal')[0]).toBe(0.5);
  });
});

describe('P7 measurements', () => {
  const [depth, memory, erratum] = built['P7.highway']!.measure!(run);

  test('recall with one gate: T = 2, F = 1/2 gives coefficients (1/4, 1/2) and error 9/16', () => {
    const row = memory.table!.rows.find((r) => r[0] === 2)!;
    expect(row).toEqual([2, 0.5, 0.563, 0]);
    // a longer sequence is harder to recall with any constant gate, never with a value-dependent one
    const errors = memory.table!.rows.map((r) => r[2] as number);
    errors.slice(1).forEach((e, i) => expect(e).toBeGreaterThan(errors[i]));
    memory.table!.rows.forEach((r) => expect(r[3]).toBe(0));
  });

  test('the literal reading is affine up to rounding; the corrected one is not', () => {
    const [asWritten, corrected] = erratum.table!.rows;
    expect(asWritten[1] as number).toBeLessThan(1e-15);
    expect(asWritten[2] as number).toBeLessThan(1e-15);
    expect(corrected[1] as number).toBeGreaterThan(1e-4);
  });

  test('CNN gates near 1: the gradient follows F^N at 128 layers', () => {
    const row = depth.table!.rows.find((r) => r[0] === 'CNN' && r[1] === 0.99 && r[2] === 1)!;
    expect((row[5] as number) / 0.99 ** 128).toBeGreaterThan(0.8);
    expect((row[5] as number) / 0.99 ** 128).toBeLessThan(1.25);
  });
});
