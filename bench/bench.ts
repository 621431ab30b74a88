/**
 * `npm run bench`: speed, as JSON on stdout.
 * - examples/s of every built property on its reference answer (default profile shapes), or on
 *   the corrected reading where the reference is refuted by design;
 * - time to find and shrink each wrong answer's counterexample (target: under 1 s each);
 * - in the same run, the Python Hypothesis + numpy peers for Problems 1, 2 and 8
 *   (bench/peer_*.py): our examples/s ÷ theirs, in wall time and in process time (a loaded
 *   machine slows each side at different moments; process time is what the run itself costs),
 *   and our find-and-shrink time ÷ theirs. Each side is timed on its second run of the same size
 *   (ours on another seed), warm; the first run's process-time rate is reported beside it (ours
 *   pays the JIT's compilation there, on other threads: up to half of a 1000-example run's);
 * - for two claim-file claims, a softmax backward (02MLP-p3) and an expectation (P6.bias), Python
 *   peers too (bench/peer_claims.py): examples/s side by side, and the smallest relative error in
 *   the answer (the answer times 1 + δ) each refutes within its default run;
 * - the gradient check at scale: one example of a `gradient` claim at 10 … 10⁶ entries, wall and
 *   process time per example and per entry, on the path the check takes (float64 from
 *   FLOAT64_FROM entries) and on the exact path alone until one example takes longer than
 *   --scale-limit seconds, and a relative 1e-12 error in one entry of the answer at 10⁶;
 * - the wall time of the default suite (`npm test`), unless --no-suite.
 * Options: --runs N (examples per property, default 1000), --seed S, --scale-limit S (default 20),
 * --no-suite. The machine may be shared: every ratio pairs two timings of the same run.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FLOAT64_FROM, gradientCheck, type GradientCase, type GradientVerdict } from '../oracles/checks/gradient.ts';
import { parseClaimFile } from '../oracles/notation/index.ts';
import { uint32Stream } from '../oracles/prng.ts';
import { resolveRun } from '../properties/profile.ts';
import { REGISTRY } from '../properties/registry.ts';
import { trial } from '../properties/run.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' }, 'scale-limit': { type: 'string', default: '20' }, 'no-suite': { type: 'boolean', default: false } },
});
const run = resolveRun({ seed: values.seed });
const heavy = { ...run, profile: { ...run.profile, numRuns: Number(values.runs) } };
const seconds = (f: () => void) => {
  const t = performance.now();
  f();
  return (performance.now() - t) / 1000;
};
/** Process time (user + system, this process's threads, the GC's too) in seconds: what other jobs on a shared machine do not inflate. */
const cpuSeconds = (f: () => void) => {
  const start = process.cpuUsage();
  f();
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1e6;
};

const properties: Record<string, { examplesPerSecond: number; examplesPerCpuSecond: number; firstRunExamplesPerCpuSecond: number; shrinkMs: Record<string, number> }> = {};
for (const claim of REGISTRY) {
  if (claim.status !== 'built' || !claim.property) continue;
  const prop = claim.property;
  // a reference refuted by design (a finding) stops at its first failure: time the corrected reading
  const answer = claim.expected === 'refuted' ? (prop.errata?.[0]?.fixed ?? prop.reference.answer) : prop.reference.answer;
  // warm up on another seed (a claim file keeps each (answer, example)'s result, and the timed run must
  // not replay them), as many examples as the timed run: the JIT compiles the claim's code on other
  // threads meanwhile, process time the first run of a check pays once (its own figure, firstRun…)
  let firstRuns = 0;
  const firstCpu = cpuSeconds(() => (firstRuns = trial(claim.id, prop, 'reference', answer, { ...heavy, seed: run.seed + 1 }).runs));
  let runs = 0;
  let cpu = 0;
  const elapsed = seconds(() => (cpu = cpuSeconds(() => (runs = trial(claim.id, prop, 'reference', answer, heavy).runs))));
  const shrinkMs = Object.fromEntries(
    prop.wrongAnswers.map((w) => [w.id, Math.round(1000 * seconds(() => trial(claim.id, prop, w.id, w.answer, run)) * 10) / 10]),
  );
  properties[claim.id] = { examplesPerSecond: Math.round(runs / elapsed), examplesPerCpuSecond: Math.round(runs / cpu), firstRunExamplesPerCpuSecond: Math.round(firstRuns / firstCpu), shrinkMs };
}


/** The Hypothesis + numpy peers (bench/peer_*.py) for P1, P2 and P8, in the same run. */
const peers = ['peer_p1.py', 'peer_p2.py', 'peer_p8.py', 'peer_claims.py'].map((script) => {
  const peerRun = spawnSync('python3', [fileURLToPath(new URL(script, import.meta.url)), '300'], { encoding: 'utf8' });
  return peerRun.status === 0 ? JSON.parse(peerRun.stdout) : { error: `${script}: ${(peerRun.stderr || String(peerRun.error)).trim().split('\n').pop()}` };
});
const peer = {
  peer: peers.find((p) => p.peer)?.peer,
  errors: peers.flatMap((p) => (p.error ? [p.error] : [])),
  examplesPerSecond: Object.assign({}, ...peers.map((p) => p.examplesPerSecond ?? {})) as Record<string, number>,
  examplesPerCpuSecond: Object.assign({}, ...peers.map((p) => p.examplesPerCpuSecond ?? {})) as Record<string, number>,
  firstRunExamplesPerCpuSecond: Object.assign({}, ...peers.map((p) => p.firstRunExamplesPerCpuSecond ?? {})) as Record<string, number>,
  shrinkMs: Object.assign({}, ...peers.map((p) => p.shrinkMs ?? {})) as Record<string, Record<string, number | null>>,
  gradcheckRefutesRelativeError: peers[0].gradcheckRefutesRelativeError,
};
const round1 = (x: number) => Math.round(10 * x) / 10;
const examplesPerSecondRatioToPeer = Object.fromEntries(
  Object.entries(peer.examplesPerSecond).map(([id, theirs]) => [id, round1(properties[id].examplesPerSecond / theirs)]),
);
/** The same ratio in process time: on a loaded machine the two sides are slowed at different moments, their process times much less. */
const examplesPerCpuSecondRatioToPeer = Object.fromEntries(
  Object.entries(peer.examplesPerCpuSecond).map(([id, theirs]) => [id, round1(properties[id].examplesPerCpuSecond / theirs)]),
);
/** The same ratio between the two sides' first runs (ours: the JIT compiling as it goes; theirs: Hypothesis's first-call costs). */
const firstRunExamplesPerCpuSecondRatioToPeer = Object.fromEntries(
  Object.entries(peer.firstRunExamplesPerCpuSecond).map(([id, theirs]) => [id, round1(properties[id].firstRunExamplesPerCpuSecond / theirs)]),
);
const shrinkTimeRatioToPeer = Object.fromEntries(
  Object.entries(peer.shrinkMs).map(([id, wrong]) => [
    id,
    Object.fromEntries(Object.entries(wrong).flatMap(([w, theirs]) => (theirs && properties[id]?.shrinkMs[w] !== undefined ? [[w, Math.round((100 * properties[id].shrinkMs[w]) / theirs) / 100]] : []))),
  ]),
);

/**
 * The claim-file checks against their peers: the answer times 1 + δ (one edit of the file's text,
 * as a wrong answer is written), refuted or not within a default run (100 examples).
 */
const DELTAS = ['1e-2', '1e-3', '1e-6', '1e-9', '1e-12'];
const nudged: Record<string, { from: string; to: (delta: string) => string }> = {
  '02MLP-p3': { from: 's.grad[b, j] += p[b, j] * (p.grad[b, j] + e[b])', to: (delta) => `s.grad[b, j] += p[b, j] * (p.grad[b, j] + e[b]) * (1 + ${delta})` },
  'P6.bias': { from: 'answer: -d*mu_w*mu_x', to: (delta) => `answer: -d*mu_w*mu_x*(1 + ${delta})` },
};
const claimPeers = Object.fromEntries(
  Object.entries(nudged).map(([id, { from, to }]) => {
    const claim = REGISTRY.find((c) => c.id === id);
    if (!claim || claim.status !== 'built' || !claim.property) return [id, { error: `${id} is not a built claim` }];
    const prop = claim.property as (typeof claim)['property'] & { reference: { answer: string } };
    const text = prop.reference.answer;
    const refutes = Object.fromEntries(DELTAS.map((delta) => [delta, trial(id, prop, `times-1+${delta}`, text.replace(from, to(delta)), run).failed]));
    const theirs = peer.examplesPerSecond[id];
    return [
      id,
      {
        examplesPerSecond: properties[id].examplesPerSecond,
        peerExamplesPerSecond: theirs ?? null,
        ratio: theirs ? round1(properties[id].examplesPerSecond / theirs) : null,
        examplesPerCpuSecond: properties[id].examplesPerCpuSecond,
        peerExamplesPerCpuSecond: peer.examplesPerCpuSecond[id] ?? null,
        cpuRatio: examplesPerCpuSecondRatioToPeer[id] ?? null,
        refutesRelativeError: refutes,
        peerRefutesRelativeError: peers.find((p) => p.refutesRelativeError)?.refutesRelativeError?.[id] ?? null,
      },
    ];
  }),
);

/**
 * The gradient check at scale: one example of a claim-file `gradient` claim with every size set to
 * n (so n² entries for the softmax, N·H·W·C = n⁴ for P1's), timed once per size, smallest first,
 * in wall time and process time. From FLOAT64_FROM input entries the check runs on its float64
 * path (oracles/checks/gradient.ts): each point says which path decided and, for float64, how
 * many entries it resolved to a relative 1e-12 and the coarsest resolution of the rest. The
 * exact path alone (`exact`) is timed too, up to the first example slower than --scale-limit
 * seconds. Values: inputs m/8 (|m| ≤ 32), outGrad −3..3, gradsBefore 1..3, from a seeded stream.
 * At the largest size, `injected`: the answer with one entry off by a relative 1e-12 (one more
 * statement, `T.grad[e] += 1e-12 · (the entry's own term)`), which must be refuted.
 */
function scaleCurve(path: string, claimId: string, sides: readonly number[], exactSides: readonly number[], inject: (x: GradientCase) => { readonly after: string; readonly add: string }) {
  const text = readFileSync(fileURLToPath(new URL(`../${path}`, import.meta.url)), 'utf8');
  const checkOf = (source: string, float64From?: number) => {
    const file = parseClaimFile(source, path);
    return gradientCheck(file, file.claims.find((c) => c.id === claimId)!, { float64From });
  };
  const check = checkOf(text);
  const { signature } = check;
  const caseOf = (n: number): GradientCase => {
    const sizes = Object.fromEntries(signature.sizes.map((s) => [s.name, n]));
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
  };
  const time = (c: typeof check, x: GradientCase) => {
    let verdict = { holds: true } as GradientVerdict;
    let cpu = 0;
    const wall = seconds(() => (cpu = cpuSeconds(() => (verdict = c.check(x)))));
    const entries = Object.values(x.values).reduce((k, v) => k + v.length, 0);
    const float64 = verdict.holds === true ? verdict.float64 : undefined;
    return {
      entries,
      path: float64 || (verdict.holds === false && / \(float64 with running error bounds/.test(verdict.reason)) ? 'float64' : c.numbers,
      wallMs: Math.round(1000 * wall),
      cpuMs: Math.round(1000 * cpu),
      cpuUsPerEntry: round1((1e6 * cpu) / entries),
      holds: verdict.holds,
      ...(verdict.holds === false && { reason: verdict.reason.slice(0, 300) }),
      ...(float64 && { resolved: float64.resolved, limited: float64.limited, resolution: float64.resolution, coarsest: String(float64.coarsest) }),
    };
  };
  const points = sides.map((n) => time(check, caseOf(n)));
  const exactCheck = checkOf(text, Infinity);
  const exact: ReturnType<typeof time>[] = [];
  for (const n of exactSides) {
    exact.push(time(exactCheck, caseOf(n)));
    if (exact[exact.length - 1].wallMs > 1000 * Number(values['scale-limit'])) break;
  }
  const largest = caseOf(sides[sides.length - 1]);
  const { after, add } = inject(largest);
  if (!text.includes(after)) throw new Error(`bench: "${after}" is not in ${path}`);
  const injected = { statement: add.trim(), ...time(checkOf(text.replace(after, `${after}\n${add}`)), largest) };
  return { claim: claimId, numbers: check.numbers, float64From: FLOAT64_FROM, points, exact, injected };
}
const atScale = [
  scaleCurve('exams/course-02MLP/p3.claims', '02MLP-p3', [3, 10, 32, 100, 316, 1000], [3, 10, 32, 100, 316], (x) => {
    const [b, j] = [Math.ceil(x.sizes.B / 3), Math.ceil(x.sizes.J / 7)];
    return { after: '  for b, j: s.grad[b, j] += p[b, j] * (p.grad[b, j] + e[b])', add: `  s.grad[${b}, ${j}] += 1e-12 * p[${b}, ${j}] * (p.grad[${b}, ${j}] + e[${b}])` };
  }),
  scaleCurve('exams/midterm-practice/p1.claims', 'P1.backward', [2, 3, 6, 10, 18, 32], [2, 3, 6, 10, 18], (x) => {
    // the middle entry, moved on to the first where L'.grad and A are nonzero (else the added term is 0)
    const C = x.sizes.C;
    let k = x.outGrad["L'"].length >> 1;
    while (x.outGrad["L'"][k] === 0 || x.values.A[k % C] === 0) k++;
    const at = [x.sizes.N, x.sizes.H, x.sizes.W, C].reduceRight<number[]>((idx, n, axis) => (idx.unshift((Math.floor(k / [x.sizes.H * x.sizes.W * C, x.sizes.W * C, C, 1][axis]) % n) + 1), idx), []).join(', ');
    return { after: "  for b, x, y, c: L.grad[b, x, y, c] += L'.grad[b, x, y, c] * A[c]", add: `  L.grad[${at}] += 1e-12 * L'.grad[${at}] * A[${at.split(', ')[3]}]` };
  }),
];

/** The default suite as course staff run it: `npm test` (type check and every test), wall time. */
const suite = values['no-suite'] ? null : (() => {
  const started = performance.now();
  const r = spawnSync('npm', ['test'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'ignore', env: { ...process.env, EXAMCHECK_SEED: String(run.seed) } });
  return { command: 'npm test', seconds: round1((performance.now() - started) / 1000), exitCode: r.status };
})();

const shrinks = Object.values(properties).flatMap((p) => Object.values(p.shrinkMs));
console.log(
  JSON.stringify(
    {
      machine: { node: process.version, cpus: (await import('node:os')).cpus().length, date: new Date().toISOString().slice(0, 10) },
      seed: run.seed,
      profile: run.profile.name,
      runsPerProperty: heavy.profile.numRuns,
      properties,
      slowestShrinkMs: Math.max(...shrinks),
      peer,
      examplesPerSecondRatioToPeer,
      examplesPerCpuSecondRatioToPeer,
      firstRunExamplesPerCpuSecondRatioToPeer,
      shrinkTimeRatioToPeer,
      claimPeers,
      atScale,
      defaultSuite: suite,
    },
    null,
    2,
  ),
);
