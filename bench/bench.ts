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
 * - the gradient check at scale: one example of a `gradient` claim at 10 … 10⁶ entries (a softmax,
 *   P1's backward, and a convolution's backward written from 03CNNs-p2's program), wall and
 *   process time per example and per entry, on the path the check takes (float64 from
 *   FLOAT64_FROM entries) and on the exact path alone until one example takes longer than
 *   --scale-limit seconds, and a relative 1e-12 error in one entry of the answer at 10⁶;
 * - the wall time of the default suite (`npm test`), unless --no-suite.
 * Options: --runs N (examples per property, default 1000), --seed S, --scale-limit S (default 20),
 * --no-suite, --help. The machine may be shared: every ratio pairs two timings of the same run.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveRun } from '../properties/profile.ts';
import { REGISTRY } from '../properties/registry.ts';
import { trial } from '../properties/run.ts';
import { scaleCurves } from './scale.ts';
import { cpuSeconds, round1, seconds } from './timing.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' }, 'scale-limit': { type: 'string', default: '20' }, 'no-suite': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
});
if (values.help) {
  console.log(`npm run bench -- [--runs N] [--seed S] [--scale-limit S] [--no-suite]: speed, as JSON (bench/bench.ts's comment says what).
The at-scale part alone (the gradient check from 10 to 10⁶ entries): node bin/run-ts.js bench/scale.ts [--scale-limit S];
its largest example checked 3 times in a fresh process (the first is a first run of everything): node bin/run-ts.js bench/scale.ts --cold 02MLP-p3|P1.backward|conv.backward [--injected].`);
  process.exit(0);
}
const run = resolveRun({ seed: values.seed });
const heavy = { ...run, profile: { ...run.profile, numRuns: Number(values.runs) } };

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

const atScale = scaleCurves(Number(values['scale-limit']));

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
