/**
 * The gradient check at scale (`npm run bench`'s atScale; alone: `node bin/run-ts.js bench/scale.ts
 * [--scale-limit S]`, JSON on stdout): one curve per claim, 10 to 10⁶ entries.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FLOAT64_FROM, gradientCheck, type GradientCase, type GradientVerdict } from '../oracles/checks/gradient.ts';
import { parseClaimFile } from '../oracles/notation/index.ts';
import { uint32Stream } from '../oracles/prng.ts';
import { cpuSeconds, round1, seconds } from './timing.ts';

/**
 * The gradient check at scale: one example of a claim-file `gradient` claim per size, smallest
 * first, in wall time and process time, the median of REPEAT runs of it (each run's process time
 * in cpuMsEachRun: the first pays for optimizing the code the float64 path generates, which a
 * check of many examples pays once). `sizesOf(n)` gives the sizes: the softmax's B = J = n (n²
 * entries), P1's N = H = W = C = n (n⁴), the convolution's X = Y = n (n² outputs). From
 * FLOAT64_FROM input entries the check runs on its float64 path (oracles/checks/gradient.ts): each
 * point says which path decided and, for float64, how many entries it resolved to a relative
 * 1e-12 and the coarsest resolution of the rest. The exact path alone (`exact`) is timed too, up
 * to the first example slower than --scale-limit seconds. Values: inputs m/8 (|m| ≤ 32), outGrad
 * −3..3, gradsBefore 1..3, from a seeded stream. At the largest size, `injected`: the answer with
 * one entry off by a relative 1e-12 (one more statement adding 1e-12 times the entry's own
 * gradient), which must be refuted. `fresh`: the largest example, right and with the error, each
 * checked REPEAT times in a process of its own (largestRuns: cpuMsFirstRun is that process's first
 * check, paying for everything V8 compiles on the way, what one check of one big program costs;
 * cpuMsMedian the median of the REPEAT). Alone: `node bin/run-ts.js bench/scale.ts --cold CLAIM
 * [--injected]`.
 */
interface Curve {
  readonly claim: string;
  /** The claim file's text and the name its messages give. */
  readonly text: string;
  readonly path: string;
  readonly sides: readonly number[];
  readonly exactSides: readonly number[];
  readonly sizesOf: (n: number) => Record<string, number>;
  /** The statement that adds the 1e-12 error, and the line of the answer it goes after. */
  readonly inject: (x: GradientCase) => { readonly after: string; readonly add: string };
}
/** The curve's claim checked in `source` (its text, or the text with an error injected). */
const checkOf = ({ claim, path }: Curve, source: string, float64From?: number) => {
  const file = parseClaimFile(source, path);
  return gradientCheck(file, file.claims.find((c) => c.id === claim)!, { float64From });
};

/** The example of side n: the module comment's values, from a stream seeded with n. */
function caseOf(curve: Curve, n: number): GradientCase {
  const { signature } = checkOf(curve, curve.text);
  const sizes = curve.sizesOf(n);
  const count = (axes: readonly string[]) => axes.reduce((k, a) => k * sizes[a], 1);
  const next = uint32Stream(n);
  const fill = (axes: readonly string[], f: (r: number) => number) => Array.from({ length: count(axes) }, () => f(next()));
  return {
    sizes,
    values: Object.fromEntries(signature.inputs.map((t) => [t.name, fill(t.axes, (r) => ((r % 65) - 32) / 8)])),
    outGrad: Object.fromEntries(signature.outputs.map((t) => [t.name, fill(t.axes, (r) => (r % 7) - 3)])),
    gradsBefore: Object.fromEntries(signature.checked.map((t) => [t.name, fill(t.axes, (r) => (r % 3) + 1)])),
    directionSeed: 1,
  };
}

/** The curve's text with the 1e-12 error injected for example x (Curve.inject). */
function injectedText(curve: Curve, x: GradientCase): { readonly statement: string; readonly text: string } {
  const { after, add } = curve.inject(x);
  if (!curve.text.includes(after)) throw new Error(`bench: "${after}" is not in ${curve.path}`);
  return { statement: add.trim(), text: curve.text.replace(after, `${after}\n${add}`) };
}

/**
 * The largest example checked REPEAT times in this process, the check built first (outside the
 * timing) from the curve's text or, with `injected`, the text with the 1e-12 error: process time
 * of each run, the first paying for everything V8 compiles on the way. Run in a fresh process
 * (coldRuns), it is what one check of one big program costs a staff member.
 */
function largestRuns(curve: Curve, injected: boolean) {
  const x = caseOf(curve, curve.sides[curve.sides.length - 1]);
  const check = checkOf(curve, injected ? injectedText(curve, x).text : curve.text);
  let verdict = { holds: true } as GradientVerdict;
  const cpuMsEachRun = Array.from({ length: REPEAT }, () => Math.round(1000 * cpuSeconds(() => (verdict = check.check(x)))));
  return { cpuMsFirstRun: cpuMsEachRun[0], cpuMsMedian: [...cpuMsEachRun].sort((a, b) => a - b)[REPEAT >> 1], cpuMsEachRun, holds: verdict.holds, ...(verdict.holds === false && { reason: verdict.reason.slice(0, 300) }) };
}

/** largestRuns in a fresh process (this file with --cold), so that its first run is the process's first check. */
function coldRuns(curve: Curve, injected: boolean): ReturnType<typeof largestRuns> {
  const here = fileURLToPath(import.meta.url);
  const runTs = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
  const run = spawnSync(process.execPath, [runTs, here, '--cold', curve.claim, ...(injected ? ['--injected'] : [])], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`bench: ${here} --cold ${curve.claim}: ${run.stderr.trim().split('\n').pop()}`);
  return JSON.parse(run.stdout);
}

function scaleCurve(curve: Curve, scaleLimit: number) {
  const { claim: claimId, text, sides, exactSides } = curve;
  const check = checkOf(curve, text);
  const time = (c: typeof check, x: GradientCase, repeat = 1) => {
    let verdict = { holds: true } as GradientVerdict;
    const runs = Array.from({ length: repeat }, () => {
      let cpu = 0;
      const wall = seconds(() => (cpu = cpuSeconds(() => (verdict = c.check(x)))));
      return { wall, cpu };
    });
    // the median run: the first of a size pays for optimizing the generated code (a check runs many examples)
    const { wall, cpu } = [...runs].sort((a, b) => a.cpu - b.cpu)[repeat >> 1];
    const entries = Object.values(x.values).reduce((k, v) => k + v.length, 0);
    const outputs = Object.values(x.outGrad).reduce((k, v) => k + v.length, 0);
    const float64 = verdict.holds === true ? verdict.float64 : undefined;
    return {
      entries,
      outputs,
      path: float64 || (verdict.holds === false && / \(float64 with running error bounds/.test(verdict.reason)) ? 'float64' : c.numbers,
      wallMs: Math.round(1000 * wall),
      cpuMs: Math.round(1000 * cpu),
      ...(repeat > 1 && { cpuMsEachRun: runs.map((r) => Math.round(1000 * r.cpu)) }),
      cpuUsPerEntry: round1((1e6 * cpu) / entries),
      holds: verdict.holds,
      ...(verdict.holds === false && { reason: verdict.reason.slice(0, 300) }),
      ...(float64 && { resolved: float64.resolved, limited: float64.limited, resolution: float64.resolution, coarsest: String(float64.coarsest) }),
    };
  };
  const points = sides.map((n) => time(check, caseOf(curve, n), REPEAT));
  const exactCheck = checkOf(curve, text, Infinity);
  const exact: ReturnType<typeof time>[] = [];
  for (const n of exactSides) {
    exact.push(time(exactCheck, caseOf(curve, n)));
    if (exact[exact.length - 1].wallMs > 1000 * scaleLimit) break;
  }
  const largest = caseOf(curve, sides[sides.length - 1]);
  const inserted = injectedText(curve, largest);
  const injected = { statement: inserted.statement, ...time(checkOf(curve, inserted.text), largest, REPEAT) };
  // the largest example again, each in a process of its own: the first run there is a first run of everything
  const fresh = { right: coldRuns(curve, false), injected: coldRuns(curve, true) };
  return { claim: claimId, numbers: check.numbers, float64From: FLOAT64_FROM, points, exact, injected, fresh };
}
const examText = (path: string) => readFileSync(fileURLToPath(new URL(`../${path}`, import.meta.url)), 'utf8');
const SIDES = [3, 10, 32, 100, 316, 1000];
const REPEAT = 3;

/**
 * No claim of the course states the gradient of a convolution, so the bench writes one from the
 * exam's own convolution program (03CNNs Problem 2's `conv`, verbatim: a `count` claim there): the
 * input L declared over u, v in 1..X + DeltaX (the exam leaves its extent to the reader; x + dx
 * reaches X + DeltaX), and the textbook backward (each product's two factors' gradients, and the
 * threshold's). A bench case, not a claim: it is in no claim file.
 */
function convolutionClaims(): string {
  const exam = examText('exams/course-03CNNs/p2.claims');
  const conv = /^program conv\n(?:  .*\n)+/m.exec(exam);
  if (!conv) throw new Error('bench: exams/course-03CNNs/p2.claims has no program conv');
  return `size B, X, Y, DeltaX, DeltaY, N_out, N_in, XL, YL in 1..4
index b in 1..B
index x in 1..X
index y in 1..Y
index u in 1..XL
index v in 1..YL
index dx in 1..DeltaX
index dy in 1..DeltaY
index n_out in 1..N_out
index n_in in 1..N_in
tensor K[n_out, dx, dy, n_in], Bias[n_out], L[b, u, v, n_in], Lout[b, x, y, n_out]

${conv[0]}
program conv_backward
  for b, x, y, n_out, dx, dy, n_in: K.grad[n_out, dx, dy, n_in] += Lout.grad[b, x, y, n_out] * L[b, x + dx, y + dy, n_in]
  for b, x, y, n_out, dx, dy, n_in: L.grad[b, x + dx, y + dy, n_in] += Lout.grad[b, x, y, n_out] * K[n_out, dx, dy, n_in]
  for b, x, y, n_out: Bias.grad[n_out] -= Lout.grad[b, x, y, n_out]

claim conv.backward: gradient conv_backward of conv
  expected: verified
`;
}

const CURVES: readonly Curve[] = [
  {
    claim: '02MLP-p3',
    path: 'exams/course-02MLP/p3.claims',
    text: examText('exams/course-02MLP/p3.claims'),
    sides: SIDES,
    exactSides: SIDES.slice(0, -1),
    sizesOf: (n) => ({ B: n, J: n }),
    inject: (x) => {
      const [b, j] = [Math.ceil(x.sizes.B / 3), Math.ceil(x.sizes.J / 7)];
      return { after: '  for b, j: s.grad[b, j] += p[b, j] * (p.grad[b, j] + e[b])', add: `  s.grad[${b}, ${j}] += 1e-12 * p[${b}, ${j}] * (p.grad[${b}, ${j}] + e[${b}])` };
    },
  },
  {
    claim: 'P1.backward',
    path: 'exams/midterm-practice/p1.claims',
    text: examText('exams/midterm-practice/p1.claims'),
    sides: [2, 3, 6, 10, 18, 32],
    exactSides: [2, 3, 6, 10, 18],
    sizesOf: (n) => ({ N: n, H: n, W: n, C: n }),
    inject: (x) => {
      // the middle entry, moved on to the first where L'.grad and A are nonzero (else the added term is 0)
      const C = x.sizes.C;
      let k = x.outGrad["L'"].length >> 1;
      while (x.outGrad["L'"][k] === 0 || x.values.A[k % C] === 0) k++;
      const at = [x.sizes.N, x.sizes.H, x.sizes.W, C].reduceRight<number[]>((idx, n, axis) => (idx.unshift((Math.floor(k / [x.sizes.H * x.sizes.W * C, x.sizes.W * C, C, 1][axis]) % n) + 1), idx), []).join(', ');
      return { after: "  for b, x, y, c: L.grad[b, x, y, c] += L'.grad[b, x, y, c] * A[c]", add: `  L.grad[${at}] += 1e-12 * L'.grad[${at}] * A[${at.split(', ')[3]}]` };
    },
  },
  {
    claim: 'conv.backward',
    path: 'bench (03CNNs-p2 conv)',
    text: convolutionClaims(),
    sides: SIDES,
    exactSides: SIDES.slice(0, 4),
    // a 3 × 3 kernel, one channel in and out, one image: n² outputs
    sizesOf: (n) => ({ B: 1, X: n, Y: n, DeltaX: 3, DeltaY: 3, N_out: 1, N_in: 1, XL: n + 3, YL: n + 3 }),
    inject: (x) => {
      // L.grad at (u, v) near the middle is Σ over dx, dy of Lout.grad[u − dx, v − dy] · K[dx, dy]: the first such entry that is nonzero
      const { X } = x.sizes;
      const [og, K] = [x.outGrad.Lout, x.values.K];
      const gradientAt = (u: number) => [1, 2, 3].flatMap((dx) => [1, 2, 3].map((dy) => og[(u - dx - 1) * X + (u - dy - 1)] * K[(dx - 1) * 3 + (dy - 1)])).reduce((s, t) => s + t, 0);
      let u = (X >> 1) + 3;
      while (gradientAt(u) === 0) u++;
      return {
        after: '  for b, x, y, n_out, dx, dy, n_in: L.grad[b, x + dx, y + dy, n_in] += Lout.grad[b, x, y, n_out] * K[n_out, dx, dy, n_in]',
        add: `  for dx, dy: L.grad[1, ${u}, ${u}, 1] += 1e-12 * Lout.grad[1, ${u} - dx, ${u} - dy, 1] * K[1, dx, dy, 1]`,
      };
    },
  },
];

/** The three curves, the exact path's each up to its first example slower than scaleLimit seconds. */
export const scaleCurves = (scaleLimit: number) => CURVES.map((curve) => scaleCurve(curve, scaleLimit));

if (process.argv[1]?.endsWith('bench/scale.ts')) {
  const { values } = parseArgs({ options: { 'scale-limit': { type: 'string', default: '20' }, cold: { type: 'string' }, injected: { type: 'boolean', default: false } } });
  const curve = values.cold === undefined ? undefined : CURVES.find((c) => c.claim === values.cold);
  if (values.cold !== undefined && curve === undefined) throw new Error(`bench: --cold ${values.cold}: no such curve (${CURVES.map((c) => c.claim).join(', ')})`);
  console.log(JSON.stringify(curve ? largestRuns(curve, values.injected) : scaleCurves(Number(values['scale-limit'])), null, 2));
}
