/**
 * The float64 back end: known values and gradients worked out by hand, every bound checked against
 * the exact value (rationals, or 50 digits where exp, ln, tanh make it irrational), exact inputs
 * that round nothing given a bound of 0, and what it refuses to compile.
 */
import Fraction from 'fraction.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimal } from '../numbers/decimal.ts';
import { dual, tangent } from '../numbers/dual.ts';
import { exactOf, rational } from '../numbers/rational.ts';
import { NotRepresentable } from '../numbers/tower.ts';
import { compileFloat64, Float64Unsupported, LeftFloat64, splitDepth, sumError, type RoundedTensor } from './compile-float64.ts';
import { compileProgram, NotationError, parseClaimFile, type Tensor } from './index.ts';

const D50 = decimal(50);
const fileOf = (programs: string) =>
  parseClaimFile(
    `size I, J in 1..4
index i in 1..I
index j in 1..J
tensor x[i], y[i], z[i], w[i, j], q[i, j]
${programs}`,
    'f64.claims',
  );
const tensor = (data: readonly number[], shape: readonly number[] = [data.length]): RoundedTensor => ({ shape, value: Float64Array.from(data), error: new Float64Array(data.length) });

/** Runs `name` on x (and w), then its reverse with adjoint `seed` on `out`; the tensors and the adjoints. */
function runBoth(programs: string, name: string, x: readonly number[], out: string, seed: readonly number[], w?: readonly number[]) {
  const file = fileOf(programs);
  const program = compileFloat64(file, file.programs.get(name)!);
  const sizes = { I: x.length, J: w ? w.length / x.length : 1 };
  const tensors = new Map<string, RoundedTensor>([['x', tensor(x)]]);
  if (w) tensors.set('w', tensor(w, [x.length, w.length / x.length]));
  program.run(sizes, tensors);
  const adjoints = new Map<string, RoundedTensor>([[out, tensor(seed, tensors.get(out)!.shape)]]);
  program.reverse(sizes, tensors, adjoints);
  return { tensors, adjoints };
}

/** |value − exact| ≤ error, decided in exact rationals. */
const covers = (value: number, error: number, exact: Fraction) => exact.sub(exactOf(value)).abs().compare(exactOf(error)) <= 0;
/** The same against a 50-digit value (its own error, below 1e-45 relative, is far under any float64 bound here). */
const coversDecimal = (value: number, error: number, exact: ReturnType<typeof D50.fromNumber>) =>
  D50.toNumber(D50.sub(exact, D50.fromNumber(value)).abs().sub(D50.fromNumber(error))) <= 0;

describe('compileFloat64', () => {
  it('y = x²/3 and its gradient 2x/3, within their bounds of the exact values (by hand: x = 1, 2 give 1/3, 4/3 and 2/3, 4/3)', () => {
    const { tensors, adjoints } = runBoth('program f\n  for i: y[i] += x[i] * x[i] / 3', 'f', [1, 2], 'y', [1, 1]);
    const y = tensors.get('y')!;
    const g = adjoints.get('x')!;
    [new Fraction(1, 3), new Fraction(4, 3)].forEach((exact, k) => {
      expect(covers(y.value[k], y.error[k], exact)).toBe(true);
      expect(y.error[k]).toBeGreaterThan(0);
      expect(y.error[k]).toBeLessThan(4e-16);
    });
    [new Fraction(2, 3), new Fraction(4, 3)].forEach((exact, k) => expect(covers(g.value[k], g.error[k], exact)).toBe(true));
    // a wrong gradient (x/3, the factor 2 lost) is outside the bound
    expect(covers(g.value[0], g.error[0], new Fraction(1, 3))).toBe(false);
  });

  it('sums and products that round nothing have bound 0 (TwoSum and Dekker residuals): y = Σ_j (w + 1/4)·x, dw = x', () => {
    const w = [1, -2, 0.5, 3, 0.25, -1];
    const { tensors, adjoints } = runBoth('program f\n  for i: y[i] += sum(j, (w[i, j] + 0.25) * x[i])', 'f', [2, -3], 'y', [3, -1], w);
    const y = tensors.get('y')!;
    // by hand: (1 − 2 + 0.5 + 0.75)·2 = 0.5; (3 + 0.25 − 1 + 0.75)·(−3) = −9
    expect([...y.value]).toEqual([0.5, -9]);
    expect([...y.error]).toEqual([0, 0]);
    // dy/dw[i, j] = x[i], times the adjoint 3, −1
    expect([...adjoints.get('w')!.value]).toEqual([6, 6, 6, 3, 3, 3]);
    expect([...adjoints.get('w')!.error]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('softmax and its gradient p·(g − Σ p g) by reverse mode: every value and adjoint within its bound of the 50-digit truth', () => {
    const programs = 'program f\n  for i, j: z[i] += exp(w[i, j])\n  for i, j: q[i, j] += exp(w[i, j]) / z[i]';
    const file = fileOf(programs);
    const program = compileFloat64(file, file.programs.get('f')!);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -24, max: 24 }).map((k) => k / 4), { minLength: 6, maxLength: 6 }), fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 6, maxLength: 6 }), (w, g) => {
        const sizes = { I: 2, J: 3 };
        const tensors = new Map([['w', tensor(w, [2, 3])]]);
        program.run(sizes, tensors);
        const adjoints = new Map([['q', tensor(g, [2, 3])]]);
        program.reverse(sizes, tensors, adjoints);
        const [q, dw] = [tensors.get('q')!, adjoints.get('w')!];
        for (let i = 0; i < 2; i++) {
          const e = [0, 1, 2].map((j) => D50.exp(D50.fromNumber(w[3 * i + j])));
          const z = e.reduce((a, b) => D50.add(a, b));
          const p = e.map((ej) => D50.div(ej, z));
          const pg = p.reduce((acc, pj, j) => D50.add(acc, D50.mul(pj, D50.fromNumber(g[3 * i + j]))), D50.zero);
          for (let j = 0; j < 3; j++) {
            const k = 3 * i + j;
            expect(coversDecimal(q.value[k], q.error[k], p[j])).toBe(true);
            expect(coversDecimal(dw.value[k], dw.error[k], D50.mul(p[j], D50.sub(D50.fromNumber(g[k]), pg)))).toBe(true);
            // and tight: a few dozen u of the two paths' terms (each ≤ 3 here), far under 1e-12 of an entry above 0.1
            expect(dw.error[k]).toBeLessThan(4e-14);
          }
        }
      }),
      { numRuns: 10 },
    );
  });

  it('ln and tanh: values and derivatives (1/x, 1 − tanh²) within their bounds', () => {
    const { tensors, adjoints } = runBoth('program f\n  for i: y[i] += log(x[i]) + tanh(x[i])', 'f', [0.5, 3], 'y', [1, 2]);
    const y = tensors.get('y')!;
    const g = adjoints.get('x')!;
    [0.5, 3].forEach((x, k) => {
      const X = D50.fromNumber(x);
      const t = D50.tanh(X);
      expect(coversDecimal(y.value[k], y.error[k], D50.add(D50.log(X), t))).toBe(true);
      const derivative = D50.add(D50.div(D50.one, X), D50.sub(D50.one, D50.mul(t, t)));
      expect(coversDecimal(g.value[k], g.error[k], D50.mul(D50.fromNumber(k + 1), derivative))).toBe(true);
    });
  });

  it('`=` passes its entry’s adjoint to the last write only: z[i] = w[i, j] over j has gradient 1 at j = J, 0 before', () => {
    const { adjoints } = runBoth('program f\n  for i, j: z[i] = w[i, j]', 'f', [0, 0], 'z', [5, 7], [1, 2, 3, 4]);
    expect([...adjoints.get('w')!.value]).toEqual([0, 5, 0, 7]);
  });

  it('integer powers and −=: y −= x⁻² has gradient 2x⁻³', () => {
    const { adjoints } = runBoth('program f\n  for i: y[i] -= x[i]^(-2)', 'f', [2, 4], 'y', [1, 1]);
    const g = adjoints.get('x')!;
    [new Fraction(1, 4), new Fraction(1, 32)].forEach((exact, k) => expect(covers(g.value[k], g.error[k], exact)).toBe(true));
  });

  it('leaving float64 throws LeftFloat64: exp overflowing, a divisor that may be 0, ln of a value that may be ≤ 0', () => {
    expect(() => runBoth('program f\n  for i: y[i] += exp(x[i])', 'f', [1000], 'y', [1])).toThrow(LeftFloat64);
    expect(() => runBoth('program f\n  for i: y[i] += 1 / (x[i] - 1)', 'f', [1], 'y', [1])).toThrow(LeftFloat64);
    expect(() => runBoth('program f\n  for i: y[i] += log(x[i] - 1)', 'f', [1], 'y', [1])).toThrow(LeftFloat64);
  });

  it('a value that leaves the band at the first entry only still throws, when the statement ends: 2^200 · 2^200, exp(−800) = 0', () => {
    expect(() => runBoth('program f\n  for i: y[i] += x[i] * x[i]', 'f', [2 ** 200, 1, 2], 'y', [1, 1, 1])).toThrowErrorWith(/^float64 left the normal range: 2\.58\d*e\+120$/);
    expect(() => runBoth('program f\n  for i: y[i] += exp(x[i])', 'f', [-800, 0, 1], 'y', [1, 1, 1])).toThrowErrorWith(/^float64 left the normal range: 0$/);
    // in the reverse pass too: the adjoint 2^200 · 2^200 of the same statement
    expect(() => runBoth('program f\n  for i: y[i] += x[i] * x[i]', 'f', [2 ** 200, 1], 'y', [2 ** 200, 1])).toThrow(LeftFloat64);
  });

  it('refuses what it does not compile, naming the line: relu, and a statement reading what a later one writes', () => {
    const relu = fileOf('program f\n  for i: y[i] += relu(x[i])');
    expect(() => compileFloat64(relu, relu.programs.get('f')!)).toThrow(Float64Unsupported);
    const later = fileOf('program f\n  for i: y[i] += z[i]\n  for i: z[i] += x[i]');
    expect(() => compileFloat64(later, later.programs.get('f')!)).toThrowErrorWith(/f64\.claims:\d+: reading z, which line \d+ writes/);
    const itself = fileOf('program f\n  for i: y[i] += y[i] * x[i]');
    expect(() => compileFloat64(itself, itself.programs.get('f')!)).toThrow(Float64Unsupported);
  });

  it('index arithmetic and Σ, with prefixes hoisted out of the inner loops: x[I + 1 − i]·x[i] and Σ_j w[i, j]·x[i], values and gradients by hand', () => {
    // y_i = x_{I+1−i} x_i: y = (3, 4, 3) at x = (1, 2, 3); ∂/∂x_k Σ a_i y_i = (a_k + a_{I+1−k}) x_{I+1−k} = (303, 40, 101) at a = (1, 10, 100)
    const reversed = runBoth('program f\n  for i: y[i] += x[I + 1 - i] * x[i]', 'f', [1, 2, 3], 'y', [1, 10, 100]);
    expect([...reversed.tensors.get('y')!.value]).toEqual([3, 4, 3]);
    expect([...reversed.adjoints.get('x')!.value]).toEqual([303, 40, 101]);
    // z_i = Σ_j w_ij x_i: z = (15, 49) at w = ((1, 2), (3, 4)), x = (5, 7); ∂w_ij = a_i x_i, ∂x_i = a_i Σ_j w_ij, at a = (1, 2)
    const summed = runBoth('program f\n  for i: z[i] += sum(j, w[i, j] * x[i])', 'f', [5, 7], 'z', [1, 2], [1, 2, 3, 4]);
    expect([...summed.tensors.get('z')!.value]).toEqual([15, 49]);
    expect([...summed.adjoints.get('w')!.value]).toEqual([5, 5, 14, 14]);
    expect([...summed.adjoints.get('x')!.value]).toEqual([3, 14]);
    // every error bound 0: nothing rounds
    for (const t of [reversed.tensors.get('y')!, reversed.adjoints.get('x')!, summed.adjoints.get('w')!]) expect(Math.max(...t.error)).toBe(0);
  });

  it('an index outside its axis throws the NotationError naming the line, the value and the axis', () => {
    expect(() => runBoth('program f\n  for i, j: y[i] += x[i + j]', 'f', [1, 2], 'y', [1, 1])).toThrowErrorWith(/^f64\.claims:6: index 3 is outside 1\.\.2 \(axis 1 of x\)$/);
    // a letter over another size than the axis's own is checked too: j runs to J = 2, x's axis to I = 1
    expect(() => runBoth('program f\n  for i, j: q[i, j] += x[j]', 'f', [1], 'q', [1, 1], [1, 1])).toThrowErrorWith(/^f64\.claims:6: index 2 is outside 1\.\.1 \(axis 1 of x\)$/);
  });

  it('a += entry whose offset an inner loop does not move: its adjoint read once for the inner loop, z[i] += w[i, j]·x[i] as Σ_j gives', () => {
    // as the Σ case above: ∂w_ij = a_i x_i, ∂x_i = a_i Σ_j w_ij at x = (5, 7), w = ((1, 2), (3, 4)), a = (1, 2)
    const looped = runBoth('program f\n  for i, j: z[i] += w[i, j] * x[i]', 'f', [5, 7], 'z', [1, 2], [1, 2, 3, 4]);
    expect([...looped.tensors.get('z')!.value]).toEqual([15, 49]);
    expect([...looped.adjoints.get('w')!.value]).toEqual([5, 5, 14, 14]);
    expect([...looped.adjoints.get('x')!.value]).toEqual([3, 14]);
  });

  it('loops split where the inner ones run 512 iterations or more and the outer ones call them more than once; values passed in from the outer loops', () => {
    // the convolution of bench/scale.ts (b, x, y, n_out, dx, dy, n_in), P1's 32⁴, a softmax's 1000 × 1000, and no split
    expect([splitDepth([1, 1000, 1000, 1, 3, 3, 1]), splitDepth([32, 32, 32, 32]), splitDepth([1000, 1000])]).toEqual([2, 2, 1]);
    expect([splitDepth([4, 4, 4]), splitDepth([1, 100_000]), splitDepth([100_000]), splitDepth([])]).toEqual([0, 0, 0, 0]);
    // 512 iterations exactly are enough
    expect([splitDepth([2, 512]), splitDepth([2, 511])]).toEqual([1, 0]);
    // z_i = x_i Σ_j w_ij split after i (J = 600): x_i and z_i's offset are read in the outer loop, the adjoint a_i too
    const w = Array.from({ length: 3 * 600 }, (_, k) => (k % 600) + 1);
    const { tensors, adjoints } = runBoth('program f\n  for i, j: z[i] += w[i, j] * x[i]', 'f', [1, 2, 3], 'z', [1, 10, 100], w);
    expect([...tensors.get('z')!.value]).toEqual([180_300, 360_600, 540_900]);
    expect([...adjoints.get('x')!.value]).toEqual([180_300, 1_803_000, 18_030_000]);
    expect([0, 599, 600, 1799].map((k) => adjoints.get('w')!.value[k])).toEqual([1, 1, 20, 300]);
    for (const t of [tensors.get('z')!, adjoints.get('x')!, adjoints.get('w')!]) expect(Math.max(...t.error)).toBe(0);
    // an offset set before every loop (x[I]'s, 2) is passed into the split-off inner loops too: z_i = x_3 Σ_j w_ij
    const constant = runBoth('program f\n  for i, j: z[i] += w[i, j] * x[I]', 'f', [1, 2, 3], 'z', [1, 10, 100], w);
    expect([...constant.tensors.get('z')!.value]).toEqual([540_900, 540_900, 540_900]);
  });

  it('a loop over a range that reads an outer loop’s letter (s in 1..t) is not split: y_t = Σ_{s ≤ t} x_s, ∂/∂x_s = #{t ≥ s}', () => {
    const file = parseClaimFile('size I in 1..600\nindex t in 1..I\nindex s in 1..t\ntensor x[t], y[t]\nprogram f\n  for t, s: y[t] += x[s]', 'f64.claims');
    const program = compileFloat64(file, file.programs.get('f')!);
    const tensors = new Map([['x', tensor(Array.from({ length: 600 }, (_, k) => k + 1))]]);
    program.run({ I: 600 }, tensors);
    const adjoints = new Map([['y', tensor(new Array<number>(600).fill(1))]]);
    program.reverse({ I: 600 }, tensors, adjoints);
    expect([0, 1, 599].map((k) => tensors.get('y')!.value[k])).toEqual([1, 3, 180_300]);
    expect([0, 1, 599].map((k) => adjoints.get('x')!.value[k])).toEqual([600, 599, 1]);
  });

  it('a .grad tensor written and then read is read with its compensation: x.grad = 1 + 2^-60 (lo), y = x.grad', () => {
    const file = fileOf('program f\n  for i, j: x.grad[i] += w[i, j]\n  for i: y[i] += x.grad[i]');
    const program = compileFloat64(file, file.programs.get('f')!);
    const tensors = new Map([['w', tensor([1, 2 ** -60], [1, 2])]]);
    program.run({ I: 1, J: 2 }, tensors);
    const y = tensors.get('y')!;
    expect(covers(y.value[0], y.error[0], new Fraction(1).add(exactOf(2 ** -60)))).toBe(true);
  });

  it('says which tensor has the wrong shape or length, an adjoint’s too, and which input the run does not give', () => {
    const file = fileOf('program f\n  for i: y[i] += 3 * x[i]');
    const program = compileFloat64(file, file.programs.get('f')!);
    const sizes = { I: 2, J: 1 };
    const bad = (t: RoundedTensor) => () => program.run(sizes, new Map([['x', t]]));
    const message = (shape: string) => new NotationError(`f64.claims:5: x has shape [${shape}] where its declaration gives [2]`);
    expect(bad(tensor([1, 2, 3]))).toThrow(message('3'));
    expect(bad(tensor([1, 2], [1, 2]))).toThrow(message('1, 2'));
    expect(bad({ shape: [2], value: Float64Array.of(1), error: new Float64Array(2) })).toThrow(message('2'));
    expect(bad({ shape: [2], value: new Float64Array(2), error: new Float64Array(1) })).toThrow(message('2'));
    expect(bad({ ...tensor([1, 2]), rest: new Float64Array(1) })).toThrow(message('2'));
    expect(() => program.run(sizes, new Map())).toThrow(new NotationError('f64.claims:5: program f reads x, which the run does not give'));
    const tensors = new Map([['x', tensor([1, 2])]]);
    program.run(sizes, tensors);
    expect(() => program.reverse(sizes, tensors, new Map([['y', tensor([1, 2, 3])]]))).toThrow(new NotationError('f64.claims:5: the adjoint of y has shape [3] where its declaration gives [2]'));
  });

  it('the generated source holds no name nor constant of the file: two files that differ only in them generate the same source, split loops and extents included', () => {
    const sources = (text: string, names: { I: string; J: string; x: string; y: string; w: string }) => {
      const file = parseClaimFile(text, 'f64.claims');
      const captured: string[] = [];
      const original = globalThis.Function;
      globalThis.Function = function (...args: string[]) {
        captured.push(args.join('\n'));
        return original(...args);
      } as unknown as FunctionConstructor;
      try {
        const program = compileFloat64(file, file.programs.get('f')!);
        const tensors = new Map([[names.x, tensor([1, 2, 3])], [names.w, tensor(Array.from({ length: 1800 }, (_, k) => k / 10), [3, 600])]]);
        program.run({ [names.I]: 3, [names.J]: 600 }, tensors);
        program.reverse({ [names.I]: 3, [names.J]: 600 }, tensors, new Map([[names.y, tensor([1, 2, 3])]]));
      } finally {
        globalThis.Function = original;
      }
      return captured;
    };
    const plain = sources(
      'size I, J in 1..4\nindex i in 1..I\nindex j in 1..J\ntensor x[i], y[i], w[i, j]\nprogram f\n  for i, j: y[i] += 0.1 * w[i, j] * exp(x[i]) / 3',
      { I: 'I', J: 'J', x: 'x', y: 'y', w: 'w' },
    );
    const hostile = sources(
      // names of the generated code's own identifiers (the frame F, the scope S, a thrower, an array)
      'size F, S in 1..4\nindex i in 1..F\nindex j in 1..S\ntensor leave[i], tv0[i], out[i, j]\nprogram f\n  for i, j: tv0[i] += 0.7 * out[i, j] * exp(leave[i]) / 9',
      { I: 'F', J: 'S', x: 'leave', y: 'tv0', w: 'out' },
    );
    expect(plain.length).toBeGreaterThan(3);
    expect(hostile).toEqual(plain);
  });

  it('with `needed`, a statement whose target nobody reads is left out of the run; its reverse still gives the gradient and still throws where the run would have', () => {
    const file = fileOf('program f\n  for i: y[i] += x[i] * x[i]\n  for i: z[i] += 3 * x[i]');
    const program = compileFloat64(file, file.programs.get('f')!);
    const tensors = new Map([['x', tensor([1, 2])]]);
    const needed = new Set(['z']);
    program.run({ I: 2, J: 1 }, tensors, needed);
    expect([...tensors.get('y')!.value]).toEqual([0, 0]);
    expect([...tensors.get('z')!.value]).toEqual([3, 6]);
    const adjoints = new Map([['y', tensor([1, 10])]]);
    program.reverse({ I: 2, J: 1 }, tensors, adjoints, needed);
    expect([...adjoints.get('x')!.value]).toEqual([2, 40]);
    // 1/x[i] has no value at x = 0: the run would have thrown there; so does the reverse, though y's adjoint there is 0
    const reciprocal = fileOf('program f\n  for i: y[i] += 1 / x[i]');
    const p = compileFloat64(reciprocal, reciprocal.programs.get('f')!);
    const t = new Map([['x', tensor([1, 0])]]);
    p.run({ I: 2, J: 1 }, t, new Set());
    expect(() => p.reverse({ I: 2, J: 1 }, t, new Map([['y', tensor([1, 0])]]), new Set())).toThrow(LeftFloat64);
    // so do a ln's argument that may be ≤ 0 and an index inside a Σ outside its axis, where the adjoint is 0
    const leftOut = (statement: string, x: number[]) => {
      const f = fileOf(`program f\n  ${statement}`);
      const q = compileFloat64(f, f.programs.get('f')!);
      const u = new Map([['x', tensor(x)]]);
      q.run({ I: 2, J: 2 }, u, new Set());
      return () => {
        const adjoints = new Map([['y', tensor([1, 0])]]);
        q.reverse({ I: 2, J: 2 }, u, adjoints, new Set());
        return adjoints;
      };
    };
    expect(leftOut('for i: y[i] += log(x[i])', [1, 0])).toThrow(LeftFloat64);
    expect(leftOut('for i: y[i] += sum(j, x[i + j - 1])', [1, 2])).toThrowErrorWith(/index 3 is outside 1\.\.2 \(axis 1 of x\)/);
    // + − × only: each entry has a value in exact arithmetic; one outside float64's band where the
    // adjoint is 0 goes unseen, and the gradient 2x elsewhere is exact
    const square = leftOut('for i: y[i] += x[i] * x[i]', [1, 2 ** 200])().get('x')!;
    expect([...square.value, ...square.error]).toEqual([2, 0, 0, 0]);
  });

  it('a product that rounds gets Dekker’s residual as its bound, not 0: (1 + 2^-30)² loses 2^-60', () => {
    const x = 1 + 2 ** -30;
    const { tensors } = runBoth('program f\n  for i: y[i] += x[i] * x[i]', 'f', [x], 'y', [1]);
    const y = tensors.get('y')!;
    const exact = exactOf(x).mul(exactOf(x));
    expect(covers(y.value[0], y.error[0], exact)).toBe(true);
    expect(y.error[0]).toBeGreaterThanOrEqual(2 ** -60);
  });

  it('a term that adds exactly but carries a bound adds its bound: y = 0.1 + 0.1, where fl(0.1) is 1/10 − 5.6e-18 and each sum is exact', () => {
    const { tensors } = runBoth('program f\n  for i, j: y[i] += 0.1', 'f', [1], 'y', [1], [0, 0]);
    const y = tensors.get('y')!;
    expect(y.value[0]).toBe(0.2);
    expect(y.error[0]).toBeGreaterThan(0);
    expect(covers(y.value[0], y.error[0], new Fraction(1, 5))).toBe(true);
  });

  it('a product of float32 values is exact (bound 0: 3 · 2^-20 · (1 + 2^-23)); one of a float32 and a longer value is not: 3 · (1 + 2^-52) loses 2^-52', () => {
    const short = runBoth('program f\n  for i: y[i] += x[i] * w[i, 1]', 'f', [3 * 2 ** -20], 'y', [1], [1 + 2 ** -23]).tensors.get('y')!;
    expect([short.value[0], short.error[0]]).toEqual([3 * 2 ** -20 * (1 + 2 ** -23), 0]);
    const x = 1 + 2 ** -52;
    const long = runBoth('program f\n  for i: y[i] += x[i] * w[i, 1]', 'f', [3], 'y', [1], [x]).tensors.get('y')!;
    expect(covers(long.value[0], long.error[0], exactOf(x).mul(3))).toBe(true);
    expect(long.error[0]).toBeGreaterThanOrEqual(2 ** -52);
  });

  it('a compensated sum left unfolded (rest) bounds the rounding of its low part too: 1 + 2^-60 + 2^-114, where the low part loses 2^-114', () => {
    const file = fileOf('program f\n  for i, j: z[i] += w[i, j]');
    const program = compileFloat64(file, file.programs.get('f')!);
    const z: RoundedTensor = { ...tensor([0]), rest: new Float64Array(1) };
    const tensors = new Map<string, RoundedTensor>([['w', tensor([1, 2 ** -60, 2 ** -114], [1, 3])], ['z', z]]);
    program.run({ I: 1, J: 3 }, tensors);
    const exact = new Fraction(1).add(exactOf(2 ** -60)).add(exactOf(2 ** -114));
    expect([z.value[0], z.rest![0]]).toEqual([1, 2 ** -60]);
    expect(exact.sub(exactOf(z.value[0])).sub(exactOf(z.rest![0])).abs().compare(exactOf(z.error[0]))).toBeLessThanOrEqual(0);
  });

  it('a tensor the program only reads, given with a compensation (rest), is read as its folded value, its own arrays untouched: y = 3·x at x = 1 + 2^-60', () => {
    const file = fileOf('program f\n  for i: y[i] += 3 * x[i]');
    const program = compileFloat64(file, file.programs.get('f')!);
    const x: RoundedTensor = { ...tensor([1]), rest: Float64Array.of(2 ** -60) };
    const tensors = new Map<string, RoundedTensor>([['x', x]]);
    program.run({ I: 1, J: 1 }, tensors);
    const y = tensors.get('y')!;
    // read as 1 alone, y would be 3 with bound 0, where the exact value is 3 + 3·2^-60
    expect(y.error[0]).toBeGreaterThan(0);
    expect(covers(y.value[0], y.error[0], new Fraction(3).add(exactOf(3 * 2 ** -60)))).toBe(true);
    expect([x.value[0], x.rest![0], x.error[0]]).toEqual([1, 2 ** -60, 0]);
    // a compensation on some entries only, one that moves the folded value (1 + 2^-52): folded into a copy
    const two: RoundedTensor = { ...tensor([1, 1]), rest: Float64Array.of(2 ** -52, 0) };
    const both = new Map<string, RoundedTensor>([['x', two]]);
    program.run({ I: 2, J: 1 }, both);
    expect([...both.get('y')!.value]).toEqual([3 + 3 * 2 ** -52, 3]);
    expect([...two.value, ...two.rest!]).toEqual([1, 1, 2 ** -52, 0]);
  });

  it('each rounding has its own term in the bound: a sum (1 + 2^-60), a fold of a compensated sum, log 3 and tanh ½ alone', () => {
    const sum = runBoth('program f\n  for i, j: q[i, j] = x[i] + w[i, j]', 'f', [1], 'q', [1], [2 ** -60]).tensors.get('q')!;
    expect(sum.value[0]).toBe(1);
    expect(covers(sum.value[0], sum.error[0], new Fraction(1).add(exactOf(2 ** -60)))).toBe(true);
    const fold = runBoth('program f\n  for i, j: z[i] += w[i, j]', 'f', [0], 'z', [1], [1, 2 ** -60]).tensors.get('z')!;
    expect(covers(fold.value[0], fold.error[0], new Fraction(1).add(exactOf(2 ** -60)))).toBe(true);
    // and no more: 2^-60 goes into the low part exactly (its TwoSum residual is 0), only the fold rounds
    expect(fold.error[0]).toBe(2 ** -60 * (1 + 2 ** -49));
    const log = runBoth('program f\n  for i: y[i] += log(x[i])', 'f', [3], 'y', [1]).tensors.get('y')!;
    expect(coversDecimal(log.value[0], log.error[0], D50.log(D50.fromNumber(3)))).toBe(true);
    const tanh = runBoth('program f\n  for i: y[i] += tanh(x[i])', 'f', [0.5], 'y', [1]).tensors.get('y')!;
    expect(coversDecimal(tanh.value[0], tanh.error[0], D50.tanh(D50.fromNumber(0.5)))).toBe(true);
  });

  it('a product of two values computed as 0 but exactly ±10^-30 is bounded by the product of their bounds: 0 where the truth is −10^-60', () => {
    const { tensors } = runBoth('program f\n  for i: y[i] += ((x[i] + 1e-30) - x[i]) * ((x[i] - 1e-30) - x[i])', 'f', [1], 'y', [1]);
    const y = tensors.get('y')!;
    expect(y.value[0]).toBe(0);
    expect(covers(y.value[0], y.error[0], new Fraction(-1, 10n ** 60n))).toBe(true);
  });

  it('a quotient’s and an exp’s bounds carry their operands’ errors: 0/1 where the truth is 10^-30/1, 1/2^-90 where it is 1/(2^-90 + 10^-30), exp 0 where it is exp 10^-10', () => {
    const zero = '((x[i] + 1e-30) - x[i])';
    const numerator = runBoth(`program f\n  for i: y[i] += ${zero} / x[i]`, 'f', [1], 'y', [1]).tensors.get('y')!;
    expect(numerator.value[0]).toBe(0);
    expect(covers(numerator.value[0], numerator.error[0], new Fraction(1, 10n ** 30n))).toBe(true);
    const denominator = runBoth(`program f\n  for i, j: q[i, j] = x[i] / (w[i, j] + ${zero})`, 'f', [1], 'q', [1], [2 ** -90]).tensors.get('q')!;
    expect(denominator.value[0]).toBe(2 ** 90);
    expect(covers(denominator.value[0], denominator.error[0], new Fraction(1).div(exactOf(2 ** -90).add(new Fraction(1, 10n ** 30n))))).toBe(true);
    // 2^20 + 10^-10 rounds to 2^20: the argument is computed as 0, within 10^-10 of its value
    const exp = runBoth('program f\n  for i: y[i] += exp((x[i] + 1e-10) - x[i])', 'f', [2 ** 20], 'y', [1]).tensors.get('y')!;
    expect(exp.value[0]).toBe(1);
    expect(coversDecimal(exp.value[0], exp.error[0], D50.exp(D50.fromRational(new Fraction(1, 10n ** 10n))))).toBe(true);
  });

  it('a tanh of an input below the band leaves float64 (LeftFloat64): tanh 2^-1070 is 2^-1070 in float64, its bound 8u·2^-1070 underflows to 0, and the 0 ± 0 of tanh(x) − x, where the exact value is about −x³/3, times 2^290 twelve times was 0 ± 0 for about −2^270/3', () => {
    const file = fileOf(`program f\n  for i: y[i] += (tanh(x[i]) - x[i])${' * w[i, 1]'.repeat(12)}`);
    const program = compileFloat64(file, file.programs.get('f')!);
    // the run alone: the reverse's 1 − tanh² throws on its own (tanh² underflows)
    expect(() => program.run({ I: 1, J: 1 }, new Map([['x', tensor([2 ** -1070])], ['w', tensor([2 ** 290], [1, 1])]]))).toThrow(LeftFloat64);
  });

  it('says why it left float64: a product or quotient underflowed, a divisor or a ln’s argument may be 0', () => {
    for (const [body, x, message] of [
      ['x[i] * x[i]', 1e-200, '1e-200·1e-200 underflowed to 0'],
      ['x[i] / 1e200', 1e-200, '1e-200/1e+200 underflowed to 0'],
      ['1 / (x[i] - 1)', 1, 'division by 0 ± 0: the divisor may be 0'],
      ['log(x[i] - 1)', 1, 'ln of 0 ± 0: the argument may be ≤ 0'],
    ] as const) expect(() => runBoth(`program f\n  for i: y[i] += ${body}`, 'f', [x], 'y', [1])).toThrow(new LeftFloat64(message));
  });

  it('powers 0, 64 and −1, a unary +, an index’s and a size’s value, index arithmetic: by hand', () => {
    // y_i = x_i^0 + (+x_i) + i·I + (i + I) + 1/x_{I+1−i} at x = (2, 4): (1 + 2 + 2 + 3 + 1/4, 1 + 4 + 4 + 4 + 1/2); dy/dx = 1 − 1/x_k², crossed
    const { tensors, adjoints } = runBoth('program f\n  for i: y[i] += x[i]^0 + (+x[i]) + i * I + (i + I) + x[-(-(I + 1 - i + 0 * J))]^(-1)', 'f', [2, 4], 'y', [1, 1]);
    expect([...tensors.get('y')!.value]).toEqual([8.25, 13.5]);
    expect([...adjoints.get('x')!.value]).toEqual([0.75, 0.9375]);
    // a Σ over the loop's own letter, the loop's letter read again after it: y_i = (Σ x)·x_i = (3, 6), ∂/∂x_m Σ_i y_i = 2Σx = 6
    const shadowed = runBoth('program f\n  for i: y[i] += sum(i, x[i]) * x[+i]', 'f', [1, 2], 'y', [1, 1]);
    expect([...shadowed.tensors.get('y')!.value]).toEqual([3, 6]);
    expect([...shadowed.adjoints.get('x')!.value]).toEqual([6, 6]);
    // both axes of a read moved by a Σ: y_i = Σ_j w_jj = 1 + 4 at w = ((1, 2), (3, 4)); ∂w_jj = a_1 + a_2 = 11
    const diagonal = runBoth('program f\n  for i: y[i] += sum(j, w[j, j])', 'f', [0, 0], 'y', [1, 10], [1, 2, 3, 4]);
    expect([...diagonal.tensors.get('y')!.value]).toEqual([5, 5]);
    expect([...diagonal.adjoints.get('w')!.value]).toEqual([11, 0, 0, 11]);
    // x^64 and its derivative 64·x^63 at x = 2, 1/2
    const power = runBoth('program f\n  for i: y[i] += x[i]^64', 'f', [2, 0.5], 'y', [1, 1]);
    expect([...power.tensors.get('y')!.value]).toEqual([2 ** 64, 2 ** -64]);
    expect([...power.adjoints.get('x')!.value]).toEqual([2 ** 69, 2 ** -57]);
    // products of powers of 2 round nothing (a quotient's bound is u|v| whatever it is)
    for (const t of [power.tensors.get('y')!, power.adjoints.get('x')!]) expect(Math.max(...t.error)).toBe(0);
  });

  it('a program of eleven statements: the later ones’ loop variables (i10, i11) hoisted and split as the first ones’', () => {
    // y = 11·x·w summed over j, the last statements' offsets at the loop depth their letters have
    const { tensors, adjoints } = runBoth(`program f${'\n  for i, j: z[i] += w[i, j] * x[i]'.repeat(11)}`, 'f', [1, 2], 'z', [1, 1], [1, 2, 3, 4]);
    expect([...tensors.get('z')!.value]).toEqual([33, 154]);
    expect([...adjoints.get('w')!.value]).toEqual([11, 11, 22, 22]);
  });

  it('refuses a step block, naming its statement’s line', () => {
    const file = parseClaimFile('size T in 1..4\nindex t in 1..T\ntensor x[t], z[t]\nprogram f\n  step t:\n    z[t] = 2 * x[t]', 'f64.claims');
    expect(() => compileFloat64(file, file.programs.get('f')!)).toThrow(new Float64Unsupported('f64.claims:6: a step block is not compiled for float64'));
  });

  it('refuses each construct it does not compile, naming the line and the construct', () => {
    const file = (body: string) => parseClaimFile(`size I, J in 1..4\nindex i in 1..I\nindex j in 1..J\nindex k in 0..J\ntensor x[i], y[i], u[k], r[i, k]\nfunction g\nprogram f\n  for i: y[i] += ${body}`, 'f64.claims');
    for (const [body, message] of [
      ['x[i]^65', 'f64.claims:8: the power 65 is not compiled for float64'],
      ['x[i]^(1/2)', 'f64.claims:8: the power (1 / 2) is not compiled for float64'],
      ['((x[i]^64)^64)^64', 'f64.claims:8: the power 64 of a long expression is not compiled for float64'],
      ['u[1]', 'f64.claims:8: u, whose axis starts below 1, is not compiled for float64'],
      ['sum(k, x[i])', 'f64.claims:4: the index k, which starts at 0, is not compiled for float64'],
      ['x[i / 1]', 'f64.claims:8: the index expression i / 1 is not compiled for float64'],
      ['x[j]', 'f64.claims:8: the index j where no loop or sum binds it is not compiled for float64'],
      ['v[i]', 'f64.claims:8: "v[i]" is not compiled for float64'],
      ['(x[i] > 0)', 'f64.claims:8: the operator > is not compiled for float64'],
      ['x[1.5]', 'f64.claims:8: the index expression 1.5 is not compiled for float64'],
      ['pi', 'f64.claims:8: the name pi is not compiled for float64'],
      ['r[i, 1]', 'f64.claims:8: r, whose axis starts below 1, is not compiled for float64'],
      ['relu(x[i])', 'f64.claims:8: relu(...) is not compiled for float64'],
      ['g(x[i])', 'f64.claims:8: the function g is not compiled for float64'],
    ]) {
      const f = file(body);
      expect(() => compileFloat64(f, f.programs.get('f')!), body).toThrow(new Float64Unsupported(message));
    }
  });

  it('a product of nonzero values rounded to 0 leaves float64 (LeftFloat64): 10^-200 · 10^-200', () => {
    expect(() => runBoth('program f\n  for i: y[i] += x[i] * x[i]', 'f', [1e-200], 'y', [1])).toThrow(LeftFloat64);
  });

  it('sumError is the exact rounding error of a sum: 0 where nothing rounds, 2^-53 for 1 + 2^-53', () => {
    expect(sumError(0.5, 0.25, 0.75)).toBe(0);
    expect(sumError(1, 2 ** -53, 1 + 2 ** -53)).toBe(2 ** -53);
    expect(sumError(1e16, 1, 1e16 + 1)).toBe(1);
  });
});

describe('compileFloat64 against exact rationals (review: a differential fuzz)', () => {
  // programs of + − × ÷, powers, Σ and shifted or flipped indices over inputs x[i], w[i, j], v[j]:
  // a first statement into q[i, j] (+=, −= or =), a second into y[i] reading q; every value of
  // both and every input's gradient must lie within its bound of the exact rational
  const header = 'size I, J in 1..3\nindex i in 1..I\nindex j in 1..J\nindex k in 1..J\ntensor x[i], w[i, j], v[j], q[i, j], y[i]\n';
  const constants = ['0.1', '3', '0.5', '1e-3', '0.3333', '1e8', '7'];
  const expression = (leaves: readonly string[], inner: readonly string[] | null): fc.Arbitrary<string> =>
    fc.letrec<{ e: string }>((tie) => ({
      e: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom(...leaves, ...constants),
        fc.tuple(tie('e'), fc.constantFrom('+', '-', '*', '*', '/'), tie('e')).map(([a, op, b]) => `(${a} ${op} ${b})`),
        tie('e').map((a) => `(${a})^2`),
        tie('e').map((a) => `(${a})^(-1)`),
        tie('e').map((a) => `-(${a})`),
        ...(inner ? [expression(inner, null).map((a) => `sum(k, ${a})`)] : []),
      ),
    })).e;
  const first = expression(['x[i]', 'w[i, j]', 'v[j]', 'v[J + 1 - j]', 'x[I + 1 - i]'], ['w[i, k]', 'v[k]', 'w[i, k] * v[j]']);
  const second = expression(['x[i]', 'q[i, 1]', 'q[I + 1 - i, J]', 'w[i, J]'], ['q[i, k]', 'w[i, k] * v[k]', 'x[i] * q[I + 1 - i, k]']);
  // doubles that round in products and sums, float32 ones that do not, and 0
  const value = fc.constantFrom(0, 1, -2, 0.125, 3, 0.1, 1 / 3, 1 + 2 ** -52, 1 + 2 ** -23, 3 * 2 ** -20, Math.fround(0.1), 2 ** 40 + 1, -7.5, 2 ** -60);
  const values = (n: number) => fc.array(value, { minLength: n, maxLength: n });
  const R = dual(rational);

  it('every value and gradient within its bound, with and without statements left out (needed)', () => {
    fc.assert(
      fc.property(
        fc.record({ first, second, op: fc.constantFrom('+=', '-=', '='), I: fc.integer({ min: 1, max: 3 }), J: fc.integer({ min: 1, max: 3 }), leaveOut: fc.boolean() }).chain((p) =>
          fc.record({ p: fc.constant(p), x: values(p.I), w: values(p.I * p.J), v: values(p.J), gq: values(p.I * p.J), gy: values(p.I) }),
        ),
        ({ p, x, w, v, gq, gy }) => {
          const file = parseClaimFile(`${header}program f\n  for i, j: q[i, j] ${p.op} ${p.first}\n  for i: y[i] += ${p.second}\n`, 'fuzz.claims');
          const program = file.programs.get('f')!;
          const sizes = { I: p.I, J: p.J };
          const inputs = { x: [x, [p.I]], w: [w, [p.I, p.J]], v: [v, [p.J]] } as const;
          const tensors = new Map(Object.entries(inputs).map(([name, [data, shape]]) => [name, tensor(data, shape)]));
          const adjoints = new Map([['q', tensor(gq, [p.I, p.J])], ['y', tensor(gy, [p.I])]]);
          // with q left out, only y's value is computed; q's adjoint reaches the inputs all the same
          const needed = p.leaveOut ? new Set(['y']) : undefined;
          try {
            const f64 = compileFloat64(file, program);
            f64.run(sizes, tensors, needed);
            f64.reverse(sizes, tensors, adjoints, needed);
          } catch (e) {
            // the exact path decides there
            if (e instanceof LeftFloat64 || e instanceof NotationError) return;
            throw e;
          }
          // the exact values, each input entry with a tangent of its own
          const names = Object.keys(inputs) as (keyof typeof inputs)[];
          const offsets = names.map((_, k) => names.slice(0, k).reduce((n, name) => n + inputs[name][0].length, 0));
          const exact = new Map<string, Tensor<ReturnType<typeof R.fromNumber>>>(
            names.map((name, k) => [name, { shape: [...inputs[name][1]], data: inputs[name][0].map((a, i) => ({ v: exactOf(a), d: [...new Array<Fraction>(offsets[k] + i).fill(new Fraction(0)), new Fraction(1)] })) }]),
          );
          try {
            compileProgram(file, program, R).run({ sizes, tensors: exact });
          } catch (e) {
            // no value in exact arithmetic, where float64 gave one: a bound hid a division by 0
            if (e instanceof NotRepresentable) expect.fail(`float64 ran where the program has no value: ${e.message}`);
            throw e;
          }
          const within = (what: string, a: number, error: number, truth: Fraction) => expect(covers(a, error, truth), `${what}: ${a} ± ${error}, exact ${truth.toFraction()}`).toBe(true);
          for (const name of needed ? ['y'] : ['q', 'y']) {
            const t = tensors.get(name)!;
            exact.get(name)!.data.forEach((e, i) => within(`${name}[${i}]`, t.value[i], t.error[i], e.v));
          }
          names.forEach((name, k) =>
            inputs[name][0].forEach((_, i) => {
              let g = new Fraction(0);
              for (const [out, seed] of [['q', gq], ['y', gy]] as const) exact.get(out)!.data.forEach((e, at) => (g = g.add(exactOf(seed[at]).mul(tangent(rational, e, offsets[k] + i)))));
              const a = adjoints.get(name);
              within(`d/d${name}[${i}]`, a ? a.value[i] : 0, a ? a.error[i] : 0, g);
            }),
          );
        },
      ),
      { numRuns: 30 },
    );
  });
});
