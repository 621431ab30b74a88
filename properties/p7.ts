/**
 * Problem 7: the highway update with a parameter gate (a discussion). No pass/fail property: the
 * measured facts behind the exam's answer — what a constant gate does to signal and gradient
 * across layers with separate parameters (CNN) and across time steps with shared ones (RNN), what
 * a gate that cannot look at the values can remember, and what the exam's text literally says.
 */
import { backward, forward, type HighwayLayer, type Reading } from '../impl/highway.ts';
import { seededDyadics } from './arbitraries/scalars.ts';
import type { Finding, Measurement } from './claim.ts';
import type { RunSettings } from './profile.ts';
import type { BuiltClaims } from './ts-claims.ts';

/** Channels of every state L_i. */
const WIDTH = 16;
/** E[u²] for u uniform on seededDyadics' ±1/16 … ±1: Σ_{k=1..16} k²/16³. */
const DYADIC_VARIANCE = 1496 / 4096;
const DEPTHS = [1, 2, 4, 8, 16, 32, 64, 128];
const GATES = [0, 0.5, 0.9, 0.99];
const GAINS = [1, 2];
/** Random networks per configuration: the table shows the geometric mean over them. */
const DRAWS = 4;

/** A 32-bit seed for part `parts` of the run's seed (an integer hash: different parts, unrelated streams). */
const mix = (...parts: number[]): number => parts.reduce((h, p) => Math.imul(h ^ (p | 0), 0x9e3779b1) ^ (h >>> 15), 0x85ebca6b) | 0;

const norm = (v: ArrayLike<number>): number => Math.hypot(...Array.from(v));
const unit = (v: Float64Array): Float64Array => v.map((x) => x / norm(v));

/** A layer with weights of variance gain²/WIDTH (gain 1: the diversion keeps a unit input's scale), B = 0, gate `F`. */
function randomLayer(seed: number, gain: number, F: Float64Array): HighwayLayer {
  const scale = gain / Math.sqrt(WIDTH * DYADIC_VARIANCE);
  return { W: seededDyadics(seed, WIDTH * WIDTH).map((w) => w * scale), B: new Float64Array(WIDTH), F };
}

/** N layers: separate parameters for the CNN, one layer repeated for the RNN. */
function stack(kind: 'CNN' | 'RNN', seed: number, N: number, gain: number, F: (i: number) => Float64Array): HighwayLayer[] {
  if (kind === 'RNN') return Array<HighwayLayer>(N).fill(randomLayer(seed, gain, F(0)));
  return Array.from({ length: N }, (_, i) => randomLayer(mix(seed, i), gain, F(i)));
}

/** ‖∂(v·L_N)/∂L_0‖ and ‖L_N‖/‖L_0‖ for each depth N in DEPTHS, from one forward pass of the deepest stack. */
function acrossDepth(layers: readonly HighwayLayer[], L0: Float64Array, v: Float64Array, reading: Reading = 'corrected') {
  const { L, D } = forward(layers, L0, reading);
  return DEPTHS.map((N) => ({ gradient: norm(backward(layers.slice(0, N), D.slice(0, N), v, reading)), signal: norm(L[N]) / norm(L0) }));
}

const constantGate = (f: number) => () => new Float64Array(WIDTH).fill(f);
const geometricMean = (xs: readonly number[]): number => Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
const round3 = (x: number): number => Number(x.toPrecision(3));
const sci = (x: number): string => x.toExponential(1);

function depthMeasurement(run: RunSettings): Measurement {
  const deepest = DEPTHS[DEPTHS.length - 1];
  const configs = GAINS.flatMap((gain) => GATES.flatMap((f) => (['CNN', 'RNN'] as const).map((kind) => ({ kind, f, gain }))));
  const results = configs.map(({ kind, f, gain }) => {
    const draws = Array.from({ length: DRAWS }, (_, r) => {
      const seed = mix(run.seed, r);
      const L0 = seededDyadics(mix(seed, -1), WIDTH);
      const v = unit(seededDyadics(mix(seed, -2), WIDTH));
      return acrossDepth(stack(kind, seed, deepest, gain, constantGate(f)), L0, v);
    });
    const at = (k: number, key: 'gradient' | 'signal') => geometricMean(draws.map((d) => d[k][key]));
    const last = draws.map((d) => d[DEPTHS.length - 1].gradient);
    return { kind, f, gain, gradient: DEPTHS.map((_, k) => at(k, 'gradient')), signal: DEPTHS.map((_, k) => at(k, 'signal')), range: [Math.min(...last), Math.max(...last)] };
  });
  const shown = [8, 32, 128].map((N) => DEPTHS.indexOf(N));
  const find = (kind: string, f: number, gain: number) => results.find((r) => r.kind === kind && r.f === f && r.gain === gain)!;
  const pick = (kind: string, f: number, gain: number) => find(kind, f, gain).gradient[DEPTHS.length - 1];
  const range = (kind: string, f: number, gain: number) => find(kind, f, gain).range.map(sci).join(' … ');
  const plotted = results.filter((r) => r.gain === 1 && r.f !== 0.5);
  return {
    id: 'depth',
    title: `A constant gate across N layers (CNN: separate parameters) and N time steps (RNN: shared parameters): gradient ‖∂(v·L_N)/∂L_0‖ and signal ‖L_N‖/‖L_0‖, width ${WIDTH}, D(L) = tanh(WL), W of variance gain²/${WIDTH}, geometric mean of ${DRAWS} random networks`,
    summary: `With separate parameters the diversions are uncorrelated with the carried signal, so for gates near 1 signal and gradient follow the carry path, ΠF_i = F^N: at N = ${deepest}, gain 1, the gradient is ${sci(pick('CNN', 0.9, 1))} at F = 0.9 (0.9^${deepest} = ${sci(0.9 ** deepest)}; a plain stack, F = 0, keeps ${sci(pick('CNN', 0, 1))}) and ${sci(pick('CNN', 0.99, 1))} at F = 0.99 (0.99^${deepest} = ${sci(0.99 ** deepest)}): a constant-gate CNN keeps its gradient when the gates sit near 1, like a Resnet. With one shared layer the gradient does not follow F^N: the same Jacobian is multiplied N times, so one matrix's spectrum decides, the gate only shifting each eigenvalue λ of the diversion's Jacobian to F + (1 − F)λ (RNN at F = 0.9, gain 1: ${sci(pick('RNN', 0.9, 1))}; plain RNNs at gain 2 range over ${range('RNN', 0, 2)} across the ${DRAWS} networks, CNNs over ${range('CNN', 0, 2)}). What a constant gate cannot do is choose what to keep: the memory table.`,
    table: {
      columns: ['stack', 'gate F', 'gain', ...shown.map((k) => `gradient, N = ${DEPTHS[k]}`), 'F^128', `signal, N = ${deepest}`],
      rows: results.map((r) => [r.kind, r.f, r.gain, ...shown.map((k) => round3(r.gradient[k])), round3(r.f ** deepest), round3(r.signal[DEPTHS.length - 1])]),
    },
    plot: {
      x: { label: 'depth N (layers or time steps)', log: true },
      y: { label: '‖∂(v·L_N)/∂L_0‖ (gain 1)', log: true },
      series: plotted.map((r) => ({ name: `${r.kind}, F = ${r.f}`, points: DEPTHS.map((N, k) => [N, r.gradient[k]] as const) })),
    },
  };
}

/**
 * Recall in a linear highway RNN whose diversion writes the input, D(L_t, x_t) = x_t: the state
 * L_T = Σ_t c_t x_t, and with x_t independent, mean 0, variance 1, the mean squared error of
 * L_T as the recalled x_k is (1 − c_k)² + Σ_{t≠k} c_t², averaged over the marked step k.
 * `gate(k, t)` is the gate at step t when step k is marked.
 */
function recallError(T: number, gate: (k: number, t: number) => number): number {
  let total = 0;
  for (let k = 0; k < T; k++) {
    const c = new Array<number>(T).fill(0);
    for (let t = 0; t < T; t++) {
      const F = gate(k, t);
      for (let s = 0; s < t; s++) c[s] *= F; // L_{t+1} = F L_t + (1 − F) x_t
      c[t] = 1 - F;
    }
    total += c.reduce((e, ct, t) => e + (t === k ? (1 - ct) ** 2 : ct ** 2), 0);
  }
  return total / T;
}

/** The best constant gate for recall over T steps, on a grid of step 1/1000 (the error is smooth in F). */
function bestConstantGate(T: number): { F: number; error: number } {
  let best = { F: 0, error: Infinity };
  for (let j = 0; j <= 1000; j++) {
    const error = recallError(T, () => j / 1000);
    if (error < best.error) best = { F: j / 1000, error };
  }
  return best;
}

function memoryMeasurement(): Measurement {
  const rows = [1, 2, 4, 8, 16, 32].map((T) => {
    const best = bestConstantGate(T);
    return [T, best.F, round3(best.error), recallError(T, (k, t) => (t === k ? 0 : 1))];
  });
  return {
    id: 'memory',
    title: 'Recalling the marked one of T inputs with a shared gate: L_{t+1} = F_t L_t + (1 − F_t) x_t, x_t independent with variance 1 (mean squared error; 1 is what guessing 0 scores)',
    summary:
      'A constant gate forgets at the same rate at every step, so L_T is a fixed exponential average of the inputs whichever one matters: even the best constant F leaves most of the error (0.56 at T = 2, 0.97 at T = 32, tending to 1). A value-dependent gate (F_t = 0 at the marked step, 1 elsewhere) recalls it exactly. This supports the exam: in an RNN the forget gate must depend on the values.',
    table: { columns: ['T', 'best constant F', 'error, best constant F', 'error, value-dependent gate'], rows },
  };
}

/** Per-channel gates in [1/2, 1] for layer i: a CNN whose layers carry different fractions. */
const randomGates = (seed: number) => (i: number) => seededDyadics(mix(seed, i, 7), WIDTH).map((u) => 0.75 + u / 4);

/**
 * The exam's text as written, D_i(F_i), against the corrected D_i(L_i): how far L_N is from the
 * affine map (ΠF_i) L_0 + L_N(0), and how far ∂(v·L_N)/∂L_0 is from (ΠF_i) v.
 */
function erratumNumbers(seed: number, N = 16) {
  const layers = stack('CNN', seed, N, 1, randomGates(seed));
  const product = layers.reduce((p, l) => p.map((x, j) => x * l.F[j]), new Float64Array(WIDTH).fill(1));
  const x = seededDyadics(mix(seed, -1), WIDTH);
  const v = unit(seededDyadics(mix(seed, -2), WIDTH));
  const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (ai, j) => Math.abs(ai - b[j])));
  return (['literal', 'corrected'] as const).map((reading) => {
    const { L, D } = forward(layers, x, reading);
    const atZero = forward(layers, new Float64Array(WIDTH), reading).L[N];
    return {
      reading,
      affine: maxDiff(L[N], atZero.map((c, j) => c + product[j] * x[j])),
      jacobian: maxDiff(backward(layers, D, v, reading), v.map((vj, j) => product[j] * vj)),
      productRange: [Math.min(...product), Math.max(...product)],
    };
  });
}

const ERRATUM_DEPTH = 16;
const READING_TEXT = { literal: 'as written: D_i(F_i)', corrected: 'corrected: D_i(L_i)' } as const;

function erratumMeasurement(run: RunSettings): Measurement {
  const numbers = erratumNumbers(run.seed, ERRATUM_DEPTH);
  return {
    id: 'erratum-diversion-argument',
    title: `The exam's "diversion D_i(F_i)" read literally: ${ERRATUM_DEPTH} layers, per-channel gates in [1/2, 1], gain 1`,
    summary:
      'Read literally, the diversion is applied to the gate parameter, a constant, so every layer is affine in L_i and the stack is L_N = (ΠF_i) L_0 + const: its distance from that affine map is rounding only, and the gradient is (ΠF_i) v up to rounding. With D_i(L_i) the same stack departs from both by orders of magnitude more than rounding.',
    table: {
      columns: ['reading', 'max |L_N − (ΠF_i)L_0 − L_N(0)|', 'max |∂(v·L_N)/∂L_0 − (ΠF_i)v|', 'ΠF_i (per channel, min … max)'],
      rows: numbers.map((r) => [READING_TEXT[r.reading], r.affine, r.jacobian, `${round3(r.productRange[0])} … ${round3(r.productRange[1])}`]),
    },
  };
}

/** The finding's numbers, at a fixed seed so the text does not change between runs. */
const [literal, corrected] = erratumNumbers(1, ERRATUM_DEPTH);

const findings: Finding[] = [
  {
    id: 'diversion-argument',
    counterexample: { layers: ERRATUM_DEPTH, seed: 1, distanceFromAffineAsWritten: literal.affine, distanceFromAffineCorrected: corrected.affine },
    summary: `Erratum: the exam writes "the diversion D_i(F_i)", i.e. D_i applied to the gate parameter F_i. Read literally the diversion ignores L_i and is a constant, so the stack collapses to L_N = (ΠF_i) L_0 + const, a linear map of the input: measured at ${ERRATUM_DEPTH} layers (seed 1), L_N departs from that affine map by ${literal.affine.toExponential(1)} (rounding) as written, by ${round3(corrected.affine)} with D_i(L_i). The update two lines above, L_{i+1} = F_i * L_i + (1 − F_i) * D_i(L_i), shows what is meant. Corrected wording: "In a Resnet-like CNN the diversion D_i(L_i) uses different parameters for each i."`,
  },
  {
    id: 'gate-near-one',
    counterexample: { gate: 0.9, layers: 128, 'carry factor ΠF_i': 0.9 ** 128 },
    summary:
      'The exam calls the constant-gate CNN reasonable without saying where the gates must sit. The carry path scales signal and gradient by ΠF_i, and with separate diversions little else carries them (the depth table: at F = 0.9 both follow 0.9^N, about 10^-6 at 128 layers, less than a plain tanh stack keeps; at F = 0.99 about 0.28). It is a reasonable Resnet-like architecture when the F_i start near 1, so that ΠF_i is not small (as highway networks bias their gates toward carrying). Suggested wording: "reasonable, provided the diversions have independent parameters at each layer and the gates are initialized near 1".',
  },
];

export const built: BuiltClaims = {
  'P7.highway': {
    expected: 'discussion',
    findings,
    measure: (run) => [depthMeasurement(run), memoryMeasurement(), erratumMeasurement(run)],
  },
};
