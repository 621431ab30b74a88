/**
 * `npm run bench`: speed, as JSON on stdout.
 * - examples/s of every built property on its reference answer (default profile shapes), or on
 *   the corrected reading where the reference is refuted by design;
 * - time to find and shrink each wrong answer's counterexample (target: under 1 s each);
 * - in the same run, the Python Hypothesis + numpy peers for Problems 1, 2 and 8
 *   (bench/peer_*.py): our examples/s ÷ theirs, and our find-and-shrink time ÷ theirs;
 * - the wall time of the default suite (`npm test`).
 * Options: --runs N (examples per property, default 1000), --seed S.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveRun } from '../properties/profile.ts';
import { REGISTRY } from '../properties/registry.ts';
import { trial } from '../properties/run.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' } } });
const run = resolveRun({ seed: values.seed });
const heavy = { ...run, profile: { ...run.profile, numRuns: Number(values.runs) } };
const seconds = (f: () => void) => {
  const t = performance.now();
  f();
  return (performance.now() - t) / 1000;
};
/** The median of five timings in ms: one timing of a large case is as much the GC's as the code's. */

const properties: Record<string, { examplesPerSecond: number; shrinkMs: Record<string, number> }> = {};
for (const claim of REGISTRY) {
  if (claim.status !== 'built' || !claim.property) continue;
  const prop = claim.property;
  // a reference refuted by design (a finding) stops at its first failure: time the corrected reading
  const answer = claim.expected === 'refuted' ? (prop.errata?.[0]?.fixed ?? prop.reference.answer) : prop.reference.answer;
  seconds(() => trial(claim.id, prop, 'reference', answer, { ...run, profile: { ...run.profile, numRuns: 50 } })); // warm up the JIT
  let runs = 0;
  const elapsed = seconds(() => (runs = trial(claim.id, prop, 'reference', answer, heavy).runs));
  const shrinkMs = Object.fromEntries(
    prop.wrongAnswers.map((w) => [w.id, Math.round(1000 * seconds(() => trial(claim.id, prop, w.id, w.answer, run)) * 10) / 10]),
  );
  properties[claim.id] = { examplesPerSecond: Math.round(runs / elapsed), shrinkMs };
}


/** The Hypothesis + numpy peers (bench/peer_*.py) for P1, P2 and P8, in the same run. */
const peers = ['peer_p1.py', 'peer_p2.py', 'peer_p8.py'].map((script) => {
  const peerRun = spawnSync('python3', [fileURLToPath(new URL(script, import.meta.url)), '300'], { encoding: 'utf8' });
  return peerRun.status === 0 ? JSON.parse(peerRun.stdout) : { error: `${script}: ${(peerRun.stderr || String(peerRun.error)).trim().split('\n').pop()}` };
});
const peer = {
  peer: peers.find((p) => p.peer)?.peer,
  errors: peers.flatMap((p) => (p.error ? [p.error] : [])),
  examplesPerSecond: Object.assign({}, ...peers.map((p) => p.examplesPerSecond ?? {})) as Record<string, number>,
  shrinkMs: Object.assign({}, ...peers.map((p) => p.shrinkMs ?? {})) as Record<string, Record<string, number | null>>,
  gradcheckRefutesRelativeError: peers[0].gradcheckRefutesRelativeError,
};
const round1 = (x: number) => Math.round(10 * x) / 10;
const examplesPerSecondRatioToPeer = Object.fromEntries(
  Object.entries(peer.examplesPerSecond).map(([id, theirs]) => [id, round1(properties[id].examplesPerSecond / theirs)]),
);
const shrinkTimeRatioToPeer = Object.fromEntries(
  Object.entries(peer.shrinkMs).map(([id, wrong]) => [
    id,
    Object.fromEntries(Object.entries(wrong).flatMap(([w, theirs]) => (theirs && properties[id]?.shrinkMs[w] !== undefined ? [[w, Math.round((100 * properties[id].shrinkMs[w]) / theirs) / 100]] : []))),
  ]),
);

/** The default suite as course staff run it: `npm test` (type check and every test), wall time. */
const suite = (() => {
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
      shrinkTimeRatioToPeer,
      defaultSuite: suite,
    },
    null,
    2,
  ),
);
